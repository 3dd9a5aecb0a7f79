from django.apps import AppConfig


class PreferencesConfig(AppConfig):
    """A user's preferences that are not about any one feature: today, the time zone they read times in."""

    name = "availability.preferences"
    verbose_name = "Preferences"
