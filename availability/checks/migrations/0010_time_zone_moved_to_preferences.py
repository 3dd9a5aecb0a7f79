"""The time zone is a preference of the user's, not an alert setting: preferences 0002 copied it
to `Preferences.time_zone`, and the alert settings drop it."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("availability", "0009_exchange_rate_moved_to_money"),
        ("preferences", "0002_time_zones_from_alert_settings"),
    ]

    operations = [migrations.RemoveField(model_name="alertsettings", name="time_zone")]
