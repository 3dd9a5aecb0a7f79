from django.apps import AppConfig

from availability.checks.signals import answer_ready, answers_ready


class LiveConfig(AppConfig):
    """The dashboard kept live over the WebSocket: it owns no models; it listens."""

    name = "availability.live"
    verbose_name = "Live dashboard"

    def ready(self) -> None:
        # Imported here, not above: they import models, which are not loaded yet when this module is.
        from availability.live import answer_push, wishlist_push, wishlist_reply

        answer_ready.connect(answer_push.on_answer_ready, dispatch_uid="live_answer_push")
        answers_ready.connect(answer_push.on_answers_ready, dispatch_uid="live_answers_push")
        wishlist_push.connect()
        wishlist_reply.connect()
