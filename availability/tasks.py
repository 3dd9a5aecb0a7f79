"""Background work run by the Django-Q2 cluster (`manage.py qcluster`)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import F, Max, Q
from django.utils import timezone

from availability import checks
from availability.models import WorkerHeartbeat
from cards.models import Card
from stores.models import Store

RECHECK_EVERY = timedelta(minutes=5)
# What a check costs in requests, on average, when spreading rechecks under a store's rate limit.
REQUESTS_PER_CHECK = 2


def check_store_card(store_id: int, card_id: int, max_age_seconds: int | None = None) -> str:
    return checks.check_store_card(store_id, card_id, max_age_seconds)


def record_worker_heartbeat() -> None:
    """Prove the worker is alive: /healthz reads this row."""
    WorkerHeartbeat.objects.update_or_create(
        cluster=settings.Q_CLUSTER["name"], defaults={"beat_at": timezone.now()}
    )


def recheck_stale() -> int:
    """Queue checks of tracked (store, card) pairs whose last check is older than the store's TTL.

    Runs every RECHECK_EVERY. A store gets at most the checks its rate limit allows over that
    period, oldest first, so rechecks spread out over time instead of arriving all at once.
    """
    queued = 0
    for store in Store.objects.filter(enabled=True, chosen_by__isnull=False).distinct():
        if store.is_paused:
            continue
        budget = max(1, int(store.requests_per_second * RECHECK_EVERY.total_seconds() / REQUESTS_PER_CHECK))
        cutoff = timezone.now() - store.cache_ttl
        stale_cards = (
            Card.objects.filter(tracked_by__user__chosen_stores__store=store)
            .distinct()
            .annotate(last_checked=Max("checks__checked_at", filter=Q(checks__store=store)))
            .filter(Q(last_checked__isnull=True) | Q(last_checked__lt=cutoff))
            .order_by(F("last_checked").asc(nulls_first=True))[:budget]
        )
        queued += sum(checks.queue_check(store, card) for card in stale_cards)
    return queued
