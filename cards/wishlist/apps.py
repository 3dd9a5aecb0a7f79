from django.apps import AppConfig


class WishlistConfig(AppConfig):
    name = "cards.wishlist"
    verbose_name = "Wishlists"
