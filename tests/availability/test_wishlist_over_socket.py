"""The WebSocket's add_card and update_card keep what a tracked card means (cards.wishlist): a
printing added beside the others, an amount per printing, and 1–999 copies with a clear error."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from cards.wishlist.models import TrackedCard
from tests.availability.conftest import Browser

# Channels-lite keeps its messages in its own database; consumers run in other threads.
pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@database_sync_to_async
def wants(user) -> dict[str, tuple[int, set[tuple[int, str]]]]:
    return {
        t.card.name: (t.amount, {(s.amount, s.printing) for s in t.specs.all()})
        for t in TrackedCard.objects.filter(user=user).select_related("card").prefetch_related("specs")
    }


async def test_adding_a_printing_over_the_socket_keeps_the_any_printing_copy(alice, catalog):
    async with Browser(alice) as browser:
        await browser.ask({"type": "add_card", "card": "Lightning Bolt", "amount": 1})
        [cards] = await browser.ask({"type": "add_card", "card": "Lightning Bolt", "amount": 4,
                                     "specs": [{"set_code": "M10", "collector_number": "146", "finish": "foil"}]})
    wishlist = [{k: v for k, v in card.items() if k not in ("id", "card_id")} for card in cards["tracked_cards"]]
    assert wishlist == [{"card": "Lightning Bolt", "amount": 5, "specs": [
        {"set_code": "", "collector_number": "", "finish": "", "amount": 1},
        {"set_code": "m10", "collector_number": "146", "finish": "foil", "amount": 4},
    ]}]


async def test_three_add_cards_of_999_stop_at_999_with_a_clear_error(alice, catalog):
    async with Browser(alice) as browser:
        await browser.ask({"type": "add_card", "card": "Lightning Bolt", "amount": 999})
        [second] = await browser.ask({"type": "add_card", "card": "Lightning Bolt", "amount": 999})
        [third] = await browser.ask({"type": "add_card", "card": "Lightning Bolt", "amount": 999,
                                     "specs": [{"set_code": "m10"}]})
    for error in (second, third):
        assert error == {"type": "error", "request": "add_card",
                         "message": "you can want 1 to 999 copies of Lightning Bolt; this would make 1,998"}
    assert await wants(alice) == {"Lightning Bolt": (999, set())}


async def test_update_card_sets_an_amount_per_printing(alice, catalog):
    async with Browser(alice) as browser:
        await browser.ask({"type": "add_card", "card": "Lightning Bolt", "amount": 2})
        [cards] = await browser.ask({"type": "update_card", "card": "Lightning Bolt", "update_data": {"specs": [
            {"set_code": "m10", "amount": 3}, {"set_code": "m11", "finish": "foil", "amount": 2},
        ]}})
    assert cards["tracked_cards"][0]["amount"] == 5
    assert await wants(alice) == {"Lightning Bolt": (5, {(3, "M10"), (2, "M11 foil")})}


@pytest.mark.parametrize("update, message", [
    ({"amount": 1000}, "'amount' must be a whole number from 1 to 999"),
    ({"specs": [{"set_code": "m10", "amount": 600}, {"set_code": "m11", "amount": 600}]},
     "you can want 1 to 999 copies of Lightning Bolt; this would make 1,200"),
    ({"specs": [{"set_code": "m10", "amount": 1000}]}, "'amount' must be a whole number from 1 to 999"),
    ({"amount": 5, "specs": [{"set_code": "m10", "amount": 2}]}, "the printings' amounts add up to 2, not 5"),
])
async def test_update_card_outside_1_to_999_is_refused_and_changes_nothing(alice, catalog, update, message):
    async with Browser(alice) as browser:
        await browser.ask({"type": "add_card", "card": "Lightning Bolt", "amount": 2})
        [error] = await browser.ask({"type": "update_card", "card": "Lightning Bolt", "update_data": update})
    assert error == {"type": "error", "request": "update_card", "message": message}
    assert await wants(alice) == {"Lightning Bolt": (2, set())}
