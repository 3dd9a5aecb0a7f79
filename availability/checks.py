"""Checking a store for a card: reuse a fresh answer, or queue one scrape, run it, keep it, push it.

    queue_check()  web process (availability/protocol.py): queue one task per (store, card)
    check_store_card()  worker (availability.tasks): scrape, save history, cache, push to users
"""

from __future__ import annotations

import dataclasses
import threading
import time
from datetime import timedelta

import scrapers
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from availability import alerts
from availability.models import Offer, StoreCheck
from availability.push import push_to_user
from availability.ratelimit import CacheRateLimiter
from availability.cells import cell_update, render_best
from availability.results import StoreAnswer, cached_answer, cached_answers, remember_answer
from availability.timezones import zones_of
from availability.setcodes import with_set_codes
from cards.models import Card, TrackedCard
from stores.models import Store


def pending_key(store_id: int, card_id: int) -> str:
    return f"check-pending:{store_id}:{card_id}"


def pending_timeout() -> int:
    # Longer than django-q2 takes to hand a killed worker's task to another worker, so a task in
    # flight is never queued twice; short enough that a lost task frees the pair within minutes.
    return settings.Q_CLUSTER["retry"] + 60


def queue_check(store: Store, card: Card, max_age: timedelta | None = None) -> bool:
    """Queue a scrape of the pair unless one is queued or running already; True if this call did.

    The worker reuses a cached answer younger than `max_age` (default: the store's TTL); Refresh
    and the admin's "check again" pass a shorter one.
    """
    # cache.add is atomic: of many simultaneous requests for a pair, one queues the scrape.
    if not cache.add(pending_key(store.pk, card.pk), 1, timeout=pending_timeout()):
        return False
    extra = {} if max_age is None else {"max_age_seconds": int(max_age.total_seconds())}
    async_task(
        "availability.tasks.check_store_card",
        store.pk,
        card.pk,
        **extra,
        task_name=f"check {store.slug} for {card.name}"[:100],
        group="checks",
    )
    return True


def check_stores_again(stores: list[Store]) -> tuple[int, int]:
    """Clear the stores' pauses and queue a fresh scrape of every tracked card there.

    Returns (checks queued, pairs already queued). Used by the admin's "Check again now".
    """
    queued = already = 0
    for store in stores:
        Store.objects.filter(pk=store.pk).update(paused_until=None, consecutive_failures=0)
        store.paused_until, store.consecutive_failures = None, 0
        for card in Card.objects.filter(tracked_by__user__chosen_stores__store=store).distinct():
            if queue_check(store, card, max_age=timedelta(0)):
                queued += 1
            else:
                already += 1
    return queued, already


def check_store_card(store_id: int, card_id: int, max_age_seconds: int | None = None) -> str:
    """Worker side of one check; returns the status, which django-q keeps with the task."""
    try:
        store, card = Store.objects.get(pk=store_id), Card.objects.get(pk=card_id)
    except (Store.DoesNotExist, Card.DoesNotExist):
        return "gone"  # deleted while queued: nobody is waiting for it
    try:
        answer = cached_answer(store.pk, card.pk)
        max_age = store.cache_ttl if max_age_seconds is None else timedelta(seconds=max_age_seconds)
        if answer is None or not answer.is_fresh(max_age):
            answer = scrape_and_record(store, card)
        push_answer(store, card, answer)
        return answer.status
    finally:
        cache.delete(pending_key(store_id, card_id))


def scrape_and_record(store: Store, card: Card) -> StoreAnswer:
    started = time.monotonic()
    if store.is_paused:
        # The cell says "paused until <time in the reader's zone>" (availability/cells.py); the
        # reason kept with the check names no time, so it never shows one in the wrong zone.
        result = scrapers.SearchResult.error("checks of this store are paused after repeated failures")
    else:
        result = scrapers.search(store.scraper_config(), card.name, client=shared_client())
        if result.status == "error":
            store.record_failure(result.reason)
        else:
            store.record_success()
    result = dataclasses.replace(result, offers=with_set_codes(result.offers))
    check = save_check(store, card, result, duration_ms=int((time.monotonic() - started) * 1000))
    alerts.on_check_completed(check)  # never raises; sending is queued, not done here
    answer = StoreAnswer(
        status=check.status,
        offers=[offer.to_json() for offer in result.offers],
        reason=check.reason,
        checked_at=check.checked_at,
        last_good_at=check.checked_at if check.status != "error" else last_good_check_at(store, card),
        paused_until=store.paused_until if store.is_paused else None,
    )
    remember_answer(store.pk, card.pk, answer, store.cache_ttl)
    return answer


@transaction.atomic
def save_check(store: Store, card: Card, result: scrapers.SearchResult, duration_ms: int) -> StoreCheck:
    check = StoreCheck.objects.create(
        store=store,
        card=card,
        checked_at=timezone.now(),
        status=result.status,
        reason=result.reason if result.status == "error" else "",
        requests=result.requests,
        duration_ms=duration_ms,
    )
    Offer.objects.bulk_create(
        Offer(
            store_check=check,
            name=offer.name[:300],
            set_name=offer.set_name or "",
            set_code=(offer.set_code or "")[:10],
            collector_number=offer.collector_number or "",
            finish=offer.finish,
            condition=offer.condition,
            condition_raw=offer.condition_raw[:100],
            language=offer.language or "",
            price=offer.price,
            currency=offer.currency,
            quantity=offer.quantity,
            url=offer.url,
            variant_id=offer.variant_id or "",
        )
        for offer in result.offers
    )
    return check


def last_good_check_at(store: Store, card: Card):
    return (
        StoreCheck.objects.filter(store=store, card=card)
        .exclude(status=StoreCheck.Status.ERROR)
        .values_list("checked_at", flat=True)
        .first()
    )


def push_answer(store: Store, card: Card, answer: StoreAnswer) -> None:
    """Send each user who tracks the card and shops at the store the answer, filtered by their specs.

    The message carries the cell rendered in the user's zone, and the row's best price (from the
    cached answers of the user's other stores).
    """
    tracked_cards = list(
        TrackedCard.objects.filter(card=card, user__chosen_stores__store=store).prefetch_related("specs")
    )
    zones = zones_of({tracked.user_id for tracked in tracked_cards})
    for tracked in tracked_cards:
        specs, zone = list(tracked.specs.all()), zones[tracked.user_id]
        stores = list(Store.objects.filter(chosen_by__user_id=tracked.user_id, enabled=True))
        answers = cached_answers((other.pk, card.pk) for other in stores if other.pk != store.pk)
        answers[(store.pk, card.pk)] = answer
        row = [cell_update(card, other, answers.get((other.pk, card.pk)), specs, zone) for other in stores]
        message = next((m for m in row if m["store_slug"] == store.slug), None)
        if message is None:  # the store was disabled since: the cell still gets its answer
            message = cell_update(card, store, answer, specs, zone)
        message["best_html"] = render_best(card.pk, row, {other.slug: other for other in stores})
        push_to_user(tracked.user_id, message)


_client: scrapers.HttpClient | None = None
_client_lock = threading.Lock()


def shared_client() -> scrapers.HttpClient:
    """One HTTP client per worker process, spacing requests through the shared cache."""
    global _client
    with _client_lock:
        if _client is None:
            _client = scrapers.HttpClient(limiter=CacheRateLimiter())
        return _client
