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


def on_answer_ready(sender, store: Store, card: Card, answer: StoreAnswer, **kwargs) -> None:
    push_answer(store, card, answer)


def push_answer(store: Store, card: Card, answer: StoreAnswer) -> None:
    """Send each user who tracks the card and shops at the store the answer, filtered by their specs.

    The message carries the cell rendered in the user's zone, and the row's best price (from the
    cached answers of the user's other stores). Every user's stores and answers are read at once,
    then the messages go out together (`push_to_users`): one answer reaches many users quickly.
    """
    tracked_cards = list(
        TrackedCard.objects.filter(card=card, user__chosen_stores__store=store).prefetch_related("specs")
    )
    users = {tracked.user_id for tracked in tracked_cards}
    zones = zones_of(users)
    stores_of = ChosenStore.objects.stores_by_user(users)
    others = {other.pk for stores in stores_of.values() for other in stores if other.pk != store.pk}
    answers = cached_answers((other, card.pk) for other in others)
    answers[(store.pk, card.pk)] = answer
    # Users who want the same printings, read times in the same zone and shop at the same stores see
    # the same cell and best price: each such view is rendered once (a popular card's thousand
    # trackers are mostly a handful of views).
    views: dict[tuple, dict] = {}
    messages = []
    for tracked in tracked_cards:
        specs, zone, stores = list(tracked.specs.all()), zones[tracked.user_id], stores_of[tracked.user_id]
        view = (_spec_key(specs), str(zone), tuple(other.pk for other in stores))
        if view not in views:
            # The user's row of the grid, from answers already read; a pushed answer is news, never stale.
            row = Grid(stores, answers).row(card, specs, zone, judge_staleness=False)
            message = next((m for m in row if m["store_slug"] == store.slug), None)
            if message is None:  # the store was disabled since: the cell still gets its answer
                message = cell_update(card, store, answer, specs, zone)
            message["best_html"] = render_best(card.pk, row, {other.slug: other for other in stores})
            views[view] = message
        messages.append((tracked.user_id, views[view]))
    push_to_users(messages)


def _spec_key(specs: list[CardSpec]) -> tuple:
    return tuple(sorted((spec.set_code, spec.collector_number, spec.finish, spec.amount) for spec in specs))
