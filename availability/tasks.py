"""Background work run by the Django-Q2 cluster (`manage.py qcluster`)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from availability import checks, rechecks
from availability.models import WorkerHeartbeat
from cards.catalog.models import Card
from stores.inventory.modes import REQUESTS_PER_SEARCH
from stores.models import Store

RECHECK_EVERY = timedelta(minutes=5)
# What a check costs in requests, on average, when spreading rechecks under a store's rate limit.
REQUESTS_PER_CHECK = REQUESTS_PER_SEARCH


# Checks are queued as "availability.checks.check_store_card". This alias (the same function, not a
# wrapper) keeps tasks queued under the old name before an upgrade runnable by the new workers.
check_store_card = checks.check_store_card


def record_worker_heartbeat() -> None:
    """Prove the worker is alive: /healthz reads this row."""
    WorkerHeartbeat.objects.update_or_create(
        cluster=settings.Q_CLUSTER["name"], defaults={"beat_at": timezone.now()}
    )


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
        queued += sum(checks.queue_check(store, cards[card_id]) for card_id in card_ids)
    return queued
