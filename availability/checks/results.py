"""The latest answer of a store for a card, kept in the cache (and the latest-answer table behind it).

A store's answer is shared by everyone who tracks the card there; what each user sees of it (their
cell, filtered by the printings they want) is the live app's (`availability.live.cells`), so the
same scrape fills many users' cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from availability.checks.models import LatestAnswer, StoreCheck


def result_key(store_id: int, card_id: int) -> str:
    return f"check:{store_id}:{card_id}"


@dataclass(frozen=True)
class StoreAnswer:
    """What one check of a store for a card found, as cached: offers are JSON dicts."""

    status: str  # a StoreCheck.Status: ok, not_found or error
    offers: list[dict] = field(default_factory=list)
    reason: str = ""
    checked_at: datetime | None = None
    last_good_at: datetime | None = None  # the last check that was not an error
    paused_until: datetime | None = None  # set when the check was skipped: the store was paused

    def to_cache(self) -> dict:
        return {
            "status": self.status,
            "offers": self.offers,
            "reason": self.reason,
            "checked_at": self.checked_at.isoformat() if self.checked_at else None,
            "last_good_at": self.last_good_at.isoformat() if self.last_good_at else None,
            "paused_until": self.paused_until.isoformat() if self.paused_until else None,
        }

    @classmethod
    def from_cache(cls, data: dict) -> StoreAnswer:
        return cls(
            status=data["status"],
            offers=data["offers"],
            reason=data.get("reason", ""),
            checked_at=parse_datetime(data["checked_at"]) if data.get("checked_at") else None,
            last_good_at=parse_datetime(data["last_good_at"]) if data.get("last_good_at") else None,
            paused_until=parse_datetime(data["paused_until"]) if data.get("paused_until") else None,
        )

    def is_fresh(self, ttl) -> bool:
        return self.checked_at is not None and timezone.now() - self.checked_at < ttl


def cached_answer(store_id: int, card_id: int) -> StoreAnswer | None:
    """The pair's latest answer: from the cache, else from the latest-answer table."""
    data = cache.get(result_key(store_id, card_id))
    if data:
        return StoreAnswer.from_cache(data)
    return stored_answers([(store_id, card_id)]).get((store_id, card_id))


def cached_answers(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], StoreAnswer]:
    """Many answers in one cache round trip (the dashboard asks for hundreds), and one query for
    those the cache lacks (evicted, or answered by checks made for another user)."""
    keys = {result_key(store_id, card_id): (store_id, card_id) for store_id, card_id in pairs}
    if not keys:  # an empty list or no stores chosen: no round trip
        return {}
    found = cache.get_many(list(keys))
    answers = {keys[key]: StoreAnswer.from_cache(data) for key, data in found.items()}
    missing = [pair for key, pair in keys.items() if key not in found]
    if missing:
        answers.update(stored_answers(missing))
    return answers


def stored_answers(pairs: list[tuple[int, int]]) -> dict[tuple[int, int], StoreAnswer]:
    """The answers the latest-answer table holds for these pairs (one query)."""
    rows = LatestAnswer.objects.filter(checked_at__isnull=False).for_pairs(
        pairs, "status", "reason", "offers", "checked_at", "last_good_at"
    )
    return {
        (store_id, card_id): StoreAnswer(
            status=status, offers=offers if status != StoreCheck.Status.ERROR else [], reason=reason,
            checked_at=checked_at, last_good_at=last_good_at,
        )
        for store_id, card_id, status, reason, offers, checked_at, last_good_at in rows
    }


def remember_answer(store_id: int, card_id: int, answer: StoreAnswer, ttl) -> None:
    # Kept well past the TTL: a stale answer still shows the last price while a recheck runs.
    cache.set(result_key(store_id, card_id), answer.to_cache(), timeout=int(ttl.total_seconds()) * 4)
