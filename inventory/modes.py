"""Search card by card, or sync the whole listing? The rule behind a store's `inventory_mode`.

- `search`: every check searches the store for its card (what the project always did).
- `sync`: the store's whole singles listing is read once per freshness period (the store's
  `cache_ttl`), and checks are answered from that index without a request.
- `auto`: sync when a sync costs fewer requests than the searches the store's demand needs in one
  freshness period:

      requests of the last good sync  <  distinct tracked cards at the store × REQUESTS_PER_SEARCH

  Every tracked (store, card) pair is rechecked once per period, and a search costs about
  REQUESTS_PER_SEARCH requests (`availability.tasks.REQUESTS_PER_CHECK`); a sync costs its listing
  pages (plus the product pages Crystal Commerce needs for collector numbers), learnt from the last
  good sync. A store never synced has no known cost: it is synced once to learn it as soon as its
  searches would cost INVENTORY_FIRST_SYNC_REQUESTS (a setting, default 50) per period, which a
  store of a few thousand products repays within a period or two.

Stores whose platform has no listing to read (`scrapers.sync.SYNC_PLATFORMS`) always search.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from availability.tasks import REQUESTS_PER_CHECK
from cards.models import Card
from inventory.models import StoreSync
from scrapers.sync import supports_sync
from stores.models import Store

REQUESTS_PER_SEARCH = REQUESTS_PER_CHECK
# After a failed sync, wait this long before trying again (the schedule runs every few minutes).
RETRY_FAILED_SYNC_AFTER = timedelta(minutes=15)


@dataclass(frozen=True)
class Decision:
    syncs: bool
    why: str


def demand(store: Store) -> int:
    """Distinct cards tracked by the store's shoppers: each is one search per freshness period."""
    return Card.objects.filter(tracked_by__user__chosen_stores__store=store).distinct().count()


def decide(store: Store) -> Decision:
    """Whether the store's checks should come from a synced index, and why (the admin shows it)."""
    if not supports_sync(store.platform):
        platform = store.get_platform_display()
        return Decision(False, f"{platform} has no listing to sync: searches card by card")
    if store.inventory_mode == "search":
        return Decision(False, "searches card by card (mode: search)")
    if store.inventory_mode == "sync":
        return Decision(True, "syncs the whole inventory (mode: sync)")
    searches = demand(store) * REQUESTS_PER_SEARCH
    last = StoreSync.latest_good(store)
    if last is None:
        threshold = settings.INVENTORY_FIRST_SYNC_REQUESTS
        if searches >= threshold:
            return Decision(True, f"auto: never synced, searches would cost {searches} requests a period "
                                  f"(≥ {threshold}): syncing once to learn what a sync costs")
        return Decision(False, f"auto: never synced, searches cost {searches} requests a period "
                               f"(< {threshold})")
    cost = last.requests or last.pages
    if cost < searches:
        return Decision(True, f"auto: a sync costs {cost} requests, searches {searches} a period: syncing")
    return Decision(False, f"auto: a sync costs {cost} requests, searches {searches} a period: searching")


def sync_is_due(store: Store, now: datetime | None = None) -> bool:
    """Time for a new sync: the index would go stale before another one finished, or there is none.

    A sync starts one sync-duration before the index's freshness period ends, so a new index is in
    place before checks would have to fall back to searching.
    """
    now = now or timezone.now()
    latest = store.syncs.exclude(status=StoreSync.Status.RUNNING).order_by("-started_at").first()
    if latest is not None and latest.status == StoreSync.Status.FAILED and latest.finished_at:
        if now - latest.finished_at < RETRY_FAILED_SYNC_AFTER:
            return False
    last = StoreSync.latest_good(store)
    if last is None:
        return True
    return last.finished_at + store.cache_ttl - (last.duration or timedelta()) <= now


def stores_to_sync(now: datetime | None = None) -> list[Store]:
    """Enabled, unpaused stores someone shops at whose mode says sync and whose sync is due."""
    stores = (Store.objects.filter(enabled=True, chosen_by__isnull=False)
              .exclude(inventory_mode="search").distinct())
    return [store for store in stores
            if not store.is_paused and sync_is_due(store, now) and decide(store).syncs]
