"""Rechecks, run by the Django-Q2 cluster (`manage.py qcluster`) on a schedule (ensure_schedules).

The check itself is `pipeline.check_store_card`, one per (store, card), waiting in the QueuedCheck
table (queue.py) until the cluster's dispatcher hands it to a worker; the dispatcher also writes
the worker's heartbeat (dispatcher.py).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from availability.checks import bulk, pipeline, queue, rechecks
from cards.catalog.models import Card
from stores.inventory.index import index_answers
from stores.inventory.modes import REQUESTS_PER_SEARCH
from stores.models import Store

logger = logging.getLogger(__name__)
RECHECK_EVERY = timedelta(minutes=5)
# A store whose index answers costs no request per pair: all its stale pairs are answered at once.
INDEX_BUDGET = bulk.ALL_STALE
# What a check costs in requests, on average, when spreading rechecks under a store's rate limit.
REQUESTS_PER_CHECK = REQUESTS_PER_SEARCH


def recheck_stale() -> int:
    """Queue checks of tracked (store, card) pairs whose answer is stale, most wanted first.

    Runs every RECHECK_EVERY. A store gets at most the checks its rate limit allows over that
    period, chosen by `rechecks.stale_card_ids` (watched, then alerted, then oldest), so rechecks
    spread out over time instead of arriving all at once.

    A store whose fresh index answers its checks (a synced store) queues no check: one task for the
    store answers all its stale pairs from the index in one pass (`bulk.answer_stale_pairs`), if
    it has any.
    """
    queued = 0
    for store in Store.objects.filter(enabled=True, chosen_by__isnull=False).distinct():
        if store.is_paused:
            continue
        if index_answers(store):
            queued += bulk.queue_index_answers(store)
            rechecks.remember_backlog(store.pk, rechecks.Backlog(stale=0, budget=INDEX_BUDGET),
                                      lifetime=RECHECK_EVERY * 3)
            continue
        budget = max(1, int(store.requests_per_second * RECHECK_EVERY.total_seconds() / REQUESTS_PER_CHECK))
        card_ids, backlog = rechecks.stale_card_ids(store, budget)
        rechecks.remember_backlog(store.pk, backlog, lifetime=RECHECK_EVERY * 3)
        cards = Card.objects.in_bulk(card_ids)
        queued += sum(pipeline.queue_check(store, cards[card_id], priority=queue.Priority.BACKGROUND)
                      for card_id in card_ids)
    return queued
