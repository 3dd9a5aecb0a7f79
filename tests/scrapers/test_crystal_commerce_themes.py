"""Crystal Commerce themes: the sample store in each theme, and real pages with what a theme may change
changed. Whatever the theme, a search reads the copies a buyer sees, or says plainly that it cannot:
never "not in stock" for a card on the shelf."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import requests
from saved_site import HTML, Saved, real_sample, saved_site
from test_real_samples import CRYSTAL_COMMERCE, row, store

import scrapers
from scrapers.http import HttpClient
from scrapers.listing import offers_for
from scrapers.result import ERROR, NOT_FOUND, OK
from scrapers.sample_store.inventory import INVENTORY
from scrapers.sample_store.themes_crystal import THEMES
from scrapers.sync import read_inventory

# The UK themes price in pounds; the default one in dollars, the sample store's currency.
CURRENCY = {"default": "USD", "skyward": "GBP", "magic_card_trader": "GBP"}


def shelf(card: str, theme: str) -> list[tuple]:
    """What a buyer sees of `card` in `theme`: every Magic copy in stock. The Magic Card Trader's
    theme lists a foil copy as "Foil, English", stating no condition."""
    copies = []
    for printing in INVENTORY:
        if printing.name != card or printing.game != "magic":
            continue
        for stock in printing.stock:
            if stock.quantity > 0:
                unstated = theme == "magic_card_trader" and stock.finish != "nonfoil"
                copies.append((printing.set_name, stock.finish, "" if unstated else stock.condition, stock.language,
                               stock.price, CURRENCY[theme], stock.quantity))
    return sorted(copies)


def read(offers) -> list[tuple]:
    return sorted((o.set_name, o.finish, o.condition, o.language, o.price, o.currency, o.quantity) for o in offers)


@pytest.mark.parametrize("card", ["Lightning Bolt", "Counterspell", "Ponder", "Fire // Ice"])
@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_gives_the_copies_on_the_shelf(sample_store, client, theme, card) -> None:
    sample_store.set_theme("crystal_commerce", theme)
    result = scrapers.search(sample_store.store_config("crystal_commerce"), card, client)
    assert result.status == OK, result.reason
    assert read(result.offers) == shelf(card, theme)


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_tells_printings_of_one_set_apart_by_their_product_pages(sample_store, client, theme) -> None:
    sample_store.set_theme("crystal_commerce", theme)
    result = scrapers.search(sample_store.store_config("crystal_commerce"), "Lightning Bolt", client)
    numbers = {(o.set_name, o.finish, o.price): o.collector_number for o in result.offers}
    assert numbers[("Secret Lair Drop Series", "nonfoil", Decimal("6.00"))] == "84"
    assert numbers[("Secret Lair Drop Series", "nonfoil", Decimal("7.00"))] == "1734"


@pytest.mark.parametrize("theme", THEMES)
def test_a_sold_out_card_is_not_in_stock_in_every_theme(sample_store, client, theme) -> None:
    sample_store.set_theme("crystal_commerce", theme)
    result = scrapers.search(sample_store.store_config("crystal_commerce"), "Mana Crypt", client)
    assert (result.status, result.offers) == (NOT_FOUND, [])


def test_the_older_theme_lists_a_pokemon_single_of_the_same_name_which_is_not_read(sample_store, client) -> None:
    sample_store.set_theme("crystal_commerce", "skyward")
    store = sample_store.store_config("crystal_commerce")
    page = requests.get(store.url("/products/search"), params={"q": "Counterspell"}, timeout=5).text
    # Its set's slug does not say Pokémon; the page's category tree does.
    assert '/catalog/team_up/counterspell/' in page and 'data-name="Pokemon Singles"' in page
    assert "magic_singles-" not in page.split('class="products-container')[1]  # Magic links name only the set
    result = scrapers.search(store, "Counterspell", client)
    assert "Team Up" not in {offer.set_name for offer in result.offers}
    assert read(result.offers) == shelf("Counterspell", "skyward")


def test_the_theme_is_chosen_over_http_and_reset_with_the_rest(sample_store) -> None:
    control = sample_store.url + "/_control"
    assert requests.post(control, json={"platform": "crystal_commerce", "theme": "skyward"}, timeout=2).json()[
        "themes"] == {"crystal_commerce": "skyward"}
    assert requests.post(control, json={"platform": "crystal_commerce", "theme": "nope"}, timeout=2).status_code == 400
    sample_store.reset()
    assert sample_store.theme("crystal_commerce") == ""


@pytest.mark.parametrize("theme", ["skyward", "magic_card_trader"])
def test_a_sync_of_each_theme_answers_as_its_search_does(sample_store, theme) -> None:
    sample_store.set_theme("crystal_commerce", theme)
    store = sample_store.store_config("crystal_commerce")
    synced = read_inventory(store, HttpClient())
    assert synced.status == "ok", synced.reason
    for card in ("Lightning Bolt", "Counterspell", "Fire // Ice", "Ponder"):
        searched = scrapers.search(store, card, HttpClient()).offers
        assert sorted(o.to_json().items() for o in offers_for(card, synced.products)) == \
            sorted(o.to_json().items() for o in searched), card


# -- real pages with what a theme may change, changed ----------------------------------------------
#
# Each change is made at test time on a copy of a shared real page (never saved in the repository):
# what one theme calls `variant-short-info` or `data-price` another may call otherwise.

def renamed(*pairs: tuple[str, str]):
    def change(page: bytes) -> bytes:
        for old, new in pairs:
            page = re.sub(old.encode(), new.encode(), page)
        return page
    return change


CHANGES = {
    "condition spans renamed": renamed(("variant-short-info", "info-line"), ("variant-description", "detail"),
                                       ("variant-qty", "count"), ("drop-qty", "count")),
    "price spans renamed": renamed(("regular price", "regular amount"), ("price no-stock", "amount no-stock")),
    "attribute spellings": renamed((r"data-variant=", "data-variant-title="), (r"data-price=", "data-variantPrice="),
                                   (r"data-vid=", "data-variant-id=")),
    "row class spelled otherwise": renamed(("variant-row", "variantRow")),
    "price only as text": renamed((r' data-price="[^"]*"', ""), ("regular price", "regular"),
                                  (r'itemprop="price"', "")),
    "forms known by their cart action": renamed((r'class="add-to-cart-form"', 'action="/cart/add" method="post"')),
    "links name only the set": renamed((r"/catalog/magic_singles-", "/catalog/")),
    "everything at once": renamed(
        ("variant-short-info", "info-line"), ("variant-description", "detail"), ("variant-qty", "count"),
        ("drop-qty", "count"), ("regular price", "regular amount"), (r"data-variant=", "data-variant-title="),
        (r"data-price=", "data-variantPrice="), ("variant-row", "variantRow"), (r"/catalog/magic_singles-", "/catalog/"),
        (r'class="add-to-cart-form"', 'action="/cart/add" method="post"')),
}
PAGES = ["skywardfire_steam_vents", "skywardfire_dromokas_command", "magiccardtrader_restless_spire",
         "gamescube_army_of_the_damned"]


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("case", PAGES)
def test_a_real_page_in_another_theme_still_reads_or_says_it_cannot(make_client, case, change) -> None:
    card, currency, _, expected = CRYSTAL_COMMERCE[case]
    page = CHANGES[change](real_sample(f"crystal_commerce/{case}/search.html"))
    with saved_site({"/products/search": Saved(page, HTML)}) as site:
        result = scrapers.search(store("crystal_commerce", site.url, currency), card, make_client(max_bytes=1 << 20))
    assert result.status in (OK, ERROR), "a card on the shelf must never read as not in stock"
    assert result.status == OK, result.reason  # and these changes are all ones we read
    assert [row(offer) for offer in result.offers] == expected


def test_a_theme_we_cannot_read_is_an_error_naming_the_listings(make_client) -> None:
    # Prices and cart buttons drawn by a script: the listings and their counts are there, no price.
    page = renamed((r"<form[^>]*>", "<div>"), (r"</form>", "</div>"), (r"&#163;\d+\.\d+", ""),
                   (r'<input class="utility-button add-to-cart"[^>]*>', ""))(
        real_sample("crystal_commerce/skywardfire_steam_vents/search.html"))
    with saved_site({"/products/search": Saved(page, HTML)}) as site:
        result = scrapers.search(store("crystal_commerce", site.url, "GBP"), "Steam Vents", make_client(max_bytes=1 << 20))
    assert (result.status, result.reason) == (ERROR, "5 listings for Steam Vents could not be read")
