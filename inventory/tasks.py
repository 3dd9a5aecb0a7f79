"""Inventory sync in the Django-Q2 cluster: a schedule finds due stores, one task syncs each."""

from __future__ import annotations

from django_q.tasks import async_task

from inventory import modes
from inventory.sync import sync_store
from stores.models import Store

# A big store's sync runs for many minutes at its rate limit; the cluster's default timeout is
# sized for one check.
SYNC_TIMEOUT_SECONDS = 3600


def queue_due_syncs() -> int:
    """The schedule's job: queue a sync of every store that is due (see inventory.modes)."""
    due = modes.stores_to_sync()
    for store in due:
        async_task("inventory.tasks.sync_store_task", store.pk, timeout=SYNC_TIMEOUT_SECONDS,
                   task_name=f"sync inventory of {store.slug}"[:100], group="inventory sync")
    return len(due)


def sync_store_task(store_id: int) -> str:
    store = Store.objects.filter(pk=store_id).first()
    if store is None:
        return "gone"
    sync = sync_store(store)
    return sync.status if sync is not None else "already running"
