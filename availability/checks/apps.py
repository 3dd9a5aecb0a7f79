from django.apps import AppConfig

from stores.inventory.signals import sync_ended


class ChecksConfig(AppConfig):
    """Checking stores: the check pipeline, its history and latest answers, rechecks, retention.

    Its label stays "availability", as when it was the whole `availability` app: the tables of its
    models (availability_storecheck, availability_offer, availability_latestanswer, …), its
    migration history and its admin URLs are named by the label, so keeping it moved no data.
    """

    name = "availability.checks"
    label = "availability"
    verbose_name = "Checks"

    def ready(self) -> None:
        # Imported here, not above: it imports models, which are not loaded yet when this module is.
        from availability.checks import pipeline

        sync_ended.connect(pipeline.on_sync_ended, dispatch_uid="checks_on_sync_ended")
