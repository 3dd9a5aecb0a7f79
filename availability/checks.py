"""Checking a store for a card: reuse a fresh answer, or queue one scrape, run it, keep it, push it.

    request_check()  web process: fresh cached answer? else queue one task per (store, card)
    check_store_card()  worker (availability.tasks): scrape, save history, cache, push to users

No check dies half-way. A scrape ends within SCRAPE_TIMEOUT_SECONDS (well inside the task timeout),
so a hanging store becomes a store error instead of a killed worker. If recording the answer still
fails (data the scrapers' boundary let through, a database error), the offers are rolled back
together with their check and the pair is recorded as an `error` check with a plain reason: the
store's health counts it, the cell gets that answer, and the cached error answer keeps the pair from
being queued again before its normal retry (the cache TTL). Anything else that breaks a check still
pushes an error answer, so a cell never stays "checking…".
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time

import scrapers
from scrapers.robots import RobotsRules
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from availability import alerts, latest
from availability.models import StoreCheck
from availability.push import push_to_user
from availability.ratelimit import CacheRateLimiter
from availability.results import StoreAnswer, cached_answer, cell_message, remember_answer
from availability.setcodes import with_set_codes
from cards.models import Card, TrackedCard
from stores.models import Store

logger = logging.getLogger(__name__)
UNRECORDABLE = "this store's answer could not be recorded (it sent data we cannot keep)"
FAILED = "this check failed on our side; it will be retried"


def pending_key(store_id: int, card_id: int) -> str:
    return f"check-pending:{store_id}:{card_id}"


def pending_timeout() -> int:
    # Longer than django-q2 takes to hand a killed worker's task to another worker, so a task in
    # flight is never queued twice; short enough that a lost task frees the pair within minutes.
    return settings.Q_CLUSTER["retry"] + 60


def request_check(store: Store, card: Card) -> StoreAnswer | None:
    """A fresh answer if there is one; otherwise make sure exactly one check is queued (None)."""
    answer = cached_answer(store.pk, card.pk)
    if answer is not None and answer.is_fresh(store.cache_ttl):
        return answer
    queue_check(store, card)
    return None


def queue_check(store: Store, card: Card) -> bool:
    """Queue a scrape of the pair unless one is queued or running already; True if this call did."""
    # cache.add is atomic: of many simultaneous requests for a pair, one queues the scrape.
    if not cache.add(pending_key(store.pk, card.pk), 1, timeout=pending_timeout()):
        return False
    async_task(
        "availability.tasks.check_store_card",
        store.pk,
        card.pk,
        task_name=f"check {store.slug} for {card.name}"[:100],
        group="checks",
    )
    return True


def check_store_card(store_id: int, card_id: int) -> str:
    """Worker side of one check; returns the status, which django-q keeps with the task."""
    try:
        store, card = Store.objects.get(pk=store_id), Card.objects.get(pk=card_id)
    except (Store.DoesNotExist, Card.DoesNotExist):
        return "gone"  # deleted while queued: nobody is waiting for it
    try:
        answer = cached_answer(store.pk, card.pk)
        if answer is None or not answer.is_fresh(store.cache_ttl):
            answer = scrape_and_record(store, card)
    except Exception:
        logger.exception("check of %s for %r failed", store.slug, card.name)
        answer = _failed_answer(store, card)
    try:
        push_answer(store, card, answer)
        return answer.status
    finally:
        cache.delete(pending_key(store_id, card_id))


def scrape_and_record(store: Store, card: Card) -> StoreAnswer:
    started = time.monotonic()
    paused = store.is_paused
    if paused:
        until = timezone.localtime(store.paused_until).strftime("%H:%M")
        result = scrapers.SearchResult.error(f"checks of this store are paused until {until} after repeated failures")
    else:
        result = scrapers.search(
            store.scraper_config(), card.name, client=shared_client(), seconds=settings.SCRAPE_TIMEOUT_SECONDS
        )
    duration_ms = int((time.monotonic() - started) * 1000)
    try:
        result = dataclasses.replace(result, offers=with_set_codes(result.offers))
        recorded = latest.record_check(store, card, result, duration_ms=duration_ms)
    except Exception:
        # record_check is atomic: nothing of the answer was kept. An error row holds no store data.
        logger.exception("could not record the check of %s for %r", store.slug, card.name)
        result = scrapers.SearchResult.error(UNRECORDABLE, requests=result.requests)
        recorded = latest.record_check(store, card, result, duration_ms=duration_ms)
    check = recorded.check
    if not paused:
        if check.status == StoreCheck.Status.ERROR:
            store.record_failure(check.reason)
        else:
            store.record_success()
    # never raises; sending is queued, not done here. An unchanged check is judged as the check it
    # repeats: news only for users who have not judged that one yet (a card tracked since).
    alerts.on_check_completed(check)
    answer = StoreAnswer(
        status=check.status,
        offers=[offer.to_json() for offer in result.offers],
        reason=check.reason,
        checked_at=recorded.checked_at,
        last_good_at=recorded.last_good_at,
    )
    remember_answer(store.pk, card.pk, answer, store.cache_ttl)
    return answer


@transaction.atomic
def save_check(store: Store, card: Card, result: scrapers.SearchResult, duration_ms: int) -> StoreCheck:
    """Write one history row for the answer, changed or not (the worker records through
    `latest.record_check`, which calls this only for a change)."""
    return latest.write_history(store, card, result, duration_ms=duration_ms)


def _failed_answer(store: Store, card: Card) -> StoreAnswer:
    """An error answer for a check that broke outside the store's control, cached (best effort) so
    the pair waits for its normal retry instead of being queued again at once."""
    answer = StoreAnswer(status="error", reason=FAILED, checked_at=timezone.now())
    try:
        remember_answer(store.pk, card.pk, answer, store.cache_ttl)
    except Exception:
        logger.exception("could not cache the failed check of %s for %r", store.slug, card.name)
    return answer


def push_answer(store: Store, card: Card, answer: StoreAnswer) -> None:
    """Send each user who tracks the card and shops at the store the answer, filtered by their specs."""
    tracked_cards = TrackedCard.objects.filter(
        card=card, user__chosen_stores__store=store
    ).prefetch_related("specs")
    for tracked in tracked_cards:
        push_to_user(tracked.user_id, cell_message(card.name, store.slug, answer, list(tracked.specs.all())))


_client: scrapers.HttpClient | None = None
_client_lock = threading.Lock()


def shared_client() -> scrapers.HttpClient:
    """One HTTP client per worker process, spacing requests through the shared cache."""
    global _client
    with _client_lock:
        if _client is None or _client.settings.total_timeout != settings.STORE_REQUEST_TIMEOUT_SECONDS:
            # Robots files go in the shared cache: read once a day for all workers, and the admin sees them.
            _client = scrapers.HttpClient(client_settings(), limiter=CacheRateLimiter(), robots=RobotsRules(cache))
        return _client


def client_settings() -> scrapers.ClientSettings:
    """The HTTP client's settings from the site's: its per-request deadline."""
    return scrapers.ClientSettings(total_timeout=settings.STORE_REQUEST_TIMEOUT_SECONDS)
