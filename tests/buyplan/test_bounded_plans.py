"""Bounded plans: a plan is worked out off the web process's event loop and shared threads, within its
time limit, one at a time per user; a plan the limit stopped says so on the page, with its gap."""

from __future__ import annotations

import asyncio
import threading
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from channels.db import database_sync_to_async
from django.test import AsyncClient

from availability.buyplan import running
from availability.buyplan.running import PlanMark
from availability.buyplan.views import plan_fragment
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from tests.availability.conftest import Browser
from tests.buyplan.test_plan_page import answer, bolt_offer

BUSY = "Your buy plan is already being worked out"


class HeldPlans:
    """Plans that, once on the pool, wait until the test lets them go: a plan "still running"."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.real = running.planned

    def planned(self, *args, **kwargs):
        self.started.set()
        assert self.release.wait(30), "the test never let the plan go"
        return self.real(*args, **kwargs)


@pytest.fixture
def held():
    plans = HeldPlans()
    with mock.patch.object(running, "planned", plans.planned):
        yield plans
    plans.release.set()


async def until(event: threading.Event) -> None:
    """Wait for a thread's event without holding the event loop (polls, bounded by the test's own timeout)."""
    while not event.is_set():
        await asyncio.sleep(0.01)


def four_bolts(alice, bolt, make_store, choose) -> None:
    shop = make_store("bolt-shop", name="Bolt Shop")
    choose(alice, shop)
    TrackedCard.objects.create(user=alice, card=bolt, amount=4)
    answer(shop, bolt, bolt_offer("2.00", 4))


@pytest.mark.django_db(transaction=True, databases="__all__")
async def test_a_second_plan_of_the_same_user_is_refused_while_the_first_is_worked_out(
    alice, bolt, make_store, choose, held
):
    await database_sync_to_async(four_bolts)(alice, bolt, make_store, choose)
    async with Browser(alice) as first_tab, Browser(alice) as second_tab:
        await first_tab.send({"type": "get_buy_plan"})
        await until(held.started)
        await second_tab.send({"type": "get_buy_plan"})
        refused = await second_tab.receive()
        assert refused["type"] == "error" and refused["request"] == "get_buy_plan"
        assert refused["message"].startswith(BUSY) and "ask again when it is done" in refused["message"]

        held.release.set()
        plan = await first_tab.receive()
        assert plan["type"] == "buy_plan" and plan["plan"]["copies"] == 4
        # Done: the next plan runs.
        await second_tab.send({"type": "get_buy_plan"})
        assert (await second_tab.receive())["type"] == "buy_plan"


@pytest.mark.django_db(transaction=True, databases="__all__")
async def test_the_web_process_serves_other_requests_while_a_plan_is_worked_out(
    alice, bolt, make_store, choose, held
):
    await database_sync_to_async(four_bolts)(alice, bolt, make_store, choose)
    client = AsyncClient()
    await client.aforce_login(alice)
    plan_page = asyncio.ensure_future(client.get("/plan/"))
    await until(held.started)
    # The plan holds a pool thread; the event loop and Django's thread for synchronous views do not wait.
    assert (await AsyncClient().get("/healthz")).status_code in (200, 503)
    assert (await client.get("/notifications/")).status_code == 200
    assert not plan_page.done()
    held.release.set()
    page = (await plan_page).content.decode()
    assert "4 of 4 copies" in page


def test_the_page_and_csv_say_so_while_another_plan_of_the_user_runs(alice, alice_client, bolt, make_store, choose):
    four_bolts(alice, bolt, make_store, choose)
    mark = PlanMark(alice.pk)
    mark.take()  # a plan of Alice's, in another tab or process
    try:
        page = alice_client.get("/plan/").content.decode()
        assert BUSY in page and "4 of 4 copies" not in page
        csv = alice_client.get("/plan/buy-plan.csv")
        assert csv.status_code == 429 and csv.content.decode().startswith(BUSY)
    finally:
        mark.drop()
    assert "4 of 4 copies" in alice_client.get("/plan/").content.decode()


def test_a_plan_the_time_limit_stopped_says_it_may_not_be_the_cheapest(
    alice, alice_client, bolt, make_store, choose, settings
):
    settings.BUY_PLAN_TIME_LIMIT_SECONDS = 0  # nothing is proven in no time: the search stops at once
    shops = [make_store(f"shop-{i}") for i in range(3)]
    choose(alice, *shops)
    for n, name in enumerate(["Lightning Bolt", "Counterspell", "Sol Ring", "Dark Ritual"]):
        card = bolt if n == 0 else Card.objects.create(name=name)
        TrackedCard.objects.create(user=alice, card=card, amount=2)
        for i, shop in enumerate(shops):
            answer(shop, card, {**bolt_offer(f"{1 + (n * 7 + i * 3) % 5}.00", 1), "name": name})
    page = alice_client.get("/plan/?max_stores=2&store_cost=1").content.decode()
    assert "This plan may not be the cheapest: stopped after 0 s" in page


def test_the_page_gives_the_gap_of_a_plan_the_time_limit_stopped():
    plan = {"stores": [], "missing": [{"card": "Lightning Bolt", "amount": 1, "wanted": 2, "for": "any printing"}],
            "optimal": False, "gap": 0.0342, "gap_percent": "3.4", "time_limit": 10, "total": "9.00",
            "items_total": "9.00", "store_costs_total": "0.00", "copies": 1, "wanted": 2, "currency": "USD",
            "savings": {"cheapest_each": {"total": "9.00", "copies": 1, "saving": "0.00"}, "best_single_store": None},
            "options": {"store_cost": "0.00", "max_stores": "", "currency": ""}, "planned_at": "2026-12-07T12:00:00+00:00",
            "checks_pending": 0, "checks_total": 1, "unreadable_stores": [], "unpriced": []}
    html = plan_fragment(plan, ZoneInfo("UTC"))
    assert "This plan may not be the cheapest: stopped after 10 s,\n        within 3.4 % of the best possible" in html
