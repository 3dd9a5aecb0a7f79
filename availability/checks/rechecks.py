"""Which tracked pairs a store rechecks next: freshness where someone is looking.

Each run (`tasks.recheck_stale`, every RECHECK_EVERY) a store gets the checks its rate limit allows
over that period. They go, in this order, to:

1. pairs never checked (a card someone just added);
2. stale pairs someone is looking at: a dashboard or buy plan asked for them within
   WATCHING_MINUTES (`mark_watched`);
3. stale pairs a user has alerts on;
4. every other stale pair, oldest answer first.

A pair nobody has looked at for IDLE_AFTER_DAYS and that no alert waits on is stale only after
IDLE_RECHECK_HOURS instead of the store's TTL: nobody would see a fresher answer.

Everything is read from the latest-answer table (one row per pair, indexed by store and age),
never from the check history, so choosing costs the same with a year of history as with a day.
When a store's stale pairs outnumber what it may check in a run, it is "falling behind": the
dashboard says so in the store's column header (`stores_falling_behind`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from availability.checks.models import LatestAnswer
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard

# A pair asked for again within this is not written again: a dashboard refresh costs no write.
WATCH_WRITE_EVERY = timedelta(minutes=1)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backlog:
    """How far behind a store is: its stale pairs and the checks it may make per run."""

    stale: int
    budget: int

    @property
    def falling_behind(self) -> bool:
        return self.stale > self.budget


# The pairs this process noted, and when: one it noted within WATCH_WRITE_EVERY would not be written
# again, so it is not even read again (a dashboard's repeated asks then cost no query). Kept for at
# most NOTED_PAIRS pairs, then started afresh.
_noted: dict[tuple[int, int], datetime] = {}
NOTED_PAIRS = 200_000


def forget_noted_pairs() -> None:
    """Forget which pairs this process noted (tests: each has a database of its own)."""
    _noted.clear()


def mark_watched(pairs: Iterable[tuple[int, int]], now: datetime | None = None) -> None:
    """Note that someone is looking at these (store id, card id) pairs now (two queries, none for
    pairs this process noted within WATCH_WRITE_EVERY)."""
    now = now or timezone.now()
    pairs = {pair for pair in pairs if not (noted := _noted.get(pair)) or noted < now - WATCH_WRITE_EVERY}
    if not pairs:
        return
    known = {(s, c): (pk, w) for s, c, pk, w in LatestAnswer.objects.for_pairs(pairs, "pk", "watched_at")}
    due = [pk for pk, watched_at in known.values() if watched_at is None or watched_at < now - WATCH_WRITE_EVERY]
    if due:
        LatestAnswer.objects.filter(pk__in=due).update(watched_at=now)
    LatestAnswer.objects.bulk_create(
        [LatestAnswer(store_id=s, card_id=c, watched_at=now) for s, c in pairs - set(known)],
        ignore_conflicts=True,  # a worker's first check may create the row at the same moment
    )
    if len(_noted) > NOTED_PAIRS:
        _noted.clear()
    _noted.update(dict.fromkeys(pairs, now))


def stale_card_ids(store, budget: int, now: datetime | None = None) -> tuple[list[int], Backlog]:
    """The cards of the store's tracked pairs to recheck now, in priority order, at most `budget`."""
    now = now or timezone.now()
    tracked_here = TrackedCard.objects.filter(card_id=OuterRef("card_id"), user__chosen_stores__store=store)
    answered = LatestAnswer.objects.filter(store=store, card_id=OuterRef("pk"), checked_at__isnull=False)
    never_checked = (
        # A card of a game the store does not sell is never asked there (pipeline.queue_check).
        Card.objects.filter(tracked_by__user__chosen_stores__store=store, game__in=store.games or ["magic"])
        .exclude(Exists(answered))
        .distinct()
        .values_list("pk", flat=True)
    )
    watching = now - timedelta(minutes=settings.WATCHING_MINUTES)
    idle = now - timedelta(days=settings.IDLE_AFTER_DAYS)
    stale = (
        LatestAnswer.objects.filter(store=store, checked_at__lt=now - store.cache_ttl)
        .filter(Exists(tracked_here))
        .annotate(
            alerted=Exists(tracked_here.filter(user__alert_settings__enabled=True)),
            # A CASE, not a bare comparison: NULL (never watched) must sort as "no" on every database.
            watched=Case(When(watched_at__gte=watching, then=Value(True)), default=Value(False)),
        )
        # Idle pairs wait for the long interval unless an alert waits on them. A pair never
        # marked watched (rows from before watching was recorded) is not known to be idle.
        .filter(
            Q(watched_at__gte=idle)
            | Q(watched_at__isnull=True)
            | Q(alerted=True)
            | Q(checked_at__lt=now - timedelta(hours=settings.IDLE_RECHECK_HOURS))
        )
    )
    first = list(never_checked[:budget])
    ordered = stale.order_by("-watched", "-alerted", "checked_at").values_list("card_id", flat=True)
    chosen = first + list(ordered[: budget - len(first)]) if len(first) < budget else first
    backlog = Backlog(stale=never_checked.count() + stale.count(), budget=budget)
    return chosen, backlog


def backlog_key(store_id: int) -> str:
    return f"recheck-backlog:{store_id}"


def remember_backlog(store_id: int, backlog: Backlog, lifetime: timedelta) -> None:
    cache.set(backlog_key(store_id), {"stale": backlog.stale, "budget": backlog.budget}, int(lifetime.total_seconds()))


def stores_falling_behind(store_ids: Iterable[int]) -> set[int]:
    """The stores whose last recheck run left more stale pairs than they may check in a run (one
    cache read): the dashboard marks them, as their answers get older than their TTL."""
    keys = {backlog_key(store_id): store_id for store_id in store_ids}
    try:
        found = cache.get_many(list(keys))
    except Exception:  # the cache is down: the page still renders (recorded.py), unmarked
        logger.warning("the cache is unreachable; stores falling behind are not marked", exc_info=True)
        return set()
    return {keys[key] for key, data in found.items() if Backlog(**data).falling_behind}
