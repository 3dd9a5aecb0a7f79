"""Every answer a check settles reaches the open dashboards of the users it concerns.

The checks announce each pair's answer (`availability.checks.signals.answer_ready`, in the worker);
this receiver, connected by the live app, renders the cell each viewer sees and pushes it. The
rendering happens in the worker's process, but it is this app's code, reacting to the signal: the
check pipeline renders nothing.
"""

from __future__ import annotations

from availability.checks.results import StoreAnswer, cached_answers
from availability.live.cells import cell_update, render_best
from availability.live.grid import Grid
from availability.preferences.zones import zones_of
from cards.catalog.models import Card
from cards.wishlist.models import CardSpec, TrackedCard
from lgs_checker.push import push_to_users
from stores.models import ChosenStore, Store


CHUNK = 2000  # cards per query when a synced store's whole index is pushed at once


def on_answer_ready(sender, store: Store, card: Card, answer: StoreAnswer, **kwargs) -> None:
    push_answer(store, card, answer)


def on_answers_ready(sender, store: Store, answers: list[tuple[Card, StoreAnswer]], **kwargs) -> None:
    """A synced store's answers for all its tracked cards at once (availability/checks/bulk.py)."""
    for start in range(0, len(answers), CHUNK):
        push_answers(store, answers[start:start + CHUNK])


def push_answer(store: Store, card: Card, answer: StoreAnswer) -> None:
    push_answers(store, [(card, answer)])


def push_answers(store: Store, answers: list[tuple[Card, StoreAnswer]]) -> None:
    """Send each user who tracks one of the cards and shops at the store its answer, filtered by
    their specs.

    The message carries the cell rendered in the user's zone, and the row's best price (from the
    cached answers of the user's other stores). Every user's stores and answers are read at once, for
    all the cards (a fixed number of queries however many), then the messages go out together
    (`push_to_users`): one answer reaches many users quickly, and a store's whole index as quickly.
    """
    cards = {card.pk: card for card, _ in answers}
    tracked_cards = list(
        TrackedCard.objects.filter(card_id__in=list(cards), user__chosen_stores__store=store)
        .prefetch_related("specs")
    )
    if not tracked_cards:
        return
    users = {tracked.user_id for tracked in tracked_cards}
    zones = zones_of(users)
    stores_of = ChosenStore.objects.stores_by_user(users)
    others_of: dict[int, set[int]] = {}
    for tracked in tracked_cards:
        others_of.setdefault(tracked.card_id, set()).update(
            other.pk for other in stores_of[tracked.user_id] if other.pk != store.pk)
    known = cached_answers((other, card_id) for card_id, others in others_of.items() for other in others)
    known.update({(store.pk, card.pk): answer for card, answer in answers})
    # Users who want the same printings, read times in the same zone and shop at the same stores see
    # the same cell and best price: each such view is rendered once (a popular card's thousand
    # trackers are mostly a handful of views).
    views: dict[tuple, dict] = {}
    messages = []
    for tracked in tracked_cards:
        card, answer = cards[tracked.card_id], known[(store.pk, tracked.card_id)]
        specs, zone, stores = list(tracked.specs.all()), zones[tracked.user_id], stores_of[tracked.user_id]
        view = (card.pk, _spec_key(specs), str(zone), tuple(other.pk for other in stores))
        if view not in views:
            # The user's row of the grid, from answers already read; a pushed answer is news, never stale.
            row = Grid(stores, known).row(card, specs, zone, judge_staleness=False)
            message = next((m for m in row if m["store_slug"] == store.slug), None)
            if message is None:  # the store was disabled since: the cell still gets its answer
                message = cell_update(card, store, answer, specs, zone)
            message["best_html"] = render_best(card.pk, row, {other.slug: other for other in stores})
            views[view] = message
        messages.append((tracked.user_id, views[view]))
    push_to_users(messages)


def _spec_key(specs: list[CardSpec]) -> tuple:
    return tuple(sorted((spec.set_code, spec.collector_number, spec.finish, spec.amount) for spec in specs))
