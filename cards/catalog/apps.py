from django.apps import AppConfig


class CatalogConfig(AppConfig):
    """The card catalog. Its label stays "cards", as when it was the whole `cards` app: its tables
    (cards_card, cards_magicset, cards_printing), its migration history and its admin URLs are
    named by the label, so keeping it moved no data."""

    name = "cards.catalog"
    label = "cards"
