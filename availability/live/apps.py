from django.apps import AppConfig


class LiveConfig(AppConfig):
    """The dashboard kept live over the WebSocket: it owns no models; it listens."""

    name = "availability.live"
    verbose_name = "Live dashboard"

    def ready(self) -> None:
        from availability.live import wishlist_push, wishlist_reply

        wishlist_push.connect()
        wishlist_reply.connect()
