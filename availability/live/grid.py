"""A user's grid: tracked cards × chosen stores, the answer last known for each pair, and the cells.

The one grid builder. The dashboard page (dashboard.py) and the socket's `cards_data`
(wishlist_reply.py) render its rows; the socket's `card_availability_update` (protocol.py) sends its
cells; a pushed answer (answer_push.py) draws the row of each user who tracks the card, to send its
cell and the row's best price. All of them build it here, below them, so none imports another, and
a cell is judged stale the same way wherever it is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from availability.checks.rechecks import mark_watched
from availability.checks.recorded import last_answers
from availability.checks.results import StoreAnswer
from availability.live.cells import cell_update, render_row
from cards.catalog.models import Card
from cards.wishlist.models import CardSpec, TrackedCard
from stores.models import Store

Pair = tuple[int, int]  # (store id, card id)


def user_tracked_cards(user) -> list[TrackedCard]:
    return list(TrackedCard.objects.filter(user=user).select_related("card").prefetch_related("specs"))


@dataclass
class Grid:
    """Stores (the columns, in order) and the answers known for their pairs, by (store id, card id)."""

    stores: list[Store]
    answers: dict[Pair, StoreAnswer]
    live: bool = True  # False: the cache is down; the answers are the last checks recorded in the database

    @classmethod
    def of(cls, user, tracked_cards: Sequence[TrackedCard], stores: Sequence[Store] | None = None) -> Grid:
        """The user's grid (their stores unless `stores` narrows it), its pairs noted as watched,
        its answers read at once: one query for the stores, one cache read, and two to note the
        pairs as watched at most once a minute, however long the list."""
        stores = list(Store.objects.chosen_by(user) if stores is None else stores)
        pairs = [(store.pk, tracked.card_id) for tracked in tracked_cards for store in stores]
        mark_watched(pairs)  # someone is looking: these pairs are rechecked first
        answers, live = last_answers(pairs)
        return cls(stores, answers, live)

    def answer(self, store: Store, card_id: int) -> StoreAnswer | None:
        return self.answers.get((store.pk, card_id))

    def is_stale(self, store: Store, card_id: int, max_age: timedelta | None = None) -> bool:
        """An answer older than `max_age` (the store's cache time unless given): shown while rechecked."""
        answer = self.answer(store, card_id)
        return answer is not None and not answer.is_fresh(max_age or store.cache_ttl)

    def row(
        self, card: Card, specs: Sequence[CardSpec], zone: tzinfo, *,
        max_age: timedelta | None = None, judge_staleness: bool = True, now: datetime | None = None,
    ) -> list[dict]:
        """One `card_availability_update` per store, in the columns' order, each with its cell
        rendered. Without `judge_staleness` no cell is stale: a push tells of an answer just given."""
        specs = list(specs)
        return [
            cell_update(
                card, store, self.answer(store, card.pk), specs, zone,
                stale=judge_staleness and self.is_stale(store, card.pk, max_age), now=now,
            )
            for store in self.stores
        ]


@dataclass
class Rows:
    """A user's rendered rows and what they were rendered from."""

    html: list[str]
    live: bool  # False: the cache is down; the answers are the last checks recorded in the database
    stores: list[Store]
    answers: dict[Pair, StoreAnswer]


def wishlist_rows(
    user, zone, tracked_cards: list[TrackedCard], csrf_token: str = "", stores: Sequence[Store] | None = None,
) -> Rows:
    """Each tracked card's row (`user_tracked_cards`), rendered from the cached answers; no check is
    queued here. The queries do not grow with the list (`Grid.of`); none for the stores when given."""
    grid = Grid.of(user, tracked_cards, stores)
    rows = [
        render_row(tracked, grid.row(tracked.card, tracked.specs.all(), zone), grid.stores, csrf_token)
        for tracked in tracked_cards
    ]
    return Rows(rows, grid.live, grid.stores, grid.answers)
