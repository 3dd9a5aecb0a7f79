from django.apps import AppConfig


class WishlistConfig(AppConfig):
    """What each user wants: tracked cards and their printings, changed through one door (changes.py)."""

    name = "cards.wishlist"
    verbose_name = "Wishlists"
