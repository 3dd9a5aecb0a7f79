"""Inventory sync in the Django-Q2 cluster: a schedule finds due stores, one task syncs each."""

from __future__ import annotations

from django_q.tasks import async_task

from inventory import modes
from inventory.sync import sync_store
from scrapers.sync import supports_sync
from stores.models import Store

# A big store's sync runs for many minutes at its rate limit; the cluster's default timeout is
# sized for one check.
SYNC_TIMEOUT_SECONDS = 3600


def queue_due_syncs() -> int:
    """The schedule's job: queue a sync of every store that is due (see inventory.modes)."""
    due = modes.stores_to_sync()
    return sum(queue_sync(store) for store in due)


def queue_sync(store: Store) -> bool:
    """Queue a sync of the store; False when its platform has no listing to sync.

    The ORM broker hands a task still running after `Q_RETRY` seconds to another worker; that
    second run finds the store's sync lock taken and ends at once (`inventory.sync.sync_store`).
    """
    if not supports_sync(store.platform):
        return False
    async_task("inventory.tasks.sync_store_task", store.pk, timeout=SYNC_TIMEOUT_SECONDS,
               task_name=f"sync inventory of {store.slug}"[:100], group="inventory sync")
    return True


def sync_store_task(store_id: int) -> str:
    store = Store.objects.filter(pk=store_id).first()
    if store is None:
        return "gone"
    sync = sync_store(store)
    return sync.status if sync is not None else "already running"
