"""Checking a store for a card: reuse a fresh answer, or queue one scrape, run it, keep it, announce it.

    queue_check()  web process (availability/live/protocol.py): one QueuedCheck row per (store, card);
                   the worker cluster's dispatcher hands them to the broker in turn (queue.py)
    run_queued_check() → check_store_card()  worker: scrape, save history, cache, then announce
        check_recorded   a recorded check: availability.alerts judges whether it is news
        answer_ready     the pair's answer: availability.live renders each viewer's cell and pushes it
    (availability/checks/signals.py; this module renders nothing and knows no alert rule)

No check dies half-way. A scrape ends within SCRAPE_TIMEOUT_SECONDS (well inside the task timeout),
so a hanging store becomes a store error instead of a killed worker. If recording the answer still
fails (data the scrapers' boundary let through, a database error), the offers are rolled back
together with their check and the pair is recorded as an `error` check with a plain reason: the
store's health counts it, the cell gets that answer, and the cached error answer keeps the pair from
being queued again before its normal retry (the cache TTL). Anything else that breaks a check still
pushes an error answer, so a cell never stays "checking…". The one check without an answer is that
of a store read through its listing only while the sync it waits for runs: it is asked again when
the sync ends (stores/inventory/first_sync.py).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

import scrapers
from availability.checks import bulk, latest, queue
from availability.checks.models import StoreCheck
from availability.checks.results import StoreAnswer, cached_answer, cached_answers, remember_answer
from availability.checks.setcodes import with_set_codes
from availability.checks.signals import answer_ready, check_recorded
from cards.catalog.models import Card
from stores.client import worker_client
from stores.inventory.first_sync import WaitingForSync, before_searching
from stores.inventory.index import answer_from_index
from stores.models import Store

logger = logging.getLogger(__name__)
# The dotted path a worker imports the check by. A task queued under an older path before a deploy
# fails there as "not defined" and is dropped: its pair is free again once `pending_timeout` ends,
# and the next recheck queues it under this path (docs/architecture.md, "Queued tasks").
CHECK_TASK = "availability.checks.pipeline.check_store_card"
# What the cluster's dispatcher queues in the broker for each claimed QueuedCheck (queue.py).
QUEUED_CHECK_TASK = "availability.checks.pipeline.run_queued_check"
UNRECORDABLE = "this store's answer could not be recorded (it sent data we cannot keep)"
FAILED = "this check failed on our side; it will be retried"


def pending_key(store_id: int, card_id: int) -> str:
    return f"check-pending:{store_id}:{card_id}"


def pending_timeout() -> int:
    # The key only spares a query: the QueuedCheck row (one per pair) is what keeps a check from
    # being queued twice, so a key that expires while its check still waits costs one INSERT that
    # finds the row. Short enough that a pair whose key outlived its check is asked again soon.
    return settings.Q_CLUSTER["retry"] + 60


def queue_check(store: Store, card: Card, max_age: timedelta | None = None, *, user_id: int | None = None,
                priority: int = queue.Priority.NOW) -> bool:
    """Queue a check of the pair unless one is queued or running already; True if this call did.

    The worker reuses a cached answer younger than `max_age` (default: the store's TTL); Refresh
    and the admin's "check again" pass a shorter one. `user_id` is whose turn the check takes
    (queue.py: users take turns), `priority` whether someone waits for it (NOW) or it is a recheck
    (BACKGROUND). A pair already queued as a recheck is raised to NOW when someone asks for it.
    """
    if not store.sells(card.game):
        return False  # nothing to ask: its cell says the store does not sell the game (availability.live.cells)
    max_age_seconds = None if max_age is None else int(max_age.total_seconds())
    # cache.add is atomic: of many simultaneous requests for a pair, one queues the check; the
    # others cost no query, except to raise a queued recheck to "someone is waiting".
    if not cache.add(pending_key(store.pk, card.pk), 1, timeout=pending_timeout()):
        if priority == queue.Priority.NOW:
            queue.promote(store.pk, card.pk, user_id=user_id, priority=priority)
        return False
    return queue.enqueue(store.pk, card.pk, user_id=user_id, priority=priority, max_age_seconds=max_age_seconds)


def run_queued_check(queued_id: int, token: str) -> str:
    """Worker side of a QueuedCheck (queued by the cluster's dispatcher, one task per claim)."""
    row = queue.start(queued_id, token)
    if row is None:
        return "taken back"  # its claim expired and another task has it, or it already ran
    try:
        status = check_store_card(row.store_id, row.card_id, max_age_seconds=row.max_age_seconds)
    except Exception:
        queue.finish(queued_id, token)  # a check that breaks is not run again and again
        raise
    # Not on HandedBack (a SystemExit: the worker is stopping): the row stays, and the cluster
    # releases it for the next worker.
    queue.finish(queued_id, token)
    return status


def check_stores_again(stores: list[Store]) -> tuple[int, int]:
    """Clear the stores' pauses and queue a fresh scrape of every tracked card there.

    Returns (checks queued, pairs already queued). Used by the admin's "Check again now".
    """
    queued = already = 0
    for store in stores:
        Store.objects.filter(pk=store.pk).update(paused_until=None, consecutive_failures=0)
        store.paused_until, store.consecutive_failures = None, 0
        for card in Card.objects.filter(tracked_by__user__chosen_stores__store=store, game__in=store.games).distinct():
            if queue_check(store, card, max_age=timedelta(0)):
                queued += 1
            else:
                already += 1
    return queued, already


def on_sync_ended(sender, store: Store, waited: bool = True, **kwargs) -> None:
    """The store's sync ended (stores.inventory.signals.sync_ended): its index answers every tracked
    card in one pass (bulk.py); if it cannot (the sync failed and no fresh index is left) and checks
    waited for this sync, the cards without a fresh answer are queued again."""
    try:
        answered = bulk.answer_in_bulk(store)
    except Exception:
        logger.exception("could not answer %s's cards from its index in bulk; queuing them", store.slug)
        answered = None
    if answered is None and waited:
        check_unanswered_cards(store)


def check_unanswered_cards(store: Store) -> int:
    """Queue a check of each card tracked at the store whose answer is missing or stale."""
    cards = list(Card.objects.filter(tracked_by__user__chosen_stores__store=store, game__in=store.games).distinct())
    answers = cached_answers((store.pk, card.pk) for card in cards)
    due = [card for card in cards
           if (answer := answers.get((store.pk, card.pk))) is None or not answer.is_fresh(store.cache_ttl)]
    return sum(queue_check(store, card) for card in due)


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
    except WaitingForSync as waiting:  # no answer until the store's sync ends; asked again then
        cache.delete(pending_key(store_id, card_id))
        return waiting.status
    except Exception:
        logger.exception("check of %s for %r failed", store.slug, card.name)
        answer = _failed_answer(store, card)
    try:
        answer_ready.send(sender=StoreCheck, store=store, card=card, answer=answer)
        return answer.status
    finally:
        cache.delete(pending_key(store_id, card_id))


def scrape_and_record(store: Store, card: Card) -> StoreAnswer:
    started = time.monotonic()
    # A synced store answers from its inventory index, with no request (stores/inventory/index.py).
    indexed = answer_from_index(store, card.name, card.game)
    if indexed is None and not store.is_paused:
        indexed = before_searching(store)  # a store read through its listing only is never searched
    if indexed is not None:
        result = indexed
    elif store.is_paused:  # read from the row at the task's start: before any request
        result = store.paused_result()
    else:
        result = scrapers.search(
            store.scraper_config(), card.name, client=worker_client(), seconds=settings.SCRAPE_TIMEOUT_SECONDS,
            game=card.game,
        )
    duration_ms = int((time.monotonic() - started) * 1000)
    try:
        result = dataclasses.replace(result, offers=with_set_codes(result.offers, card.game))
        recorded = latest.record_check(store, card, result, duration_ms=duration_ms)
    except Exception:
        # record_check is atomic: nothing of the answer was kept. An error row holds no store data.
        logger.exception("could not record the check of %s for %r", store.slug, card.name)
        result = scrapers.SearchResult.error(UNRECORDABLE, requests=result.requests)
        recorded = latest.record_check(store, card, result, duration_ms=duration_ms)
    check = recorded.check
    if indexed is None:  # only what the store itself answered says how it is
        store.record_check(result)
    # The alerts' receiver never raises; sending is queued, not done here. An unchanged check is
    # judged as the check it repeats: news only for users who have not judged that one yet.
    check_recorded.send(sender=StoreCheck, check=check)
    answer = StoreAnswer(
        status=check.status,
        offers=recorded.offers,  # an index answer older than the latest one leaves the latest standing
        reason=check.reason,
        checked_at=recorded.checked_at,
        last_good_at=recorded.last_good_at,
        paused_until=store.paused_until if store.is_paused else None,
    )
    remember_answer(store.pk, card.pk, answer, store.cache_ttl)
    return answer


def _failed_answer(store: Store, card: Card) -> StoreAnswer:
    """An error answer for a check that broke outside the store's control, cached (best effort) so
    the pair waits for its normal retry instead of being queued again at once."""
    answer = StoreAnswer(status=StoreCheck.Status.ERROR, reason=FAILED, checked_at=timezone.now())
    try:
        remember_answer(store.pk, card.pk, answer, store.cache_ttl)
    except Exception:
        logger.exception("could not cache the failed check of %s for %r", store.slug, card.name)
    return answer
