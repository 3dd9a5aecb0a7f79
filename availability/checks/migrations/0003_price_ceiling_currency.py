"""A price ceiling carries its currency.

Ceilings saved before had none and were compared with every offer's number whatever its currency.
Each existing ceiling gets the currency most of the user's chosen stores price in (USD when they
chose none), which is what the user most likely meant.
"""

from django.db import migrations, models


def usual_currency(chosen_stores, user_id) -> str:
    currencies = list(chosen_stores.filter(user_id=user_id).values_list("store__currency", flat=True))
    return max(sorted(set(currencies)), key=currencies.count) if currencies else "USD"


def give_ceilings_a_currency(apps, schema_editor):
    AlertSettings = apps.get_model("availability", "AlertSettings")
    AlertRule = apps.get_model("availability", "AlertRule")
    ChosenStore = apps.get_model("stores", "ChosenStore")
    # The database being migrated: locally the channel layer's database is migrated too, after
    # the default one, whose alert settings have moved on since (no time zone).
    db = schema_editor.connection.alias
    chosen_stores = ChosenStore.objects.using(db)
    for preferences in AlertSettings.objects.using(db).filter(max_price__isnull=False):
        preferences.max_price_currency = usual_currency(chosen_stores, preferences.user_id)
        preferences.save(update_fields=["max_price_currency"])
    for rule in AlertRule.objects.using(db).filter(max_price__isnull=False).select_related("tracked_card"):
        rule.max_price_currency = usual_currency(chosen_stores, rule.tracked_card.user_id)
        rule.save(update_fields=["max_price_currency"])


class Migration(migrations.Migration):

    dependencies = [
        ('availability', '0002_alerts'),
        ('stores', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='alertrule',
            name='max_price_currency',
            field=models.CharField(blank=True, help_text='ISO 4217, e.g. USD.', max_length=3),
        ),
        migrations.AddField(
            model_name='alertsettings',
            name='max_price_currency',
            field=models.CharField(blank=True, help_text='ISO 4217, e.g. USD.', max_length=3),
        ),
        migrations.RunPython(give_ceilings_a_currency, migrations.RunPython.noop),
    ]
