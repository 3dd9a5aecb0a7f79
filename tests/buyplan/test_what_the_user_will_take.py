"""The buy plan buys only what the alerts would tell of: one "what this user will take" for both.

A card's alert rule (or the user's alert defaults) may ask for a finish, a language, a minimum
condition and a price ceiling. The plan used to drop finish and language, so it bought a nonfoil or a
Japanese copy the user had excluded. The table test holds the alert rule and the plan's eligibility
against each other over offers × wants, so a second rule cannot creep back in unnoticed.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from itertools import product

import pytest
from django.utils import timezone

from availability.alerts.models import AlertRule, AlertSettings
from availability.alerts.rules import AlertCriteria
from availability.buyplan.running import run_plan
from availability.buyplan.userplan import PlanOptions, wanted_cards
from availability.buyplan.eligibility import PlanOffer, eligible
from availability.checks.models import Offer
from availability.checks.results import StoreAnswer, remember_answer
from availability.money.rates import RateTable
from cards.wishlist.models import CardSpec, TrackedCard

pytestmark = pytest.mark.django_db


def bolt_offer(price: str, *, finish: str = "nonfoil", language: str = "English", condition: str = "NM",
               quantity: int | None = 4, variant: str = "1") -> dict:
    return {"name": "Lightning Bolt", "set_name": "Magic 2010", "set_code": "m10", "collector_number": "146",
            "finish": finish, "condition": condition, "condition_raw": condition, "language": language,
            "price": price, "currency": "USD", "quantity": quantity,
            "url": f"https://shop.example/products/bolt?variant={variant}", "variant_id": variant}


@pytest.fixture
def shop(make_store, choose, alice):
    store = make_store("bolt-shop", name="Bolt Shop", platform="shopify", currency="USD")
    choose(alice, store)
    return store


@pytest.fixture
def two_bolts(alice, bolt):
    return TrackedCard.objects.create(user=alice, card=bolt, amount=2)


def answer(store, card, *offers) -> None:
    remember_answer(store.pk, card.pk, StoreAnswer("ok", list(offers), checked_at=timezone.now()), timedelta(hours=1))


def bought(plan: dict) -> list[tuple[str, str, str]]:
    return [(item["finish"], item["language"], item["price"]) for store in plan["stores"] for item in store["items"]]


def test_a_foil_only_rule_gets_a_plan_that_never_buys_a_nonfoil_copy(alice, shop, bolt, two_bolts):
    AlertRule.objects.create(tracked_card=two_bolts, finish="foil")
    answer(shop, bolt, bolt_offer("1.00", finish="nonfoil", variant="1"), bolt_offer("4.00", finish="foil", quantity=1, variant="2"))

    plan = run_plan(alice, PlanOptions())

    assert bought(plan) == [("foil", "English", "4.00")]
    assert plan["missing"] == [{"card": "Lightning Bolt", "amount": 1, "wanted": 2, "for": "any printing"}]


def test_an_english_only_default_gets_a_plan_that_never_buys_another_language(alice, shop, bolt, two_bolts):
    AlertSettings.objects.create(user=alice, language="English")
    answer(shop, bolt, bolt_offer("0.50", language="Japanese", variant="1"),
           bolt_offer("3.00", language="", quantity=1, variant="2"))  # a store naming no language sells English

    plan = run_plan(alice, PlanOptions())

    assert bought(plan) == [("nonfoil", "", "3.00")]
    assert plan["missing"] == [{"card": "Lightning Bolt", "amount": 1, "wanted": 2, "for": "any printing"}]


# --- the two callers of the one rule agree ---------------------------------------------------------

RULES = [
    {},
    {"finish": "foil"},
    {"finish": "nonfoil"},
    {"language": "English"},
    {"language": "japanese"},
    {"min_condition": "LP"},
    {"max_price": Decimal("2.00"), "max_price_currency": "USD"},
    {"finish": "foil", "language": "English", "min_condition": "NM", "max_price": Decimal("5.00"),
     "max_price_currency": "USD"},
]
SPECS = [[], [{"finish": "foil"}], [{"set_code": "m11"}], [{"set_code": "m10", "collector_number": "146"}]]
OFFERS = [
    {"finish": finish, "language": language, "condition": condition, "price": Decimal(price), "quantity": quantity}
    for finish, language, condition, price, quantity in product(
        ["nonfoil", "foil"], ["English", "Japanese", ""], ["NM", "MP"], ["1.00", "4.00"], [0, 2, None]
    )
]


def test_the_alert_rule_and_the_plan_agree_on_every_offer_for_every_want(alice, bolt):
    tracked = TrackedCard.objects.create(user=alice, card=bolt, amount=1)
    defaults = AlertSettings(user=alice)
    table = RateTable.current(None)
    checked = 0
    for rule_fields, specs in product(RULES, SPECS):
        CardSpec.objects.filter(tracked_card=tracked).delete()
        for spec in specs:
            CardSpec.objects.create(tracked_card=tracked, **spec)
        AlertRule.objects.update_or_create(tracked_card=tracked, defaults={
            "finish": "", "language": "", "min_condition": "", "max_price": None, "max_price_currency": "",
            **rule_fields,
        })
        tracked = TrackedCard.objects.select_related("alert_rule").prefetch_related("specs").get(pk=tracked.pk)
        criteria = AlertCriteria.for_tracked_card(tracked, defaults)
        [want] = wanted_cards(alice, "USD", table)
        for fields in OFFERS:
            printing = {"set_code": "m10", "collector_number": "146"}
            row = Offer(**printing, **fields, currency="USD")
            plan_offer = PlanOffer(store="shop", card="Lightning Bolt", **printing, **fields, currency="USD")
            assert criteria.accepts(row) == eligible(want, plan_offer), (rule_fields, specs, fields)
            checked += 1
    assert checked == len(RULES) * len(SPECS) * len(OFFERS)


def test_the_command_lines_wants_take_a_finish_and_a_language_too() -> None:
    from availability.buyplan.jsonio import parse_offers, parse_wants
    from availability.buyplan.solver import solve

    wants = parse_wants([{"card": "Lightning Bolt", "amount": 2, "finish": "foil", "language": "English"}])
    offer = {"store": "shop", "card": "Lightning Bolt", "condition": "NM", "currency": "USD", "quantity": 1}
    offers = parse_offers([
        {**offer, "finish": "nonfoil", "language": "English", "price": "1.00"},
        {**offer, "finish": "foil", "language": "Japanese", "price": "2.00"},
        {**offer, "finish": "foil", "language": "English", "price": "5.00"},
    ])

    plan = solve(wants, offers)

    assert [(p.offer.finish, p.offer.language, p.offer.price) for p in plan.purchases] == [
        ("foil", "English", Decimal("5.00"))
    ]
