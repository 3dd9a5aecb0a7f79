"""`cards.wishlist.wanted`: the one rule of which offers a user wants, and that every caller uses it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cards.wishlist.models import CardSpec
from cards.wishlist.wanted import condition_at_least, spec_accepts, under_ceiling, wanted, wanted_offers


@dataclass
class AnOffer:
    set_code: str | None = "m10"
    collector_number: str | None = "146"
    finish: str = "foil"
    quantity: int | None = 2


def test_a_spec_accepts_only_the_printings_it_names() -> None:
    spec = CardSpec(set_code="m10", collector_number="146", finish="foil")
    assert spec_accepts(spec, AnOffer(set_code="M10"))
    assert spec_accepts(spec, AnOffer(collector_number="0146"))
    assert not spec_accepts(spec, AnOffer(finish="nonfoil"))
    assert not spec_accepts(spec, AnOffer(set_code="m11"))
    assert not spec_accepts(spec, AnOffer(collector_number=None))  # a store hiding the number can't prove it
    assert spec_accepts(CardSpec(finish="etched"), AnOffer(set_code=None, collector_number=None, finish="etched"))
    assert spec_accepts(CardSpec(collector_number="24p"), AnOffer(collector_number="24P"))


def test_cached_dicts_and_rows_are_judged_alike() -> None:
    spec = CardSpec(set_code="m10", finish="foil")
    as_dict = {"set_code": "M10", "collector_number": "146", "finish": "foil", "quantity": 1}
    assert wanted(as_dict, [spec]) and wanted(AnOffer(), [spec])
    assert not wanted({**as_dict, "finish": "nonfoil"}, [spec])


def test_a_sold_out_listing_is_never_wanted_and_an_available_one_is() -> None:
    assert not wanted(AnOffer(quantity=0), [])
    assert not wanted({"finish": "foil", "quantity": 0}, [CardSpec(finish="foil")])
    assert wanted(AnOffer(quantity=None), [])  # the store says only "available"


def test_no_specs_means_any_printing_and_several_mean_any_of_them() -> None:
    offers = [AnOffer(), AnOffer(set_code="m11", collector_number="149"), AnOffer(set_code="lea", quantity=0)]
    assert wanted_offers(offers, []) == offers[:2]
    assert wanted_offers(offers, [CardSpec(set_code="m11"), CardSpec(set_code="2ed")]) == [offers[1]]


def test_the_condition_floor_accepts_it_and_better_only() -> None:
    assert condition_at_least("NM", "LP") and condition_at_least("LP", "LP")
    assert not condition_at_least("MP", "LP")
    assert not condition_at_least("", "DMG")  # unstated is not promised
    assert condition_at_least("", "") and condition_at_least("HP", "")


def test_the_price_ceiling_converts_currencies_and_refuses_without_a_rate() -> None:
    def convert(amount: Decimal, source: str, target: str) -> Decimal | None:
        return amount * 1000 if (source, target) == ("USD", "CLP") else None

    assert under_ceiling(Decimal("5"), "USD", None, "")
    assert under_ceiling(Decimal("5"), "USD", Decimal("5"), "USD")
    assert not under_ceiling(Decimal("5.01"), "usd", Decimal("5"), "USD")
    assert under_ceiling(Decimal("5"), "USD", Decimal("5000"), "CLP", convert)
    assert not under_ceiling(Decimal("5"), "USD", Decimal("4999"), "CLP", convert)
    assert not under_ceiling(Decimal("1"), "CAD", Decimal("5000"), "CLP", convert)  # no rate: not compared
    assert under_ceiling(Decimal("5"), "USD", Decimal("5"), "")  # a ceiling without currency compares numbers


def test_every_caller_uses_this_rule_and_no_copy_is_left() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    callers = ["availability/live/cells.py", "availability/checks/history.py",
               "availability/alerts/rules.py", "availability/buyplan/eligibility.py"]
    for path in callers:
        text = (root / path).read_text(encoding="utf-8")
        assert "from cards.wishlist.wanted import" in text, path
        assert ".matches(" not in text and "quantity == 0" not in text and ".index(" not in text, path


def test_a_sold_out_listing_is_out_of_stock_for_every_caller() -> None:
    """The dashboard cell used to trust the scraper to drop sold-out listings; now all four agree."""
    from availability.alerts.rules import AlertCriteria
    from availability.buyplan.eligibility import PlanOffer, WantedCard, eligible
    from availability.checks.history import best_offer
    from availability.checks.models import Offer
    from availability.checks.results import StoreAnswer
    from availability.live.cells import cell_message

    fields = {"set_code": "m10", "collector_number": "146", "finish": "foil", "condition": "NM",
              "price": Decimal("2.00"), "currency": "USD"}
    for quantity, in_stock in [(0, False), (3, True), (None, True)]:
        cached = {**fields, "price": "2.00", "quantity": quantity}
        cell = cell_message("Lightning Bolt", "shop", StoreAnswer("ok", [cached]), [CardSpec(set_code="m10")])
        row = Offer(**fields, quantity=quantity)
        criteria = AlertCriteria(enabled=True, specs=(CardSpec(finish="foil"),), amount=1)
        plan_offer = PlanOffer(store="shop", card="Lightning Bolt", quantity=quantity, **fields)
        assert (cell["status"] == "in_stock") is in_stock
        assert (best_offer([row], []) is not None) is in_stock
        assert criteria.accepts(row) is in_stock
        assert eligible(WantedCard("Lightning Bolt", 1), plan_offer) is in_stock


def test_only_the_one_rule_calls_its_parts() -> None:
    """Callers ask `wanted` or `Want.accepts`; a module that combines the parts itself is a second
    rule in the making (the buy plan's once dropped finish and language)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    parts = ("spec_accepts(", "condition_at_least(", "under_ceiling(", "same_language(", "UNSTATED_LANGUAGE")
    for package in ("availability", "cards", "stores", "lgs_checker"):
        for path in (root / package).rglob("*.py"):
            if path.name == "wanted.py" or "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            assert not [part for part in parts if part in text], path.relative_to(root)
