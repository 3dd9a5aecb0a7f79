"""Every store reads the path robots.txt allows: `auto` becomes the default inventory mode.

Until now every store was created with `inventory_mode = "search"`: the field's default, which the
directory, `add_store`, the admin's forms and the sample stores all left alone. So a store still on
`search` is one nobody chose a mode for, and moving it to `auto` loses no admin's choice. In `auto`
a store whose search robots.txt disallows is read through its listing (Shopify's older default
robots.txt refuses `/search/suggest.json`), instead of answering every check with "blocked by
robots.txt"; a store whose platform has no listing searches as before.

Going back only restores the old default: a store moved here stays in `auto`, since after this
migration an admin may have chosen `auto` on purpose and the two can no longer be told apart.
"""

from django.db import migrations, models


def search_to_auto(apps, schema_editor):
    Store = apps.get_model("stores", "Store")
    Store.objects.filter(inventory_mode="search").update(inventory_mode="auto")


class Migration(migrations.Migration):

    dependencies = [
        ("stores", "0003_store_country"),
    ]

    operations = [
        migrations.AlterField(
            model_name="store",
            name="inventory_mode",
            field=models.CharField(
                choices=[
                    ("search", "Search card by card"),
                    ("sync", "Sync the whole inventory"),
                    ("auto", "Automatic: search where robots.txt allows it and it costs fewer requests, else sync"),
                ],
                default="auto",
                help_text="How checks learn the store's stock; see docs/scaling.md (sync).",
                max_length=10,
            ),
        ),
        migrations.RunPython(search_to_auto, migrations.RunPython.noop),
    ]
