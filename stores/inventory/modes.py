"""Search card by card, or sync the whole listing? The rule behind a store's `inventory_mode`.

- `search`: every check searches the store for its card (an admin's choice; a search robots.txt
  disallows is then a store error that says so).
- `sync`: the store's whole singles listing is read once per freshness period (the store's
  `cache_ttl`), and checks are answered from that index without a request.
- `auto` (every store's default): first the way the store can be read at all
  (`scrapers.paths.choose_path`: the theme-independent path robots.txt allows). A store whose
  search robots.txt disallows, or that has no search we can use (BinderPOS without its shop), is
  read through its listing only: it syncs from its first check, whatever its demand
  (`Decision.syncs_first`; `inventory.first_sync`). Otherwise sync when a sync costs fewer
  requests than the searches the store's demand needs in one freshness period:

      requests of the last good sync  <  distinct tracked cards at the store × REQUESTS_PER_SEARCH

  Every tracked (store, card) pair is rechecked once per period, and a search costs about
  REQUESTS_PER_SEARCH requests (the average the recheck budget uses too); a sync costs its listing
  pages (plus the product pages Crystal Commerce needs for collector numbers), learnt from the last
  good sync. A store never synced has no known cost: it is synced once to learn it as soon as its
  searches would cost INVENTORY_FIRST_SYNC_REQUESTS (a setting, default 50) per period, which a
  store of a few thousand products repays within a period or two.

Stores whose platform has no listing to read (`scrapers.sync.SYNC_PLATFORMS`) always search, in any
mode. In `sync` mode too a store whose search is disallowed syncs before its first check is answered.

No request is made here: `decide` is called by the admin in the web process, so it reads robots.txt
files from the cache the workers fill (`RobotsRules(cache).cached`). A file never read counts as
allowing the search; the worker reads it before a check's first request (`inventory.first_sync`
passes the worker client's reader), so a disallowed search is never sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from cards.catalog.models import Card
from scrapers.paths import RobotsLookup, StorePath, choose_path
from scrapers.robots import RobotsRules
from scrapers.sync import supports_sync
from stores.inventory.models import StoreSync
from stores.models import Store

# What a check costs in requests, on average (`availability.tasks` spreads rechecks under a store's
# rate limit with it). Defined here so inventory never imports availability, which builds on it.
REQUESTS_PER_SEARCH = 2
# After a failed sync, wait this long before trying again (the schedule runs every few minutes).
RETRY_FAILED_SYNC_AFTER = timedelta(minutes=15)


@dataclass(frozen=True)
class Decision:
    syncs: bool
    why: str
    path: StorePath  # the way the store can be read, as far as robots.txt is known

    @property
    def syncs_first(self) -> bool:
        """The store is read through its listing only: a check waits for a sync, whatever the demand."""
        return self.syncs and not self.path.searches


def demand(store: Store) -> int:
    """Distinct cards tracked by the store's shoppers: each is one search per freshness period."""
    # Cards of games the store does not sell are never searched there.
    return Card.objects.filter(tracked_by__user__chosen_stores__store=store, game__in=store.games or ["magic"]
                               ).distinct().count()


def store_path(store: Store, robots: RobotsLookup | None = None) -> StorePath:
    """The way the store's checks read it; `robots` defaults to the files in the cache (no request)."""
    return choose_path(store.scraper_config(), robots or RobotsRules(cache).cached)


def listing_only(store: Store, robots: RobotsLookup | None = None) -> StorePath | None:
    """The path of a store its mode lets read through its listing only (its search disallowed, or
    none we can use); None when its checks may search. Cheaper than `decide`: no demand query."""
    if store.inventory_mode == "search" or not supports_sync(store.platform):
        return None
    path = store_path(store, robots)
    return None if path.searches else path


def decide(store: Store, robots: RobotsLookup | None = None) -> Decision:
    """Whether the store's checks should come from a synced index, and why (the admin shows it)."""
    path = store_path(store, robots)
    if not supports_sync(store.platform):
        platform = store.get_platform_display()
        return Decision(False, f"{platform} has no listing to sync: searches card by card", path)
    if store.inventory_mode == "search":
        blocked = "" if path.searches else f"; its search cannot be used ({path.why}): auto would sync it"
        return Decision(False, f"searches card by card (mode: search){blocked}", path)
    if not path.searches:
        return Decision(True, f"{store.inventory_mode}: syncs from its first check, whatever its demand, "
                              f"because {path.why}", path)
    if store.inventory_mode == "sync":
        return Decision(True, "syncs the whole inventory (mode: sync)", path)
    return _by_cost(store, path)


def _by_cost(store: Store, path: StorePath) -> Decision:
    """`auto` for a store that can be searched: whichever way costs the store fewer requests."""
    searches = demand(store) * REQUESTS_PER_SEARCH
    last = StoreSync.latest_good(store)
    if last is None:
        threshold = settings.INVENTORY_FIRST_SYNC_REQUESTS
        if searches >= threshold:
            return Decision(True, f"auto: never synced, searches would cost {searches} requests a period "
                                  f"(≥ {threshold}): syncing once to learn what a sync costs", path)
        return Decision(False, f"auto: never synced, searches cost {searches} requests a period "
                               f"(< {threshold})", path)
    cost = last.requests or last.pages
    if cost < searches:
        return Decision(True, f"auto: a sync costs {cost} requests, searches {searches} a period: syncing", path)
    return Decision(False, f"auto: a sync costs {cost} requests, searches {searches} a period: searching", path)


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
