"""The solver against exhaustive search on small random lists, and the cases a user would recognise."""

from __future__ import annotations

import itertools
import random
from decimal import Decimal

import pytest

from availability.buyplan.eligibility import AcceptablePrinting, PlanOffer, WantedCard, eligible
from availability.buyplan.jsonio import plan_json
from availability.buyplan.solver import best_single_store, cheapest_everywhere, solve
from bench.buy_plan import realistic_list

D = Decimal


def offer(store, card="Bolt", price="1.00", quantity=1, condition="NM", set_code="M10",
          number="146", finish="nonfoil") -> PlanOffer:
    return PlanOffer(store=store, card=card, set_code=set_code, collector_number=number, finish=finish,
                     condition=condition, price=D(price), quantity=quantity)


def exhaustive(wants, offers, store_cost, max_stores) -> tuple[int, Decimal]:
    """(most copies, least total) over every set of stores, each want buying its cheapest copies
    there: exact when no two wants can use the same offer, as in the random instances."""
    stores = sorted({o.store for o in offers})
    best = (0, D("0"))
    for size in range(1, len(stores) + 1):
        if max_stores is not None and size > max_stores:
            break
        for chosen in itertools.combinations(stores, size):
            copies, items, used = 0, D("0"), set()
            for want in wants:
                needed = want.amount
                for o in sorted((o for o in offers if o.store in chosen and eligible(want, o)), key=lambda o: o.price):
                    take = min(needed, o.copies)
                    if take:
                        copies, items, needed = copies + take, items + take * o.price, needed - take
                        used.add(o.store)
            total = items + store_cost * len(used)
            if (copies, -total) > (best[0], -best[1]):
                best = (copies, total)
    return best


def random_instance(rng: random.Random):
    cards = rng.sample(["Bolt", "Counterspell", "Sol Ring", "Fire // Ice", "Delver"], rng.randint(1, 4))
    stores = [f"store-{i}" for i in range(rng.randint(1, 4))]
    offers = [
        PlanOffer(
            store=rng.choice(stores), card=rng.choice(cards), set_code=rng.choice(["AAA", "BBB", "CCC"]),
            collector_number=rng.choice(["1", "2"]), finish=rng.choice(["nonfoil", "foil"]),
            condition=rng.choice(["NM", "LP", "MP", "HP", "DMG"]),
            price=D(rng.randint(10, 1000)) / 100, quantity=rng.choice([0, 1, 1, 2, 3, 4, None]),
        )
        for _ in range(rng.randint(0, 14))
    ]
    wants = []
    for card in cards:
        printings = tuple(
            AcceptablePrinting(rng.choice(["", "AAA", "BBB"]), rng.choice(["", "", "1"]), rng.choice(["", "", "foil"]))
            for _ in range(rng.choice([0, 0, 1, 2]))
        )
        wants.append(WantedCard(
            card=card, amount=rng.randint(1, 5), printings=printings,
            min_condition=rng.choice(["", "", "NM", "LP", "MP"]),
            max_price=rng.choice([None, None, D("3.00"), D("6.50")]),
        ))
    store_cost = rng.choice([D("0"), D("0.50"), D("2.00"), D("5.00")])
    max_stores = rng.choice([None, None, 1, 2, 3])
    return wants, offers, store_cost, max_stores


@pytest.mark.parametrize("seed", range(250))
def test_it_matches_exhaustive_search_on_random_small_lists(seed):
    wants, offers, store_cost, max_stores = random_instance(random.Random(seed))
    plan = solve(wants, offers, store_cost, max_stores)
    assert plan.optimal
    assert (plan.copies, plan.total) == exhaustive(wants, offers, store_cost, max_stores)
    # And the plan itself is one a store can fill and the user accepts.
    assert max_stores is None or len(plan.stores_used) <= max_stores
    for purchase in plan.purchases:
        assert eligible(purchase.want, purchase.offer) and purchase.quantity <= purchase.offer.copies
    assert sum(copies for _want, copies in plan.missing) == sum(w.amount for w in wants) - plan.copies
    # The page's "best single store" comparison is exact too.
    single = best_single_store(wants, offers, store_cost)
    assert ((single.copies, single.total) if single else (0, D("0"))) == exhaustive(wants, offers, store_cost, 1)


def test_a_store_cost_makes_one_store_cheaper_than_each_card_at_its_cheapest():
    wants = [WantedCard("Bolt", 1), WantedCard("Counterspell", 1)]
    offers = [offer("a", "Bolt", "1.00"), offer("a", "Counterspell", "2.00"),
              offer("b", "Bolt", "2.00"), offer("b", "Counterspell", "1.00")]
    assert solve(wants, offers).total == D("2.00")  # free stores: each at its cheapest
    plan = solve(wants, offers, store_cost=D("5.00"))
    assert len(plan.stores_used) == 1 and plan.total == D("8.00")
    assert cheapest_everywhere(wants, offers, D("5.00")).total == D("12.00")


def test_copies_are_split_across_stores_by_what_each_has():
    wants = [WantedCard("Bolt", 4)]
    offers = [offer("a", price="1.00", quantity=3), offer("b", price="1.50", quantity=2)]
    plan = solve(wants, offers)
    assert {(p.offer.store, p.quantity) for p in plan.purchases} == {("a", 3), ("b", 1)}
    assert plan.total == D("4.50") and not plan.missing


def test_a_condition_floor_leaves_out_worse_copies():
    wants = [WantedCard("Bolt", 1, min_condition="LP")]
    plan = solve(wants, [offer("a", price="0.50", condition="MP"), offer("b", price="2.00", condition="LP")])
    assert [(p.offer.store, p.offer.condition) for p in plan.purchases] == [("b", "LP")]


def test_a_price_ceiling_leaves_out_dearer_copies_and_says_what_is_missing():
    wants = [WantedCard("Bolt", 3, max_price=D("2.00"))]
    plan = solve(wants, [offer("a", price="2.00", quantity=1), offer("b", price="2.01", quantity=5)])
    assert plan.copies == 1 and plan.total == D("2.00")
    assert [(w.card, n) for w, n in plan.missing] == [("Bolt", 2)]


def test_acceptable_printings_pick_the_set_and_finish():
    wants = [WantedCard("Bolt", 1, printings=(AcceptablePrinting("m10", "", "foil"),))]
    offers = [offer("a", price="1.00"), offer("b", price="9.00", finish="foil", set_code="M10", number="0146")]
    assert [p.offer.store for p in solve(wants, offers).purchases] == ["b"]


def test_nothing_available_is_an_empty_plan_with_everything_missing():
    wants = [WantedCard("Bolt", 2), WantedCard("Counterspell", 1)]
    plan = solve(wants, [offer("a", "Bolt", quantity=0)], store_cost=D("5.00"))
    assert plan.purchases == [] and plan.total == D("0") and plan.optimal
    assert [(w.card, n) for w, n in plan.missing] == [("Bolt", 2), ("Counterspell", 1)]


def test_two_wants_for_one_card_share_the_stock_without_buying_a_copy_twice():
    wants = [WantedCard("Bolt", 2, printings=(AcceptablePrinting(finish="nonfoil"),)), WantedCard("Bolt", 2)]
    offers = [offer("a", price="1.00", quantity=3), offer("a", price="5.00", quantity=1, finish="foil")]
    plan = solve(wants, offers)
    assert plan.copies == 4 and plan.total == D("8.00")
    assert best_single_store(wants, offers).total == D("8.00")


def test_max_stores_keeps_the_plan_to_that_many_stores_buying_the_most_copies_it_can():
    wants = [WantedCard("Bolt", 1), WantedCard("Counterspell", 1)]
    offers = [offer("a", "Bolt", "1.00"), offer("b", "Counterspell", "1.00"), offer("c", "Counterspell", "3.00"),
              offer("c", "Bolt", "3.00")]
    plan = solve(wants, offers, max_stores=1)
    assert plan.stores_used == ["c"] and plan.copies == 2


def test_past_the_time_limit_it_returns_its_best_plan_flagged_not_optimal():
    wants, offers = realistic_list(100, 30, random.Random(5))
    plan = solve(wants, offers, D("5.00"), time_limit=0)
    greedy = cheapest_everywhere(wants, offers, D("5.00"))
    assert not plan.optimal and (plan.gap is None or plan.gap > 0)
    assert plan.copies == greedy.copies and plan.total <= greedy.total  # every copy there is, no dearer
    assert plan_json(plan, "USD")["optimal"] is False

    limited = solve(wants, offers, D("5.00"), max_stores=3, time_limit=0)
    assert not limited.optimal and len(limited.stores_used) == 3 and limited.copies > 0


def test_mixed_currencies_convert_with_a_rate_and_offers_without_one_are_left_out():
    from availability.buyplan.jsonio import price_in

    rates = {("EUR", "USD"): D("1.10")}

    def convert(amount, source, target):
        rate = rates.get((source, target))
        return None if rate is None else (amount * rate).quantize(D("0.01"))

    offers = [
        PlanOffer("euro-shop", "Bolt", "M10", "146", "nonfoil", "NM", D("1.00"), 1, currency="EUR"),
        PlanOffer("usd-shop", "Bolt", "M10", "146", "nonfoil", "NM", D("1.20"), 1, currency="USD"),
        PlanOffer("peso-shop", "Bolt", "M10", "146", "nonfoil", "NM", D("100"), 9, currency="CLP"),
    ]
    priced, unpriced = price_in(offers, "USD", convert)
    assert [o.store for o in unpriced] == ["peso-shop"]
    plan = solve([WantedCard("Bolt", 3)], priced)
    assert plan.total == D("2.30") and [(w.card, n) for w, n in plan.missing] == [("Bolt", 1)]
    euro = next(p.offer for p in plan.purchases if p.offer.store == "euro-shop")
    assert (euro.price, euro.original_price, euro.currency) == (D("1.10"), D("1.00"), "EUR")
