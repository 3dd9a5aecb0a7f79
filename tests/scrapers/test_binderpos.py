from __future__ import annotations

from decimal import Decimal

import pytest

from scraper_fixtures import saved_json, saved_page
from scrapers import binderpos
from scrapers.errors import UnreadablePage

BASE = "https://hairyt.example"
DOCKSIDE = saved_json("binderpos", "api_dockside.json")


def test_it_reads_set_code_collector_number_and_quantity_inline() -> None:
    answer = binderpos.parse_api_response(DOCKSIDE, "Dockside Extortionist", BASE)
    offers = answer.offers
    assert answer.related and answer.total == 4
    nm = next(o for o in offers if o.condition == "NM" and o.set_code == "C19")
    assert (nm.collector_number, nm.price, nm.quantity, nm.finish) == ("24", Decimal("54.99"), 2, "nonfoil")
    assert nm.url == f"{BASE}/products/dockside-extortionist-commander-2019?variant=39000000001"


def test_it_skips_art_cards_sold_out_and_malformed_variants() -> None:
    offers = binderpos.parse_api_response(DOCKSIDE, "Dockside Extortionist", BASE).offers
    assert sorted((o.set_code, o.condition, o.finish, o.price) for o in offers) == [
        ("2X2", "NM", "foil", Decimal("89.99")),
        ("C19", "LP", "foil", Decimal("41.50")),
        ("C19", "NM", "nonfoil", Decimal("54.99")),
    ]


def test_it_refuses_an_answer_without_products() -> None:
    with pytest.raises(UnreadablePage):
        binderpos.parse_api_response({"message": "Internal error"}, "Dockside Extortionist", BASE)


def test_it_sends_the_store_by_its_myshopify_name() -> None:
    query = binderpos.api_query(binderpos.shop_domain("HairyTarantula"), "Sol Ring", offset=30, limit=30)
    assert query["storeUrl"] == "hairytarantula.myshopify.com"
    assert (query["title"], query["instockOnly"], query["offset"], query["game"]) == ("Sol Ring", True, 30, "mtg")
    assert binderpos.shop_domain("x.myshopify.com") == "x.myshopify.com"


def test_it_reads_the_theme_html_chips_and_skips_sold_out_cards() -> None:
    page = binderpos.parse_theme_page(
        saved_page("binderpos", "theme_search.html"), "Llanowar Elves", BASE + "/search?q=llanowar+elves"
    )
    offers = page.offers
    assert page.related and page.has_next_page
    assert [(o.variant_id, o.condition, o.finish, o.price, o.quantity) for o in offers] == [
        ("3901", "NM", "nonfoil", Decimal("0.25"), 4),
        ("3902", "LP", "foil", Decimal("1.25"), 2),
    ]
    assert offers[0].url == f"{BASE}/products/llanowar-elves-dominaria?variant=3901"


def test_it_refuses_a_theme_page_it_does_not_recognise() -> None:
    with pytest.raises(UnreadablePage):
        binderpos.parse_theme_page(b"<html><body><h1>Closed</h1></body></html>", "Llanowar Elves", BASE)
