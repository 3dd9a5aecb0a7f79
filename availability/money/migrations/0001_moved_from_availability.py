"""ExchangeRate moves from the `availability` app to `money`: in Django's state only. Its table stays
`availability_exchangerate` (`Meta.db_table`), so no row moves; its content type follows, with the
permissions and admin log entries that point at it."""

from django.db import migrations, models

from lgs_checker.model_moves import moved_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("availability", "0005_exchange_rates"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ExchangeRate",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("currency", models.CharField(help_text="ISO 4217 code, e.g. USD.", max_length=3, unique=True)),
                        ("per_euro", models.DecimalField(decimal_places=6, help_text="Units of this currency for 1 EUR, e.g. 1.0523 for USD.", max_digits=18)),
                        ("as_of", models.DateField(help_text="The day the rate is for.")),
                        ("source", models.CharField(default="admin", help_text="ECB, or admin when typed in.", max_length=40)),
                    ],
                    options={
                        "db_table": "availability_exchangerate",
                        "ordering": ["currency"],
                        "constraints": [models.CheckConstraint(condition=models.Q(("per_euro__gt", 0)), name="rate_is_positive")],
                    },
                ),
            ],
            database_operations=[],
        ),
        moved_content_types("availability", "money", ["exchangerate"]),
    ]
