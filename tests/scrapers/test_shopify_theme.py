"""`scrapers.shopify_theme`: a Shopify results page read from what themes share, small pages each
showing one way a theme may say what is in stock."""

from __future__ import annotations

import json
from decimal import Decimal
from html import escape

import pytest

from scrapers import shopify_theme
from scrapers.errors import UnreadablePage

BASE = "https://shop.example/search?q=sol+ring"
SEARCH_PAGE = '<script>var meta = {"page":{"pageType":"searchresults"}};</script>'


def page(body: str, head: str = SEARCH_PAGE) -> str:
    return f"<html><head>{head}</head><body><main><h1>Search</h1><ul class='grid'>{body}</ul></main></body></html>"


def offers(html: str, card: str = "Sol Ring") -> list[tuple]:
    read = shopify_theme.parse_theme_page(html, card, BASE, "USD")
    return [(o.set_name, o.finish, o.condition, o.price, o.currency, o.quantity, o.variant_id) for o in read.offers]


def test_variants_in_a_json_script_say_which_are_in_stock() -> None:
    product = {"id": 1, "title": "Sol Ring [Commander 2021]", "type": "MTG Single", "variants": [
        {"id": 11, "title": "Near Mint", "price": 150, "available": True, "sku": "C21-263-EN-NF-1"},
        {"id": 12, "title": "Near Mint Foil", "price": 900, "available": False, "sku": "C21-263-EN-FO-1"}]}
    card = (f'<li><a href="/products/sol-ring-c21">Sol Ring [Commander 2021]</a><span class="price">$1.50</span>'
            f'<script type="application/json" data-product-json>{json.dumps(product)}</script></li>')
    assert offers(page(card)) == [("Commander 2021", "nonfoil", "NM", Decimal("1.50"), "USD", None, "11")]


def test_the_pages_meta_describes_the_variant_a_quick_add_form_adds() -> None:
    meta = {"products": [{"id": 1, "type": "MTG Single", "variants": [
        {"id": 21, "price": 250, "public_title": "Lightly Played", "sku": "C21-263-EN-NF-2"}]}],
        "page": {"pageType": "searchresults"}}
    card = ('<li><a href="/products/sol-ring-c21">Sol Ring [Commander 2021]</a><span class="price">$2.50</span>'
            '<form action="/cart/add"><input type="hidden" name="id" value="21"><button>Add to cart</button></form></li>')
    html = page(card, f"<script>var meta = {json.dumps(meta)};\nfor (var attr in meta) {{}}</script>")
    assert offers(html) == [("Commander 2021", "nonfoil", "LP", Decimal("2.50"), "USD", None, "21")]


def test_another_games_product_named_like_the_card_is_not_the_card() -> None:
    card = ('<li data-product-type="Flesh and Blood Single"><a href="/products/sol-ring-fab">Sol Ring</a>'
            '<ul><li data-variant-id="31" data-variant-title="Near Mint" data-price="150" data-quantity="2">NM</li></ul>'
            '<form action="/cart/add"><button>Add</button></form></li>')
    read = shopify_theme.parse_theme_page(page(card), "Sol Ring", BASE)
    assert (read.listings, read.products_seen) == ([], 1)


@pytest.mark.parametrize("shown, expected", [
    ("£11.40 GBP", Decimal("11.40")),  # "1140" is pence: the page shows £11.40
    ("£1,140.00 GBP", Decimal("1140.00")),  # the same attribute in pounds, as the page shows it
])
def test_an_integer_price_is_read_in_the_unit_the_visible_price_shows(shown, expected) -> None:
    card = (f'<li><a href="/products/x">Sol Ring</a><p class="setName">Commander 2021</p>'
            f'<ul><li data-variantId="41" data-price="1140" data-variantTitle="Near Mint" data-variantQuantity="1">NM</li>'
            f'</ul><p class="price">{shown}</p><form action="/cart/add"><button>Add</button></form></li>')
    assert offers(page(card)) == [("Commander 2021", "nonfoil", "NM", expected, "GBP", 1, "41")]


def test_option_text_carries_the_title_price_and_sold_out_mark() -> None:
    options = "".join(f'<option value="{vid}"{" disabled" if "Sold" in text else ""}>{escape(text)}</option>'
                      for vid, text in ((51, "Near Mint - $1.50"), (52, "Lightly Played - Sold out"),
                                        (53, "Moderately Played (Sold out)")))
    card = (f'<li><a href="/products/sol-ring-c21">Sol Ring [Commander 2021]</a>'
            f'<form action="/cart/add"><select name="id">{options}</select><button>Add</button></form></li>')
    assert offers(page(card)) == [("Commander 2021", "nonfoil", "NM", Decimal("1.50"), "USD", None, "51")]


def test_a_page_that_says_it_found_nothing_is_empty() -> None:
    read = shopify_theme.parse_theme_page(page("<p>Your search for \"Sol Ring\" did not yield any results.</p>"),
                                          "Sol Ring", BASE)
    assert (read.listings, read.related, read.has_next_page) == ([], False, False)


@pytest.mark.parametrize("body, reason", [
    ('<div class="binderpos-advanced-search" data-query="sol ring"></div>', "advanced search widget"),
    ('<div class="results"><span>Loading…</span></div>', "still loading"),
    ('<div id="product-grid" class="product-grid"></div>', "results grid is empty"),
])
def test_a_page_saved_before_its_results_rendered_cannot_be_read(body, reason) -> None:
    with pytest.raises(UnreadablePage) as refused:
        shopify_theme.parse_theme_page(page(body), "Sol Ring", BASE)
    assert refused.value.reason.startswith("results page not rendered: ") and reason in refused.value.reason


def test_a_listing_that_says_nothing_per_variant_is_left_for_the_product_answer() -> None:
    card = '<li><a href="/products/sol-ring-c21"><h3>Sol Ring [Commander 2021]</h3><span class="price">From $1.50</span></a></li>'
    read = shopify_theme.parse_theme_page(page(card), "Sol Ring", BASE)
    assert [(listing.handle, listing.offers, listing.unconfirmed, listing.sold_out) for listing in read.listings] == [
        ("sol-ring-c21", [], True, False)]
