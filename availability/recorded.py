"""The dashboard's answers when the cache is down: the last checks recorded in the database.

The database is the source of truth and the cache only speed, so a Redis outage must not take the
dashboard with it. The page then shows each (store, card) as its last check left it and says the
answers are not live; the page's socket keeps reconnecting and everything is live again once Redis
is back (the cache client reconnects on its own, no restart).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db.models import OuterRef, Subquery

from availability.models import StoreCheck
from availability.results import StoreAnswer, cached_answers

logger = logging.getLogger(__name__)

Pair = tuple[int, int]  # (store id, card id)


def offer_json(offer) -> dict:
    """An Offer row as the cache holds a scraper's offer (scrapers.Offer.to_json)."""
    return {
        "name": offer.name, "set_name": offer.set_name, "set_code": offer.set_code,
        "collector_number": offer.collector_number, "finish": offer.finish, "condition": offer.condition,
        "condition_raw": offer.condition_raw, "language": offer.language or None, "price": str(offer.price),
        "currency": offer.currency, "quantity": offer.quantity, "url": offer.url,
        "variant_id": offer.variant_id or None,
    }


def recorded_answers(pairs: Iterable[Pair]) -> dict[Pair, StoreAnswer]:
    """The newest recorded check of each pair, in two queries however many pairs there are."""
    pairs = set(pairs)
    if not pairs:
        return {}
    newest = (
        StoreCheck.objects.filter(store_id=OuterRef("store_id"), card_id=OuterRef("card_id"))
        .order_by("-checked_at", "-pk")
        .values("pk")[:1]
    )
    checks = (
        StoreCheck.objects.filter(store_id__in={s for s, _ in pairs}, card_id__in={c for _, c in pairs})
        .filter(pk=Subquery(newest))
        .prefetch_related("offers")
    )
    return {
        (check.store_id, check.card_id): StoreAnswer(
            status=check.status,
            offers=[offer_json(offer) for offer in check.offers.all()],
            reason=check.reason,
            checked_at=check.checked_at,
        )
        for check in checks
        if (check.store_id, check.card_id) in pairs
    }


def last_answers(pairs: Iterable[Pair]) -> tuple[dict[Pair, StoreAnswer], bool]:
    """The cached answers, or the recorded ones when the cache cannot be reached; and whether live."""
    pairs = list(pairs)
    try:
        return cached_answers(pairs), True
    except Exception:  # the cache backend's own connection errors (redis-py's, or the database's)
        logger.warning("the cache is unreachable; the dashboard shows the last recorded answers",
                       exc_info=True)
        return recorded_answers(pairs), False
