from django.apps import AppConfig


class AvailabilityConfig(AppConfig):
    name = "availability"

    def ready(self) -> None:
        from availability import wishlist_push, wishlist_reply

        wishlist_push.connect()
        wishlist_reply.connect()
