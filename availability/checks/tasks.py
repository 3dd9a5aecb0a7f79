"""Rechecks, run by the Django-Q2 cluster (`manage.py qcluster`) on a schedule (ensure_schedules).

The check itself is `pipeline.check_store_card`, queued one per (store, card); the worker's
heartbeat is heartbeat.py.
"""

from __future__ import annotations

from datetime import timedelta

from availability.checks import pipeline, queue, rechecks
from cards.catalog.models import Card
from stores.inventory.modes import REQUESTS_PER_SEARCH
from stores.models import Store

RECHECK_EVERY = timedelta(minutes=5)
# What a check costs in requests, on average, when spreading rechecks under a store's rate limit.
REQUESTS_PER_CHECK = REQUESTS_PER_SEARCH



def recheck_stale() -> int:
    """Queue checks of tracked (store, card) pairs whose answer is stale, most wanted first.

    Runs every RECHECK_EVERY. A store gets at most the checks its rate limit allows over that
    period, chosen by `rechecks.stale_card_ids` (watched, then alerted, then oldest), so rechecks
    spread out over time instead of arriving all at once.
    """
    queued = 0
    for store in Store.objects.filter(enabled=True, chosen_by__isnull=False).distinct():
        if store.is_paused:
            continue
        budget = max(1, int(store.requests_per_second * RECHECK_EVERY.total_seconds() / REQUESTS_PER_CHECK))
        card_ids, backlog = rechecks.stale_card_ids(store, budget)
        rechecks.remember_backlog(store.pk, backlog, lifetime=RECHECK_EVERY * 3)
        cards = Card.objects.in_bulk(card_ids)
        queued += sum(pipeline.queue_check(store, cards[card_id], priority=queue.Priority.BACKGROUND)
                      for card_id in card_ids)
    return queued
