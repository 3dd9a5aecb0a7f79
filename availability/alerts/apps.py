from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Telling users what a check changed for them, in the app, by email and by webhook."""

    name = "availability.alerts"
    verbose_name = "Alerts"
