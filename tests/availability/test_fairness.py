"""Fair sharing (availability/live/fairness.py): a message budget per user across their sockets, and a
full refresh already being answered for the user is joined, not run again."""

from __future__ import annotations

import asyncio
import threading

import pytest
from channels.db import database_sync_to_async

from availability.live import fairness
from availability.live.consumers import SLOW_DOWN
from availability.live.protocol import HANDLERS
from stores.models import ChosenStore
from tests.availability.conftest import Browser, queued_checks
from tests.support.polling import until

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def small_budget(settings):
    """Four messages at once, then (practically) none: the test never waits for a refill."""
    settings.WS_MESSAGE_BURST = 4
    settings.WS_MESSAGES_PER_SECOND = 0.001


async def test_messages_beyond_the_burst_get_a_slow_down_error_and_the_socket_stays_open(alice, small_budget):
    async with Browser(alice) as browser:
        answers = [await browser.ask({"type": "get_users_cards"}) for _ in range(4)]
        assert all(answer[0]["type"] == "cards_data" for answer in answers)
        [refused] = await browser.ask({"type": "add_card", "card": "Sol Ring"})
        retry_after = refused.pop("retry_after")
        assert refused == {"type": "error", "request": "add_card", "message": SLOW_DOWN}
        # When to ask again: the budget's window (here practically no refill) has not ended.
        assert isinstance(retry_after, int) and retry_after >= 1
        assert "slow down" in refused["message"]
        assert await browser.nothing_more()


async def test_the_budget_is_shared_by_a_users_sockets_but_not_with_other_users(alice, bob, small_budget):
    async with Browser(alice) as first_tab, Browser(alice) as second_tab, Browser(bob) as bobs:
        for tab in (first_tab, second_tab, first_tab, second_tab):
            assert (await tab.ask({"type": "get_users_cards"}))[0]["type"] == "cards_data"
        [refused] = await second_tab.ask({"type": "get_users_cards"})
        assert refused["type"] == "error" and refused["message"] == SLOW_DOWN
        [bobs_answer] = await bobs.ask({"type": "get_users_cards"})
        assert bobs_answer["type"] == "cards_data"


def test_the_budget_refills_at_the_steady_rate(alice, settings):
    settings.WS_MESSAGE_BURST, settings.WS_MESSAGES_PER_SECOND = 3, 2  # 3 per 1.5 s
    now = [1500.0]
    clock = lambda: now[0]  # noqa: E731
    assert [fairness.message_allowed(alice.pk, clock) for _ in range(4)] == [True, True, True, False]
    now[0] += 1.0
    assert fairness.message_allowed(alice.pk, clock) is False  # the same 1.5 s
    now[0] += 0.5
    assert [fairness.message_allowed(alice.pk, clock) for _ in range(4)] == [True, True, True, False]
    now[0] += 60  # a long pause gives one burst again, no more
    assert [fairness.message_allowed(alice.pk, clock) for _ in range(4)] == [True, True, True, False]


async def test_a_full_refresh_costs_more_of_the_budget_than_one_cell(alice, settings):
    settings.WS_MESSAGE_BURST, settings.WS_MESSAGES_PER_SECOND = 2 * fairness.FULL_REFRESH_COST, 0.001
    async with Browser(alice) as browser:
        for _ in range(2):
            assert await browser.ask({"type": "get_card_availability"}, count=0) == []  # no cells yet
            assert await browser.nothing_more()
        [refused] = await browser.ask({"type": "get_card_availability"})
        assert refused["message"] == SLOW_DOWN


def cell_updates(messages: list[dict]) -> list[dict]:
    return [message for message in messages if message["type"] == "card_availability_update"]


async def test_a_refresh_asked_while_the_same_one_runs_joins_it(alice, sample_shops, monkeypatch):
    for platform in ("shopify", "crystal_commerce"):
        await database_sync_to_async(ChosenStore.objects.create)(user=alice, store=sample_shops[platform])
    real_refresh = HANDLERS["get_card_availability"]
    started, release, runs = threading.Event(), threading.Event(), []

    def held_refresh(user, message):
        runs.append(message)
        started.set()
        release.wait(30)  # the second tab asks while this one is still reading
        return real_refresh(user, message)

    monkeypatch.setitem(HANDLERS, "get_card_availability", held_refresh)
    async with Browser(alice) as first_tab, Browser(alice) as second_tab:
        await first_tab.ask({"type": "add_card", "card": "Sol Ring"}, count=3)
        await first_tab.send({"type": "get_card_availability"})
        await asyncio.to_thread(started.wait, 30)
        await second_tab.send({"type": "get_card_availability"})
        await until(lambda: fairness.refreshes.callers((alice.pk, "None", "None")) >= 2, 30,
                    "the second tab to join the first tab's refresh")
        release.set()
        # The second tab may also hear of the first tab's add_card (cards_data, every tab is told).
        first = cell_updates(await first_tab.receive_until(lambda got: len(cell_updates(got)) == 2))
        second = cell_updates(await second_tab.receive_until(lambda got: len(cell_updates(got)) == 2))
    assert len(runs) == 1
    assert sorted(m["store_slug"] for m in first) == sorted(m["store_slug"] for m in second) == [
        "sample-crystal-commerce", "sample-shopify"]
    assert len(await queued_checks()) == 2  # the add queued them; the refreshes queued nothing more

