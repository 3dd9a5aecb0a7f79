"""AlertSettings, AlertRule, Notification and Delivery now belong to the `alerts` app (its migration
0001 took them over): they leave this app's state. Their tables and rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("availability", "0010_time_zone_moved_to_preferences"),
        ("alerts", "0001_moved_from_availability"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Delivery"),
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="AlertRule"),
                migrations.DeleteModel(name="AlertSettings"),
            ],
            database_operations=[],
        ),
    ]
