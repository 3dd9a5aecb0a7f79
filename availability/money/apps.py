from django.apps import AppConfig


class MoneyConfig(AppConfig):
    """Prices and currencies: writing a price in its currency's units, exchange rates, converting."""

    name = "availability.money"
    verbose_name = "Money"
