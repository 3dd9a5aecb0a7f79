"""A store read through its listing only answers its checks from a synced index, from the first one.

A store whose search robots.txt disallows (an older Shopify default file), or that has no search we
can use (a BinderPOS store without its shop), is read through its whole listing
(`inventory.modes.Decision.syncs_first`). Searching it would send a request the owner asked us not
to send, and an empty answer would read "not in stock"; so a check of such a store with no fresh
index (`answer_from_index` gave none) comes here, in the worker, before any search:

    result = before_searching(store)
    None            the store is searched as usual
    a result        the store's last sync failed a moment ago: its error, so the pair gets an
                    honest store error instead of waiting for ever (the schedule retries the sync)
    WaitingForSync  (raised) a sync of the store is queued or running: the check ends without an
                    answer (the cell keeps "checking…") and is asked again when the sync ends

How a check waits for the sync (the choice): it neither runs the sync itself nor sits polling in
its worker. A whole listing can take longer than a check's task timeout (`Q_TIMEOUT`, 120 s:
100,000 Shopify products are 400 pages at one request a second), and a worker that is killed
mid-sync leaves the store's sync lock taken for two hours. Polling would hold one worker per
waiting card (a store's first dashboard is dozens of checks) while the sync itself waits in the
queue behind them. So the first check queues the sync as its own task, with the sync's timeout
(`inventory.tasks.queue_first_sync`, once however many checks ask), and every check of the store
until it ends returns at once; when it ends, the sync's task answers every tracked card of the store
from the new index in one pass, without a request (availability/checks/bulk.py). If that task is lost, the
five-minute recheck asks for the never-answered pairs again and the schedule syncs the store.
"""

from __future__ import annotations

from django.utils import timezone

import scrapers
from stores.client import worker_client
from stores.inventory import modes
from stores.inventory.models import StoreSync
from stores.inventory.tasks import queue_first_sync
from stores.models import Store


class WaitingForSync(Exception):
    """The check has no answer until the store's sync ends; it is queued again then."""

    status = "waiting for the store's sync"


def before_searching(store: Store) -> scrapers.SearchResult | None:
    """What a check with no fresh index does instead of searching: see the module docstring."""
    path = modes.listing_only(store, robots=worker_client().robots_file)  # reads robots.txt if unknown
    if path is None:
        return None
    failed = _failed_just_now(store)
    if failed is not None:
        return scrapers.SearchResult.error(f"inventory sync failed on {failed.error}; {path.why}, "
                                           "so the store is read through its listing only")
    queue_first_sync(store)
    raise WaitingForSync


def _failed_just_now(store: Store) -> StoreSync | None:
    """The store's latest finished sync, if it failed within the retry wait of the sync schedule."""
    latest = store.syncs.exclude(status=StoreSync.Status.RUNNING).order_by("-started_at").first()
    if latest is None or latest.status != StoreSync.Status.FAILED or latest.finished_at is None:
        return None
    return latest if timezone.now() - latest.finished_at < modes.RETRY_FAILED_SYNC_AFTER else None

