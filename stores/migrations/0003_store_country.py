import json
from pathlib import Path

from django.db import migrations, models

DIRECTORY = Path(__file__).resolve().parents[1] / "data" / "directory.json"


def fill_from_directory(apps, schema_editor):
    """Stores already synced from the directory get its country and, where blank, its region."""
    Store = apps.get_model("stores", "Store")
    for entry in json.loads(DIRECTORY.read_text(encoding="utf-8")):
        Store.objects.filter(slug=entry["slug"], country="").update(country=entry.get("country", ""))
        if entry.get("region"):
            Store.objects.filter(slug=entry["slug"], region__in=["", "Chile"]).update(region=entry["region"])
        else:
            Store.objects.filter(slug=entry["slug"], region="Chile").update(region="")


class Migration(migrations.Migration):

    dependencies = [
        ("stores", "0002_store_inventory_mode"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="store",
            options={"ordering": ["country", "region", "city", "name"]},
        ),
        migrations.AddField(
            model_name="store",
            name="country",
            field=models.CharField(blank=True, help_text="Stores are grouped by country, then region.", max_length=100),
        ),
        migrations.RunPython(fill_from_directory, migrations.RunPython.noop),
    ]
