from __future__ import annotations

from decimal import Decimal

import pytest

from scraper_fixtures import saved_json
from scrapers import woocommerce
from scrapers.errors import UnreadablePage

SOL_RING_ANSWER = saved_json("woocommerce", "products_sol_ring.json")


def offers(**settings):
    page = woocommerce.parse_products(SOL_RING_ANSWER, "Sol Ring", settings)
    return {o.variant_id: o for o in page.offers}, page.related


def test_it_reads_condition_and_language_appended_to_the_name() -> None:
    by_id, matched = offers()
    first = by_id["1201"]
    assert matched
    assert (first.condition, first.language, first.price, first.currency, first.quantity) == (
        "NM", "Spanish", Decimal("2690"), "CLP", 2,
    )
    assert first.name == "Sol Ring — Near Mint · Spanish"


def test_it_reads_set_condition_and_language_from_store_attributes() -> None:
    by_id, _ = offers()
    second = by_id["1202"]
    assert (second.set_name, second.condition, second.language, second.quantity) == (
        "Commander 2021", "LP", "English", None,
    )


def test_it_honours_the_currency_minor_unit() -> None:
    by_id, _ = offers()
    assert (by_id["1203"].price, by_id["1203"].currency, by_id["1203"].finish) == (Decimal("12.34"), "USD", "etched")
    assert by_id["1203"].quantity == 3


def test_it_skips_out_of_stock_tokens_other_cards_and_malformed_products() -> None:
    by_id, _ = offers()
    assert set(by_id) == {"1201", "1202", "1203"}


def test_it_filters_by_category_when_configured() -> None:
    by_id, _ = offers(category="mtg")
    assert set(by_id) == {"1201", "1202"}


def test_it_unescapes_html_in_names() -> None:
    found = woocommerce.parse_products(SOL_RING_ANSWER, "Urza's Saga").offers
    assert [o.name for o in found] == ["Urza’s Saga"]


def test_it_refuses_an_answer_that_is_not_a_product_list() -> None:
    with pytest.raises(UnreadablePage):
        woocommerce.parse_products({"code": "rest_no_route"}, "Sol Ring")
