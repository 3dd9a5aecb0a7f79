"""Games (issue 23): a card's kind in its game (Pokémon's supertype, One Piece's LEADER), which deck lists group by; blank for Magic."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cards', '0004_games'),
    ]

    operations = [
        migrations.AddField(
            model_name='card',
            name='kind',
            field=models.CharField(blank=True, max_length=40),
        ),
    ]
