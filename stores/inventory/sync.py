"""Running a store's inventory sync and installing its index atomically.

    sync_store(store)   read the whole listing (scrapers.sync), then swap the index in one go

The new index becomes visible in one transaction (its items and the `ok` mark together); until
then checks keep reading the previous one. A sync that fails leaves nothing behind but a `failed`
`StoreSync` row saying where and why, and a store failure (health "failing", the reason naming the
index still in use), like a failed check.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

import scrapers
from scrapers.http import HttpClient
from scrapers.listing import ListedProduct
from scrapers.result import OK
from scrapers.sync import SyncResult, read_inventory
from stores.client import worker_client
from stores.inventory import modes
from stores.inventory.models import InventoryItem, StoreSync
from stores.models import Store

# Longer than any sync takes (2,000 pages at 1 request a second is 33 minutes), so two workers
# never sync one store at once; the lock is released as soon as the sync ends.
LOCK_SECONDS = 2 * 3600
KEEP_SYNC_ROWS = 20
BATCH = 1000


def lock_key(store_id: int) -> str:
    return f"inventory-sync:{store_id}"


def sync_store(store: Store, client: HttpClient | None = None) -> StoreSync | None:
    """Sync the store now; None when another sync of it is running."""
    if not cache.add(lock_key(store.pk), 1, timeout=LOCK_SECONDS):
        return None
    try:
        sync = StoreSync.objects.create(store=store)

        def progress(page: int) -> None:  # the admin shows how far a running sync got
            StoreSync.objects.filter(pk=sync.pk).update(pages=page)

        result = read_inventory(store.scraper_config(), client or worker_client(), on_page=progress)
        if result.status == OK:
            _install(store, sync, result)
        else:
            _fail(store, sync, result)
        _forget_old_syncs(store)
        return sync
    finally:
        cache.delete(lock_key(store.pk))


def _install(store: Store, sync: StoreSync, result: SyncResult) -> None:
    with transaction.atomic():
        InventoryItem.objects.bulk_create(_items(sync, result.products), batch_size=BATCH)
        sync.status, sync.finished_at = StoreSync.Status.OK, timezone.now()
        sync.pages, sync.requests = result.pages, result.requests
        sync.products, sync.offers = len(result.products), result.offers
        sync.save()
    # Readers pick the newest good sync in the same statement as its items, so the old rows can
    # go once the new ones are committed.
    InventoryItem.objects.filter(sync__store=store).exclude(sync=sync).delete()
    store.record_check(scrapers.SearchResult.from_offers([], requests=result.requests))  # the store answered


def _items(sync: StoreSync, products: list[ListedProduct]):
    # One row per key a listing is found under (its name's, and each card id its title states:
    # "Nami - OP01-016 (Parallel)" is found by "Nami" and by "OP01-016"), each under its game.
    for product in products:
        for key in product.card_keys:
            for offer in product.offers:
                yield InventoryItem(sync=sync, game=product.game, card_key=key, title=product.title[:300],
                                    set_name=product.set_name[:200], offer=offer.to_json(),
                                    read_at=product.read_at)


def _fail(store: Store, sync: StoreSync, result: SyncResult) -> None:
    sync.status, sync.finished_at = StoreSync.Status.FAILED, timezone.now()
    sync.pages, sync.requests, sync.error = result.pages, result.requests, result.reason
    sync.save()
    store.record_check(scrapers.SearchResult.error(
        f"inventory sync failed on {result.reason}; {_fallback(store)}", requests=result.requests
    ))


def _fallback(store: Store) -> str:
    previous = StoreSync.latest_good(store)
    if previous is None and modes.decide(store).syncs_first:
        return "the store is read through its listing only: its checks give this error, then wait for a new sync"
    if previous is None:
        return "checks search the store card by card until a sync succeeds"
    when = timezone.localtime(previous.finished_at).strftime("%Y-%m-%d %H:%M")
    return f"checks still answer from the index synced {when}"


def _forget_old_syncs(store: Store) -> None:
    keep = store.syncs.order_by("-started_at").values_list("pk", flat=True)[:KEEP_SYNC_ROWS]
    store.syncs.exclude(pk__in=list(keep)).exclude(status=StoreSync.Status.OK).delete()
    # An old good sync has no items left (see _install); only the newest good one matters.
    newest = StoreSync.latest_good(store)
    if newest is not None:
        older = store.syncs.filter(status=StoreSync.Status.OK).exclude(pk=newest.pk)
        older.exclude(pk__in=list(keep)).delete()
