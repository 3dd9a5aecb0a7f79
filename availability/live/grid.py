"""A user's grid: every tracked card × chosen store, each row rendered from the answers last known.

The dashboard page (dashboard.py) draws it, and the socket's `cards_data` (wishlist_reply.py) sends
it; both build it here, below them, so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from availability.checks.rechecks import mark_watched
from availability.checks.recorded import last_answers
from availability.checks.results import StoreAnswer
from availability.live.cells import cell_update, render_row
from cards.wishlist.models import TrackedCard
from stores.models import Store


def user_stores(user) -> list[Store]:
    return list(Store.objects.filter(chosen_by__user=user, enabled=True).order_by("name"))


def user_tracked_cards(user) -> list[TrackedCard]:
    return list(TrackedCard.objects.filter(user=user).select_related("card").prefetch_related("specs"))


@dataclass
class Rows:
    """A user's rendered rows and what they were rendered from."""

    html: list[str]
    live: bool  # False: the cache is down; the answers are the last checks recorded in the database
    stores: list[Store]
    answers: dict[tuple[int, int], StoreAnswer]  # by (store id, card id)


def wishlist_rows(user, zone, tracked_cards: list[TrackedCard], csrf_token: str = "") -> Rows:
    """Each tracked card's row (`user_tracked_cards`), rendered from the cached answers; no check is
    queued here.

    The queries do not grow with the list: one for the stores, one cache read, and two to note the
    pairs as watched at most once a minute.
    """
    stores = user_stores(user)
    pairs = [(store.pk, tracked.card_id) for tracked in tracked_cards for store in stores]
    mark_watched(pairs)  # someone is looking: these pairs are rechecked first
    answers, live = last_answers(pairs)
    rows = []
    for tracked in tracked_cards:
        specs = list(tracked.specs.all())
        cells = []
        for store in stores:
            answer = answers.get((store.pk, tracked.card_id))
            stale = answer is not None and not answer.is_fresh(store.cache_ttl)
            cells.append(cell_update(tracked.card, store, answer, specs, zone, stale=stale))
        rows.append(render_row(tracked, cells, stores, csrf_token))
    return Rows(rows, live, stores, answers)
