"""ExchangeRate now belongs to the `money` app (its migration 0001 took it over): it leaves this
app's state. Its table and rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("availability", "0008_tracked_card_moved_to_wishlist"),
        ("money", "0001_moved_from_availability"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ExchangeRate")],
            database_operations=[],
        ),
    ]
