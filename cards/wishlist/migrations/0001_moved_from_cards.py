"""TrackedCard and CardSpec move from the `cards` app (now the catalog) to `wishlist`: in Django's
state only. Their tables stay `cards_trackedcard` and `cards_cardspec` (`Meta.db_table`), so no row
moves; their content types follow, with the permissions and admin log entries that point at them."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from lgs_checker.model_moves import moved_content_types

AMOUNT_VALIDATORS = [django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(999)]


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("cards", "0002_spec_amounts"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TrackedCard",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("amount", models.PositiveIntegerField(default=1, validators=AMOUNT_VALIDATORS)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("card", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="tracked_by", to="cards.card")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="tracked_cards", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "cards_trackedcard",
                        "ordering": ["card__name"],
                        "constraints": [
                            models.UniqueConstraint(fields=("user", "card"), name="one_tracked_card_per_user"),
                            models.CheckConstraint(condition=models.Q(("amount__gte", 1)), name="amount_at_least_one"),
                            models.CheckConstraint(condition=models.Q(("amount__lte", 999)), name="amount_at_most_999"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="CardSpec",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("amount", models.PositiveIntegerField(default=1, validators=AMOUNT_VALIDATORS)),
                        ("set_code", models.CharField(blank=True, max_length=10)),
                        ("collector_number", models.CharField(blank=True, max_length=20)),
                        ("finish", models.CharField(blank=True, choices=[("nonfoil", "Non-foil"), ("foil", "Foil"), ("etched", "Etched foil")], max_length=10)),
                        ("tracked_card", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="specs", to="wishlist.trackedcard")),
                    ],
                    options={
                        "db_table": "cards_cardspec",
                        "ordering": ["set_code", "collector_number", "finish"],
                        "constraints": [
                            models.UniqueConstraint(fields=("tracked_card", "set_code", "collector_number", "finish"), name="no_duplicate_spec"),
                            models.CheckConstraint(condition=models.Q(("amount__gte", 1), ("amount__lte", 999)), name="spec_amount_1_to_999"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        moved_content_types("cards", "wishlist", ["trackedcard", "cardspec"]),
    ]
