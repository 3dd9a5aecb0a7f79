"""Crystal Commerce searches end to end over HTTP: what a listed card the parser cannot read, a sold-out
card, failing product pages and the inventory sync's category pages come out as."""

from __future__ import annotations

from decimal import Decimal

from saved_site import HTML, Saved, real_sample, saved_site
from test_crystal_commerce import in_stock, product, results

import scrapers
from scrapers import StoreConfig, crystal_commerce
from scrapers.result import ERROR, NOT_FOUND, OK


def store(url: str, **settings: object) -> StoreConfig:
    return StoreConfig("cc", "Crystal", "crystal_commerce", url, dict(settings), "GBP", 1000.0)


def test_a_listed_card_whose_copies_cannot_be_read_is_a_store_error_not_not_in_stock(client) -> None:
    # The cart button is drawn by a script: a price, no form, and nothing says sold out.
    scripted = '<div class="variant-row"><span>NM, English</span><span class="price">£30.95</span></div>'
    page = results(product("Tarmogoyf", "/catalog/magic_singles-mm2/tarmogoyf/1", scripted),
                   product("Tarmogoyf", "/catalog/magic_singles-mm3/tarmogoyf/2", scripted))
    with saved_site({"/products/search": Saved(page, HTML)}) as site:
        result = scrapers.search(store(site.url), "Tarmogoyf", client)
    assert (result.status, result.reason) == (ERROR, "2 listings for Tarmogoyf could not be read")


def test_a_listed_card_that_says_sold_out_is_not_in_stock(client) -> None:
    sold_out = ('<div class="variant-row no-stock"><span class="variant-short-info">All variants</span>'
                '<span class="variant-qty">Out of stock.</span><span class="price no-stock">£0.60</span></div>')
    page = results(product("Restless Reef", "/catalog/magic_singles-lci/restless_reef/1", sold_out))
    with saved_site({"/products/search": Saved(page, HTML)}) as site:
        result = scrapers.search(store(site.url), "Restless Reef", client)
    assert (result.status, result.offers) == (NOT_FOUND, [])


def test_a_failing_product_page_loses_only_its_collector_number(client) -> None:
    # Two Secret Lair printings the titles do not tell apart: their product pages give the numbers.
    # One answers 404, the other a server error on every try: the offers stay, without numbers.
    page = results(product("Lightning Bolt", "/catalog/magic_singles-sld/lightning_bolt/1", in_stock("1"), "Secret Lair"),
                   product("Lightning Bolt", "/catalog/magic_singles-sld/lightning_bolt/2", in_stock("2"), "Secret Lair"))
    broken = Saved(b"<html><body><h1>Internal Server Error</h1></body></html>", HTML, 500)
    routes = {"/products/search": Saved(page, HTML), "/catalog/magic_singles-sld/lightning_bolt/2": broken}
    with saved_site(routes) as site:
        result = scrapers.search(store(site.url), "Lightning Bolt", client)
        asked = dict(site.requests)
    assert result.status == OK, result.reason
    assert [(o.variant_id, o.collector_number, o.price) for o in result.offers] == [
        ("1", None, Decimal("13.25")), ("2", None, Decimal("13.25"))]
    # One search, one 404, and the server error tried three times (two retries).
    assert asked == {"/products/search": 1, "/catalog/magic_singles-sld/lightning_bolt/1": 1,
                     "/catalog/magic_singles-sld/lightning_bolt/2": 3}
    assert result.requests == 5


def test_a_product_page_that_answers_keeps_its_number_beside_one_that_fails(client) -> None:
    page = results(product("Lightning Bolt", "/catalog/magic_singles-sld/lightning_bolt/1", in_stock("1"), "Secret Lair"),
                   product("Lightning Bolt", "/catalog/magic_singles-sld/lightning_bolt/2", in_stock("2"), "Secret Lair"))
    numbered = (b'<html><body><div class="product-more-info"><div class="card-number"><a>084/300</a></div></div>'
                b"</body></html>")
    routes = {"/products/search": Saved(page, HTML), "/catalog/magic_singles-sld/lightning_bolt/2": Saved(numbered, HTML)}
    with saved_site(routes) as site:
        result = scrapers.search(store(site.url), "Lightning Bolt", client)
    assert [(o.variant_id, o.collector_number) for o in result.offers] == [("1", None), ("2", "084")]


def test_the_sync_reads_a_real_category_grid_with_the_search_rules() -> None:
    # The Skyward Fire results grid, read as an inventory sync reads a category page: every
    # product with a copy in stock, the sold-out ones left out, links without "magic_singles" kept.
    raw = real_sample("crystal_commerce/skywardfire_steam_vents/search.html")
    page = crystal_commerce.parse_category_page(raw, base_url="https://skywardfire.example", currency="GBP")
    assert page.has_next
    assert [(p.title, p.set_name, len(p.offers)) for p in page.products] == [
        ("Steam Vents", "Guildpact", 1),
        ("Steam Vents", "Return to Ravnica", 1),
        ("Steam Vents", "Guilds of Ravnica", 1),
        ("Steam Vents - Foil - Borderless", "Unfinity", 1),
        ("Steam Vents - Foil", "Guilds of Ravnica", 1),
        ("Restless Vents - Borderless", "The Lost Caverns Of Ixalan", 1),
        ("Phantasmagorian", "Planar Chaos", 1),
    ]
    phantasmagorian = page.products[-1].offers[0]
    assert (phantasmagorian.condition, phantasmagorian.price, phantasmagorian.currency, phantasmagorian.quantity) == (
        "MP", Decimal("0.47"), "GBP", 5)
