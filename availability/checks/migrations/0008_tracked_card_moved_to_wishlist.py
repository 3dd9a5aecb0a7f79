"""Alert rules and notifications point at TrackedCard in its new app, `wishlist`. State only: the
table they point at (`cards_trackedcard`) is the one they always pointed at."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("availability", "0007_fill_latest_answers"),
        ("wishlist", "0001_moved_from_cards"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="alertrule",
                    name="tracked_card",
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="alert_rule", to="wishlist.trackedcard"),
                ),
                migrations.AlterField(
                    model_name="notification",
                    name="tracked_card",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wishlist.trackedcard"),
                ),
            ],
            database_operations=[],
        ),
    ]
