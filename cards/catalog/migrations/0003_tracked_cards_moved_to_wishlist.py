"""TrackedCard and CardSpec now belong to the `wishlist` app (its migration 0001 took them over):
they leave this app's state. Their tables and rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cards", "0002_spec_amounts"),
        ("wishlist", "0001_moved_from_cards"),
        ("availability", "0008_tracked_card_moved_to_wishlist"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CardSpec"), migrations.DeleteModel(name="TrackedCard")],
            database_operations=[],
        ),
    ]
