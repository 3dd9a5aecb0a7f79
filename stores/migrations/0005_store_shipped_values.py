"""Stores remember what the app wrote to them, so a restart keeps what an admin changed.

`shipped_values` holds the values the directory or `register_sample_stores` last wrote
(stores/provisioning.py). Rows from before start empty, which reads as "every field is the
admin's": a directory store is left alone, as the release step always did. The sample stores are
the exception: until now every `make run` rewrote all their fields, so their values are what the
app last wrote, unless an admin changed one since the last run (which that run would have undone
anyway). They are recorded as shipped, so a sample store server moved to another port is followed
on the next `make run`.

Going back drops the column: nothing else reads it.
"""

from django.db import migrations, models

# As register_sample_stores writes them (the names stay here: a migration must not import app code).
SAMPLE_REGION = "Sample stores (local)"
SAMPLE_FIELDS = (
    "name", "homepage", "platform", "settings", "currency", "region", "city", "requests_per_second", "enabled",
)


def record_sample_stores(apps, schema_editor):
    Store = apps.get_model("stores", "Store")
    for store in Store.objects.filter(region=SAMPLE_REGION, slug__startswith="sample-"):
        store.shipped_values = {field: getattr(store, field) for field in SAMPLE_FIELDS}
        store.save(update_fields=["shipped_values"])


class Migration(migrations.Migration):

    dependencies = [
        ("stores", "0004_inventory_mode_auto"),
    ]

    operations = [
        migrations.AddField(
            model_name="store",
            name="shipped_values",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(record_sample_stores, migrations.RunPython.noop),
    ]
