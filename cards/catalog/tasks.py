"""Background jobs of the catalog: keeping cards, sets and printings in step with Scryfall."""

from __future__ import annotations

import datetime
import logging

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from cards.catalog.loader import USER_AGENT, load_catalog

logger = logging.getLogger(__name__)

BULK_DATA_URL = "https://api.scryfall.com/bulk-data/default-cards"
SETS_URL = "https://api.scryfall.com/sets"
# Scryfall regenerates bulk files about once a day and asks clients not to fetch them more often.
REFRESH_INTERVAL = datetime.timedelta(hours=24)
LAST_REFRESH_KEY = "cards:catalog:last-refresh"
_RUNNING_KEY = "cards:catalog:refresh-running"
# Longer than any load takes, so a worker killed mid-load doesn't block refreshes forever.
_RUNNING_TIMEOUT = 3 * 60 * 60


def refresh_catalog(
    bulk_data_url: str | None = None, sets_url: str | None = None, *, force: bool = False
) -> str:
    """Load Scryfall's current default_cards file, at most once per REFRESH_INTERVAL.

    Returns a one-line summary (Django-Q keeps it as the task's result). The URLs default to
    Scryfall's, or to settings.SCRYFALL_BULK_DATA_URL / SCRYFALL_SETS_URL when set.
    """
    last = cache.get(LAST_REFRESH_KEY)
    if not force and last and timezone.now() - last < REFRESH_INTERVAL:
        return f"skipped: the catalog was refreshed at {last:%Y-%m-%d %H:%M} UTC"
    # The ORM broker hands a task that outlives its `retry` to a second worker; the claim makes
    # that second copy return instead of downloading the file again.
    if not cache.add(_RUNNING_KEY, timezone.now().isoformat(), timeout=_RUNNING_TIMEOUT):
        return "skipped: another catalog refresh is running"
    try:
        bulk_data_url = bulk_data_url or getattr(settings, "SCRYFALL_BULK_DATA_URL", BULK_DATA_URL)
        download_uri = _download_uri(bulk_data_url)
        report = load_catalog(download_uri, sets_url or getattr(settings, "SCRYFALL_SETS_URL", SETS_URL))
        cache.set(LAST_REFRESH_KEY, timezone.now(), timeout=None)
    finally:
        cache.delete(_RUNNING_KEY)
    logger.info("catalog refreshed from %s: %s", download_uri, report)
    return str(report)


def _download_uri(bulk_data_url: str) -> str:
    """The bulk-data metadata names the current file; its address changes with each regeneration."""
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    response = requests.get(bulk_data_url, headers=headers, timeout=30)
    response.raise_for_status()
    return response.json()["download_uri"]
