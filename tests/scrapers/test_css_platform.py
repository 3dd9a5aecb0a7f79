from __future__ import annotations

from decimal import Decimal

import pytest

from scraper_fixtures import saved_page
from scrapers import css
from scrapers.errors import UnreadablePage
from scrapers.sample_store.server import CSS_SELECTORS

BASE = "https://shop.example/search?q=counterspell"


def selectors(**overrides: str):
    return {key: css.compile_selector(value) for key, value in {**CSS_SELECTORS, **overrides}.items()}


def test_it_reads_products_with_xpath_selectors() -> None:
    page = css.parse_page(saved_page("css", "search.html"), "Counterspell", selectors(), base_url=BASE)
    offers = page.offers
    assert page.related and page.has_next_page
    assert [(o.set_name, o.condition, o.price, o.currency, o.quantity) for o in offers] == [
        ("Ice Age", "MP", Decimal("1.50"), "EUR", 2),
        ("Tempest Remastered", "", Decimal("0.90"), "EUR", None),  # the page states no condition
    ]
    assert offers[0].url == "https://shop.example/cards/10"


def test_it_skips_products_an_out_of_stock_selector_matches() -> None:
    chosen = selectors(out_of_stock=".//div[@class='stock'][contains(., 'Sold out')]")
    offers = css.parse_page(saved_page("css", "search.html"), "Counterspell", chosen, base_url=BASE).offers
    assert [o.set_name for o in offers] == ["Ice Age", "Tempest Remastered"]


def test_it_refuses_a_page_without_the_results_element() -> None:
    with pytest.raises(UnreadablePage):
        css.parse_page(b"<html><body>Down</body></html>", "Counterspell", selectors(), base_url=BASE)


def test_it_rejects_invalid_xpath() -> None:
    with pytest.raises(css.SelectorError):
        css.compile_selector(".//div[")


def test_it_reads_css_selectors_when_cssselect_is_installed() -> None:
    pytest.importorskip("cssselect")
    chosen = selectors(product="article.card-listing", name="a.title", url="a.title @href")
    offers = css.parse_page(saved_page("css", "search.html"), "Counterspell", chosen, base_url=BASE).offers
    assert offers[0].url == "https://shop.example/cards/10"
