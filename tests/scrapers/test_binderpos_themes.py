"""BinderPOS stores in any theme: the same offers whatever the markup, or an error, never a silent
"not in stock".

The sample store serves its BinderPOS store in several themes shaped like real pages
(`scrapers/sample_store/themes_binderpos.py`); each is searched over HTTP and must give the offers
the shop's own Shopify answers give. The real Boards & Swords page is then changed the ways a
theme may change it (attribute spellings, class names, where the price sits), at test time from
the shared capture: the app still reads it, or says plainly that it cannot.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from lxml import etree
from saved_site import HTML, Saved, real_sample, saved_site

import scrapers
from scrapers import StoreConfig, shopify_theme
from scrapers.result import ERROR, NOT_FOUND, OK
from scrapers.sample_store import inventory
from scrapers.sample_store.themes_binderpos import PATH_PREFIX, THEMES, dawn_page, placeholder_page


def themed_store(sample_store, theme: str) -> StoreConfig:
    """The sample BinderPOS store added in html mode, its address the themed one."""
    config = sample_store.store_config("binderpos", mode="html")
    return dataclasses.replace(config, base_url=f"{sample_store.url}/{PATH_PREFIX}/{theme}")


def what_a_buyer_takes(offers: list[scrapers.Offer]) -> list[tuple]:
    # A page that names no language means English (vocabulary.py); quantities only some themes show.
    return sorted((o.set_name, o.finish, o.condition, o.language or "English", o.price, o.currency, o.variant_id,
                   o.url) for o in offers)


@pytest.mark.parametrize("card", ["Lightning Bolt", "Ponder", "Counterspell"])
@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_theme_gives_the_offers_the_shops_own_answers_give(sample_store, client, theme, card) -> None:
    expected = scrapers.search(sample_store.store_config("shopify"), card, client).offers
    result = scrapers.search(themed_store(sample_store, theme), card, client)
    assert result.status == OK, result.reason
    assert expected  # the card is in stock in the sample inventory
    # The same products and variants, linked on the themed store's own address.
    assert what_a_buyer_takes(result.offers) == what_a_buyer_takes(
        [dataclasses.replace(o, url=o.url.replace("/shopify/", f"/{PATH_PREFIX}/{theme}/")) for o in expected])


def test_themes_showing_stock_counts_give_them(sample_store, client) -> None:
    for theme in ("product-card", "norm"):
        result = scrapers.search(themed_store(sample_store, theme), "Lightning Bolt", client)
        by_variant = {o.variant_id: o.quantity for o in result.offers}
        assert by_variant["1000"] == 3 and by_variant["3000"] == 2, theme  # Magic 2010 NM, Double Masters NM


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_a_card_sold_out_in_every_condition_is_not_found_in_every_theme(sample_store, client, theme) -> None:
    result = scrapers.search(themed_store(sample_store, theme), "Mana Crypt", client)
    assert result.status == NOT_FOUND, result.reason


def test_a_theme_whose_page_says_nothing_per_variant_asks_each_printings_shopify_answer(sample_store, client) -> None:
    result = scrapers.search(themed_store(sample_store, "dawn"), "Counterspell", client)
    assert result.status == OK
    # One search page (three Counterspells fit), then each in-stock printing's product answer.
    assert result.requests == 1 + 3


def test_a_page_saved_before_its_results_rendered_is_read_through_the_shops_json(sample_store, client) -> None:
    result = scrapers.search(themed_store(sample_store, "placeholder"), "Counterspell", client)
    assert result.status == OK and len(result.offers) == 5


def test_a_placeholder_page_is_an_error_when_the_shops_json_fails_too(client) -> None:
    page = placeholder_page([], 1, False, "Counterspell", "")
    with saved_site({"/search": Saved(page.encode(), HTML)}) as site:  # no JSON endpoints at all
        result = scrapers.search(StoreConfig("x", "X", "binderpos", site.url, {"mode": "html"}), "Counterspell", client)
    assert result.status == ERROR
    assert result.reason.startswith("results page not rendered: ")
    assert "Shopify JSON fallback" in result.reason


def test_listings_of_the_card_that_cannot_be_read_are_an_error_not_not_in_stock(client) -> None:
    # The Dawn page shows each product's link and price only; its product answers are missing.
    printings = [p for p in inventory.search("Counterspell")]
    page = dawn_page(printings, 1, False, "Counterspell", "")
    with saved_site({"/search": Saved(page.encode(), HTML)}) as site:
        result = scrapers.search(StoreConfig("x", "X", "binderpos", site.url, {"mode": "html"}), "Counterspell", client)
    assert (result.status, result.reason) == (ERROR, "3 listings for Counterspell could not be read")


# -- the real Boards & Swords page, as another theme might write it --------------------------------

BOARDS_AND_SWORDS = [
    ("Steam Vents", "Guilds of Ravnica", "nonfoil", "NM", Decimal("11.40"), 1, "39438257750110"),
    ("Steam Vents", "Guilds of Ravnica", "nonfoil", "LP", Decimal("11.40"), 2, "39438257782878"),
]


def respell(html: str, renames: dict[str, str]) -> str:
    for old, new in renames.items():
        html = re.sub(old, new, html)
    return html


def chips_with_their_price_inside(html: str, inside: Callable[[str, str], str]) -> str:
    """The chips' `data-price` and `data-variantTitle` moved into their content: `inside(title, price)`."""
    def chip(match: re.Match[str]) -> str:
        pence = int(re.search(r'data-price="(\d+)"', match.group(1)).group(1))
        title = re.search(r'data-variantTitle="([^"]+)"', match.group(1)).group(1)
        attributes = re.sub(r'\s(?:data-price|data-variantTitle)="[^"]*"', "", match.group(1))
        return f"<li{attributes}>{inside(title, f'£{pence / 100:.2f}')}</li>"
    return re.sub(r"<li([^>]*data-variantId[^>]*)>[^<]*</li>", chip, html)


def price_in_chip_text(html: str) -> str:
    return chips_with_their_price_inside(html, lambda title, price: f"{title} - {price}")


def price_in_a_child_element(html: str) -> str:
    return chips_with_their_price_inside(
        html, lambda title, price: f'<span class="chip__title">{title}</span><span class="chip__price">{price}</span>')


def availability_instead_of_quantity(html: str) -> str:
    return re.sub(r'data-variantQuantity="(\d+)"', lambda m: f'data-available="{"true" if int(m.group(1)) else "false"}"', html)


def unreadable_chips(html: str) -> str:
    """Chips that keep only their variant id: nothing says which condition or price they are."""
    return re.sub(r"<li([^>]*)(data-variantId=\"\d+\")[^>]*>[^<]*</li>", r"<li \2></li>", html)


THEME_CHANGES = {
    "dashed attribute names": lambda html: respell(html, {
        "data-variantId": "data-variant-id", "data-price": "data-variant-price",
        "data-variantTitle": "data-variant-title", "data-variantQuantity": "data-variant-quantity"}),
    "snake_case and other words": lambda html: respell(html, {
        "data-variantId": "data-variant_id", "data-price": "data-variant_price",
        "data-variantTitle": "data-title", "data-variantQuantity": "data-qty"}),
    "other class names": lambda html: respell(html, {
        "productCard__": "product-tile__", "productChip": "variant-pill", "outOfStock": "soldOut"}),
    "price in the chip's text": price_in_chip_text,
    "title and price in child elements": price_in_a_child_element,
    "availability instead of a quantity": availability_instead_of_quantity,
    "all at once": lambda html: availability_instead_of_quantity(price_in_chip_text(respell(html, {
        "productCard__": "card__", "productChip": "chip", "data-variantQuantity": "data-variant-qty"}))),
}


@pytest.mark.parametrize("change", THEME_CHANGES)
def test_the_real_product_card_page_reads_the_same_in_another_themes_spelling(make_client, change) -> None:
    html = THEME_CHANGES[change](real_sample("binderpos/boardsandswords_steam_vents/search.html").decode())
    with saved_site({"/search": Saved(html.encode(), HTML)}) as site:
        config = StoreConfig("bs", "Boards & Swords", "binderpos", site.url, {"mode": "html"}, "GBP", 1000.0)
        result = scrapers.search(config, "Steam Vents", make_client())
    assert result.status == OK, result.reason
    quantities = [o.quantity for o in result.offers]
    assert [(o.name, o.set_name, o.finish, o.condition, o.price, o.variant_id) for o in result.offers] == [
        row[:5] + row[6:] for row in BOARDS_AND_SWORDS]
    assert quantities in ([1, 2], [None, None])  # as counted, or only "available"


def test_the_real_product_card_page_with_chips_nobody_can_read_is_an_error(make_client) -> None:
    html = unreadable_chips(real_sample("binderpos/boardsandswords_steam_vents/search.html").decode())
    with saved_site({"/search": Saved(html.encode(), HTML)}) as site:
        config = StoreConfig("bs", "Boards & Swords", "binderpos", site.url, {"mode": "html"}, "GBP", 1000.0)
        result = scrapers.search(config, "Steam Vents", make_client())
        asked = dict(site.requests)
    # Nine printings say "Out of Stock"; the tenth has an add-to-cart form and chips without a
    # condition or price, and its product answer is missing: it cannot be read.
    assert (result.status, result.reason) == (ERROR, "1 listing for Steam Vents could not be read")
    assert asked == {"/search": 1, "/products/steam-vents-guilds-of-ravnica.js": 1}


# -- variant data under its several spellings -------------------------------------------------------

@pytest.mark.parametrize("chip", [
    '<li data-variantid="7" data-variantprice="1440" data-variantqty="2" data-varianttitle="Near Mint Foil">',
    '<li data-variantId="7" data-price="1440" data-variantQuantity="2" data-variantTitle="Near Mint Foil">',
    '<li data-variant-id="7" data-variant-price="1440" data-variant-quantity="2" data-variant-title="Near Mint Foil">',
    '<li data-variant="7" data-price="1440" data-quantity="2" data-title="Near Mint Foil">',
])
def test_variant_data_reads_each_field_under_any_spelling(chip) -> None:
    element = etree.HTML(chip + "</li>").find(".//li")
    read = {name: shopify_theme.variant_data(element, name) for name in ("id", "price", "quantity", "title", "sku")}
    assert read == {"id": "7", "price": "1440", "quantity": "2", "title": "Near Mint Foil", "sku": None}
