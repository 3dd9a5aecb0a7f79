"""Stores remember what the app wrote to them, so a restart keeps what an admin changed.

`shipped_values` holds the values the directory or `register_sample_stores` last wrote
(stores/provisioning.py). Rows from before start empty, which reads as "every field is the
admin's": a directory store is left alone, as the release step always did. The sample stores are
the exception, so that a sample store server moved to another port is followed on the next
`make run`: until now every `make run` rewrote all their fields, so what they hold is what the app
last wrote, except what an admin changed since. The fields `register_sample_stores` always wrote
the same way (enabled, the rate, region and city) are recorded with the app's own value, so a
sample store an admin disabled before this migration still reads as the admin's choice and stays
disabled; the others (name, address, settings, currency) are recorded as they are.

Going back drops the column: nothing else reads it.
"""

from django.db import migrations, models

# As register_sample_stores wrote them (kept here: a migration must not import app code).
SAMPLE_REGION = "Sample stores (local)"
ALWAYS_WRITTEN = {"enabled": True, "requests_per_second": 5.0, "region": SAMPLE_REGION, "city": "localhost"}
WRITTEN_AS_THEY_ARE = ("name", "homepage", "platform", "settings", "currency")


def record_sample_stores(apps, schema_editor):
    Store = apps.get_model("stores", "Store")
    for store in Store.objects.filter(region=SAMPLE_REGION, slug__startswith="sample-"):
        store.shipped_values = {**{field: getattr(store, field) for field in WRITTEN_AS_THEY_ARE}, **ALWAYS_WRITTEN}
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
