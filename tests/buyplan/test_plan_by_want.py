"""A buy plan by want: each of a card's wants ("2 STA 42", "1 any printing") is its own demand, a copy
fills one want, and the page, CSV and socket say which want each bought copy fills."""

from __future__ import annotations

import csv
import io
import random
from decimal import Decimal

import pytest
from channels.db import database_sync_to_async

from availability.buyplan.eligibility import AcceptablePrinting, PlanOffer, WantedCard, eligible
from availability.buyplan.solver import solve
from cards.wishlist.models import CardSpec, TrackedCard
from tests.availability.conftest import Browser
from tests.buyplan.test_plan_page import answer, bolt_offer

D = Decimal
SETS = ["STA", "M10"]


def brute_force(wants, offers, store_cost, max_stores) -> tuple[int, Decimal]:
    """(most copies, least total) over every way of giving each offer's copies to the wants that
    accept them, each copy to one want: an enumeration of assignments, independent of the solver."""
    options = []  # per offer: every split of some of its copies over the wants that accept it
    for offer in offers:
        accepting = [w for w, want in enumerate(wants) if eligible(want, offer)]
        splits = [{}]
        for w in accepting:
            splits = [{**split, w: n} for split in splits
                      for n in range(min(wants[w].amount, offer.copies - sum(split.values())) + 1)]
        options.append(splits)
    best = (0, D("0"))

    def walk(o: int, taken: list[int], copies: int, cost: Decimal, stores: frozenset) -> None:
        nonlocal best
        if o == len(offers):
            if max_stores is None or len(stores) <= max_stores:
                total = cost + store_cost * len(stores)
                if (copies, -total) > (best[0], -best[1]):
                    best = (copies, total)
            return
        for split in options[o]:
            if any(taken[w] + n > wants[w].amount for w, n in split.items()):
                continue
            bought = sum(split.values())
            for w, n in split.items():
                taken[w] += n
            walk(o + 1, taken, copies + bought, cost + bought * offers[o].price,
                 stores | {offers[o].store} if bought else stores)
            for w, n in split.items():
                taken[w] -= n

    walk(0, [0] * len(wants), 0, D("0"), frozenset())
    return best


def mixed_instance(rng: random.Random):
    """One or two cards, each wanted as a mix of specific printings (set, number, finish) and "any
    printing", with a language rule now and then; offers in two sets, both finishes, three languages."""
    cards = rng.sample(["Lightning Bolt", "Counterspell"], rng.randint(1, 2))
    stores = [f"store-{i}" for i in range(rng.randint(1, 3))]
    offers = [
        PlanOffer(
            store=rng.choice(stores), card=rng.choice(cards), set_code=rng.choice(SETS),
            collector_number=rng.choice(["42", "146"]), finish=rng.choice(["nonfoil", "nonfoil", "foil"]),
            condition=rng.choice(["NM", "LP", "MP"]), price=D(rng.randint(10, 900)) / 100,
            quantity=rng.choice([0, 1, 1, 2, 2, 3, None]), language=rng.choice(["", "English", "Japanese"]),
        )
        for _ in range(rng.randint(1, 4))
    ]
    wants = []
    for card in cards:
        language = rng.choice(["", "", "English", "Japanese"])
        for _ in range(rng.randint(1, 3) if len(cards) == 1 else rng.randint(1, 2)):
            printings = rng.choice([
                (),  # any printing
                (AcceptablePrinting(rng.choice(SETS), rng.choice(["", "42"]), rng.choice(["", "foil", "nonfoil"])),),
            ])
            wants.append(WantedCard(card=card, amount=rng.randint(1, 3), printings=printings, language=language,
                                    min_condition=rng.choice(["", "", "LP"])))
    store_cost = rng.choice([D("0"), D("0.50"), D("3.00")])
    max_stores = rng.choice([None, None, 1, 2])
    return wants, offers, store_cost, max_stores


@pytest.mark.parametrize("seed", range(240))
def test_each_want_is_its_own_demand_and_the_plan_matches_exhaustive_search(seed):
    wants, offers, store_cost, max_stores = mixed_instance(random.Random(seed))
    plan = solve(wants, offers, store_cost, max_stores)
    assert plan.optimal
    assert (plan.copies, plan.total) == brute_force(wants, offers, store_cost, max_stores)
    # Every copy fills a want that accepts it, no want gets more than it asked for, no offer sells
    # more than it has, and what is missing is counted per want.
    for purchase in plan.purchases:
        assert eligible(purchase.want, purchase.offer)
    for want in wants:
        assert sum(p.quantity for p in plan.purchases if p.want is want) <= want.amount
    for offer in offers:
        assert sum(p.quantity for p in plan.purchases if p.offer is offer) <= offer.copies
    assert sum(n for _want, n in plan.missing) == sum(w.amount for w in wants) - plan.copies


@pytest.mark.parametrize("seed", range(1000, 1150))
def test_with_no_limit_on_stores_each_cards_most_copies_then_the_cheapest_match_exhaustive_search(seed):
    # No store limit: the solver fixes each card's copies first (its own path when wants share offers).
    wants, offers, store_cost, _max_stores = mixed_instance(random.Random(seed))
    plan = solve(wants, offers, store_cost)
    assert plan.optimal
    assert (plan.copies, plan.total) == brute_force(wants, offers, store_cost, None)
    for purchase in plan.purchases:
        assert eligible(purchase.want, purchase.offer)
    for offer in offers:
        assert sum(p.quantity for p in plan.purchases if p.offer is offer) <= offer.copies


def test_two_sta_copies_fill_the_sta_want_and_the_any_printing_want_takes_the_cheapest_other():
    sta = AcceptablePrinting("STA", "42")
    wants = [WantedCard("Lightning Bolt", 1), WantedCard("Lightning Bolt", 2, printings=(sta,))]
    offers = [PlanOffer("north", "Lightning Bolt", "STA", "42", "nonfoil", "NM", D("5.00"), 3),
              PlanOffer("south", "Lightning Bolt", "M10", "146", "nonfoil", "NM", D("1.99"), 4)]
    plan = solve(wants, offers)
    assert sorted((p.offer.set_code, p.quantity, p.want.label) for p in plan.purchases) == [
        ("M10", 1, "any printing"), ("STA", 2, "STA 42")]
    assert plan.total == D("11.99") and not plan.missing


def track_three_bolts_one_any_two_sta(alice, bolt, make_store, choose):
    """3 Lightning Bolt: 1 any printing, 2 STA #42; STA copies at one store, cheaper Bolts at another."""
    north = make_store("north-games", name="North Games", platform="shopify", homepage="https://north.example")
    south = make_store("south-games", name="South Games", platform="crystal_commerce")
    choose(alice, north, south)
    tracked = TrackedCard.objects.create(user=alice, card=bolt, amount=3)
    CardSpec.objects.create(tracked_card=tracked, amount=1)
    CardSpec.objects.create(tracked_card=tracked, set_code="sta", collector_number="42", amount=2)
    sta = {**bolt_offer("5.00", 3, "4200", set_code="sta", host="north.example"), "collector_number": "42"}
    answer(north, bolt, sta)
    answer(south, bolt, bolt_offer("1.99", 4))
    return north, south


@pytest.fixture
def three_bolts_one_any_two_sta(alice, bolt, make_store, choose):
    return track_three_bolts_one_any_two_sta(alice, bolt, make_store, choose)


def test_the_plan_page_buys_two_sta_copies_and_one_other_and_says_which_want_each_fills(
    alice_client, three_bolts_one_any_two_sta
):
    page = alice_client.get("/plan/").content.decode()
    assert "3 of 3 copies" in page and "USD 11.99" in page
    north = page.split('data-store="north-games"')[1].split("</section>")[0]
    south = page.split('data-store="south-games"')[1].split("</section>")[0]
    assert '<td class="quantity" data-label="Qty">2</td>' in north and '>STA 42</td>' in north
    assert '<td class="quantity" data-label="Qty">1</td>' in south and '>any printing</td>' in south

    rows = list(csv.DictReader(io.StringIO(alice_client.get("/plan/buy-plan.csv").content.decode())))
    assert sorted((r["store"], r["set_code"], r["quantity"], r["for"]) for r in rows) == [
        ("North Games", "sta", "2", "STA 42"), ("South Games", "m10", "1", "any printing")]


@pytest.mark.django_db(transaction=True, databases="__all__")
async def test_the_socket_plan_buys_two_sta_copies_and_one_other(alice, bolt, make_store, choose):
    await database_sync_to_async(track_three_bolts_one_any_two_sta)(alice, bolt, make_store, choose)
    async with Browser(alice) as browser:
        await browser.send({"type": "get_buy_plan"})
        reply = await browser.receive()
    items = [(store["store"], item["set_code"], item["quantity"], item["for"])
             for store in reply["plan"]["stores"] for item in store["items"]]
    assert sorted(items) == [("north-games", "sta", 2, "STA 42"), ("south-games", "m10", 1, "any printing")]
    assert (reply["plan"]["copies"], reply["plan"]["missing"]) == (3, [])
    assert ">STA 42</td>" in reply["html"]
