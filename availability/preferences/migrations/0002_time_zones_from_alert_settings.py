"""Each user's time zone is copied from their alert settings, where it was kept, before the alert
settings lose the field (availability 0010). Unapplied, the zones go back there."""

from django.db import migrations

BATCH = 2000


def copy_from_alert_settings(apps, schema_editor) -> None:
    db = schema_editor.connection.alias
    AlertSettings = apps.get_model("availability", "AlertSettings")
    Preferences = apps.get_model("preferences", "Preferences")
    zones = AlertSettings.objects.using(db).values_list("user_id", "time_zone").order_by("pk")
    rows = [Preferences(user_id=user_id, time_zone=zone) for user_id, zone in zones.iterator(chunk_size=BATCH)]
    Preferences.objects.using(db).bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def copy_back(apps, schema_editor) -> None:
    db = schema_editor.connection.alias
    AlertSettings = apps.get_model("availability", "AlertSettings")
    Preferences = apps.get_model("preferences", "Preferences")
    zones = Preferences.objects.using(db).values_list("user_id", "time_zone").order_by("pk")
    for user_id, zone in zones.iterator(chunk_size=BATCH):
        AlertSettings.objects.using(db).update_or_create(user_id=user_id, defaults={"time_zone": zone})


class Migration(migrations.Migration):

    dependencies = [
        ("preferences", "0001_initial"),
        ("availability", "0009_exchange_rate_moved_to_money"),
    ]

    operations = [migrations.RunPython(copy_from_alert_settings, copy_back)]
