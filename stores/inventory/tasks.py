"""Inventory sync in the Django-Q2 cluster: a schedule finds due stores, one task syncs each.

A store read through its listing only gets its first sync queued by the check that needs it
(`queue_first_sync`, see `stores.inventory.first_sync`); when that sync ends, it says so
(`signals.sync_ended`), as every sync does, and the checks app answers the store's tracked cards from
the new index in one pass (availability/checks/bulk.py).
"""

from __future__ import annotations

from django.core.cache import cache
from django_q.tasks import async_task

from scrapers.sync import supports_sync
from stores.inventory import modes
from stores.inventory.index import is_fresh
from stores.inventory.models import StoreSync
from stores.inventory.signals import sync_ended
from stores.inventory.sync import sync_store
from stores.models import Store

# A big store's sync runs for many minutes at its rate limit; the cluster's default timeout is
# sized for one check.
SYNC_TIMEOUT_SECONDS = 3600


def queue_due_syncs() -> int:
    """The schedule's job: queue a sync of every store that is due (see stores.inventory.modes)."""
    due = modes.stores_to_sync()
    return sum(queue_sync(store) for store in due)


def queue_sync(store: Store, *, answer_checks: bool = False) -> bool:
    """Queue a sync of the store; False when its platform has no listing to sync.

    The ORM broker hands a task still running after `Q_RETRY` seconds to another worker; that
    second run finds the store's sync lock taken and ends at once (`stores.inventory.sync.sync_store`).
    With `answer_checks`, the store's unanswered cards are checked again when it ends.
    """
    if not supports_sync(store.platform):
        return False
    async_task("stores.inventory.tasks.sync_store_task", store.pk, answer_checks=answer_checks,
               timeout=SYNC_TIMEOUT_SECONDS, task_name=f"sync inventory of {store.slug}"[:100],
               group="inventory sync")
    return True


def first_sync_key(store_id: int) -> str:
    return f"inventory-first-sync:{store_id}"


def queue_first_sync(store: Store) -> bool:
    """Queue the sync a check waits for, once however many checks ask; True if this call did."""
    if not cache.add(first_sync_key(store.pk), 1, timeout=SYNC_TIMEOUT_SECONDS):
        return False
    return queue_sync(store, answer_checks=True)


def sync_store_task(store_id: int, answer_checks: bool = False) -> str:
    store = Store.objects.filter(pk=store_id).first()
    if store is None:
        return "gone"
    if answer_checks and is_fresh(store, StoreSync.latest_good(store)):
        outcome = "already synced"  # by the schedule, while this task was queued
    else:
        sync = sync_store(store)
        if sync is None:
            return "already running"  # that sync's task answers the waiting checks when it ends
        outcome = sync.status
    # Every sync that ran says so: the checks app answers the store's tracked cards from the new index
    # in one pass (and checks that found no index were waiting for whichever sync ends first).
    waited = bool(cache.delete(first_sync_key(store.pk))) or answer_checks
    sync_ended.send(sender=StoreSync, store=store, waited=waited)
    return outcome
