from django.apps import AppConfig
from django.db.models.signals import post_save

from availability.checks.signals import check_recorded, checks_recorded


class AlertsConfig(AppConfig):
    """Telling users what a check changed for them, in the app, by email and by webhook."""

    name = "availability.alerts"
    verbose_name = "Alerts"

    def ready(self) -> None:
        # Imported here, not above: they import models, which are not loaded yet when this module is.
        from availability.alerts import detection

        from cards.wishlist.models import TrackedCard

        check_recorded.connect(detection.on_check_recorded, dispatch_uid="alerts_on_check_recorded")
        checks_recorded.connect(detection.on_checks_recorded, dispatch_uid="alerts_on_checks_recorded")
        post_save.connect(detection.on_card_tracked, sender=TrackedCard, dispatch_uid="alerts_on_card_tracked")
