"""Games (issue 23): every card and set belongs to a game (Magic for every existing row); card names and set codes are unique per game, and a printing may be a variant (treatment) under the same number as another (One Piece's parallel arts)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cards', '0003_tracked_cards_moved_to_wishlist'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='printing',
            name='one_printing_per_set_and_number',
        ),
        migrations.AddField(
            model_name='card',
            name='game',
            field=models.CharField(choices=[('magic', 'Magic: The Gathering'), ('pokemon', 'Pokémon TCG'), ('lorcana', 'Disney Lorcana'), ('onepiece', 'One Piece Card Game'), ('yugioh', 'Yu-Gi-Oh!'), ('fab', 'Flesh and Blood')], default='magic', max_length=20),
        ),
        migrations.AddField(
            model_name='magicset',
            name='game',
            field=models.CharField(choices=[('magic', 'Magic: The Gathering'), ('pokemon', 'Pokémon TCG'), ('lorcana', 'Disney Lorcana'), ('onepiece', 'One Piece Card Game'), ('yugioh', 'Yu-Gi-Oh!'), ('fab', 'Flesh and Blood')], db_index=True, default='magic', max_length=20),
        ),
        migrations.AddField(
            model_name='printing',
            name='rarity',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name='printing',
            name='treatment',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AlterField(
            model_name='card',
            name='name',
            field=models.CharField(max_length=300),
        ),
        migrations.AlterField(
            model_name='magicset',
            name='code',
            field=models.CharField(help_text='Lower case, e.g. m10 (Pokémon obf, Lorcana 1, One Piece op01).', max_length=10),
        ),
        migrations.AddIndex(
            model_name='card',
            index=models.Index(fields=['game', 'search_name'], name='card_game_search'),
        ),
        migrations.AddConstraint(
            model_name='card',
            constraint=models.UniqueConstraint(fields=('game', 'name'), name='one_card_per_game_and_name'),
        ),
        migrations.AddConstraint(
            model_name='magicset',
            constraint=models.UniqueConstraint(fields=('game', 'code'), name='one_set_per_game_and_code'),
        ),
        migrations.AddConstraint(
            model_name='printing',
            constraint=models.UniqueConstraint(fields=('magic_set', 'collector_number', 'treatment'), name='one_printing_per_set_number_treatment'),
        ),
    ]
