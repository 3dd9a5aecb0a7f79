"""Games (issue 23): each indexed listing carries its game (Magic for every existing row); lookups are by game and card key."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('inventory', '0002_item_read_at'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='inventoryitem',
            name='inventoryitem_lookup',
        ),
        migrations.AddField(
            model_name='inventoryitem',
            name='game',
            field=models.CharField(default='magic', max_length=20),
        ),
        migrations.AddIndex(
            model_name='inventoryitem',
            index=models.Index(fields=['sync', 'game', 'card_key'], name='inventoryitem_game_lookup'),
        ),
    ]
