"""Games (issue 23): each store lists the games whose singles it sells; every existing store sells Magic."""

import stores.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('stores', '0005_store_shipped_values'),
    ]

    operations = [
        migrations.AddField(
            model_name='store',
            name='games',
            field=models.JSONField(default=stores.models.default_games, help_text='The games whose singles the shop sells, the main one first: ["magic", "pokemon", "lorcana"]. Cards of other games are not checked here. add_store fills it from the site\'s links.', validators=[stores.models.validate_games]),
        ),
    ]
