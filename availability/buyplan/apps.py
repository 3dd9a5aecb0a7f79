from django.apps import AppConfig


class BuyPlanConfig(AppConfig):
    """The cheapest way to buy a user's whole list at their stores; it owns no models."""

    name = "availability.buyplan"
    verbose_name = "Buy plan"
