"""`scrapers.detect`: the platform and its settings from a home page's markers, on pure HTML,
including real pages real stores served (../shared/real-samples, read at test time)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapers.detect import detect

REAL_SAMPLES = Path(__file__).resolve().parents[2] / ".." / "shared" / "real-samples"


def real_page(path: str) -> str:
    return (REAL_SAMPLES / path).read_text(encoding="utf-8", errors="replace")


def test_a_real_binderpos_theme_page_is_binderpos_with_its_shop_and_currency() -> None:
    found = detect(real_page("binderpos/progamers_mox_jasper_theme/search.html"), "https://progamers.com.au/search")
    assert found.platform == "binderpos"
    assert found.settings == {"shop": "pro-gamers-and-collectables"}  # the default portal is left implicit
    assert (found.currency, found.name) == ("AUD", "Pro Gamers and Collectables")


@pytest.mark.parametrize("case", ["mtgseattle_lightning_bolt", "gamescube_army_of_the_damned"])
def test_real_crystal_commerce_pages_are_crystal_commerce(case) -> None:
    found = detect(real_page(f"crystal_commerce/{case}/search.html"), "https://shop.example")
    assert (found.platform, found.settings) == ("crystal_commerce", {})


SHOPIFY = '<script>Shopify.shop = "tabletop-gaming.myshopify.com";\nShopify.currency = {"active":"CAD","rate":"1.0"};</script>'


@pytest.mark.parametrize("html, url, platform, expected", [
    (f"<html><head>{SHOPIFY}</head></html>", "https://tabletop.example", "shopify", {}),
    ('<link href="//cdn.shopify.com/s/files/theme.css">', "https://x.example", "shopify", {}),
    (f'{SHOPIFY}<script class="binderpos-store-credit-js" portal-url="https://portal.binderpos.com"></script>',
     "https://x.example", "binderpos", {"shop": "tabletop-gaming"}),
    ('<script src="https://cdn.shopify.com/x.js"></script><a href="https://binderpos.com">BinderPOS</a>',
     "https://x.example", "binderpos", {"mode": "html"}),  # no shop name: the theme page still works
    ('<img src="https://crystalcommerce-assets.nyc3.cdn.digitaloceanspaces.com/photos/1.png">',
     "https://x.example", "crystal_commerce", {}),
    ('<script>fetch("https://api.conductcommerce.com/v1/getStoreSettings")</script>', "https://x.example", "conduct", {}),
    ('<script>var api = "https://staging.example/v1/"; var img = "https://conduct-catalog-images.s3.amazonaws.com";</script>',
     "https://x.example", "conduct", {"api_url": "https://staging.example"}),
    ("<div id=app></div>", "https://sample-shop.tcgplayerpro.com", "tcgplayer_pro", {}),
    ('<body class="home woocommerce-no-js"><link href="/wp-content/plugins/woocommerce/assets/css/woocommerce.css">'
     '<a href="/product-category/singles-mtg/">Singles Magic &amp; more</a></body>', "https://x.cl", "woocommerce",
     {"category": "Singles Magic & more"}),
])
def test_each_platform_is_told_by_its_markers(html, url, platform, expected) -> None:
    found = detect(html, url)
    assert (found.platform, found.settings) == (platform, expected)
    assert found.evidence


@pytest.mark.parametrize("html", [
    "", "<html><head><title>Joe's Games</title></head><body><form action=/search></form></body></html>",
    '{"products": []}', "<h1>Maintenance</h1>",
])
def test_a_page_without_markers_is_unknown(html) -> None:
    found = detect(html, "https://joes.example")
    assert found.platform is None and not found.known
    assert "no platform marker" in found.evidence


def test_the_shop_name_comes_from_og_site_name_before_the_title() -> None:
    html = ('<title>Home | Joe&#39;s Games</title><meta property="og:site_name" content="Joe&#39;s Games">'
            '<link href="//cdn.shopify.com/a.css">')
    assert detect(html, "https://joes.example").name == "Joe's Games"


# --- what a real page gives a new store: API host, currency, Magic singles category ---------------


@pytest.mark.parametrize("case, shop", [
    ("boardsandswords_steam_vents", "miniatures-menagerie"), ("dicesaloon_steam_vents", "dicesaloonsingles"),
])
def test_real_binderpos_server_pages_name_their_shop_api_host_and_currency(case, shop) -> None:
    """Their app scripts load from app.binderpos.com (written inside JSON as "https:\\/\\/…")."""
    found = detect(real_page(f"binderpos/{case}/search.html"), "https://shop.example")
    assert found.platform == "binderpos"
    assert found.settings == {"shop": shop, "api_url": "https://app.binderpos.com"}
    assert (found.currency, found.currency_evidence) == ("GBP", "Shopify.currency")


@pytest.mark.parametrize("case, currency", [
    ("skywardfire_steam_vents", "GBP"), ("skywardfire_dromokas_command", "GBP"),
    ("magiccardtrader_restless_spire", "GBP"), ("gamescube_army_of_the_damned", "AUD"),
])
def test_real_crystal_commerce_pages_state_their_currency_by_their_prices(case, currency) -> None:
    """Every Crystal Commerce page carries a cart placeholder saying "currency":"USD": not a price."""
    found = detect(real_page(f"crystal_commerce/{case}/search.html"), "https://shop.example")
    assert found.currency == currency
    assert found.currency_evidence.endswith(f"prices in {currency} on the page")


def test_bare_dollar_prices_leave_the_currency_unsaid() -> None:
    found = detect(real_page("crystal_commerce/mtgseattle_lightning_bolt/search.html"), "https://shop.example")
    assert found.currency is None
    assert found.currency_evidence == "the page shows prices in $ without saying which dollar"


def test_the_crystal_commerce_menu_gives_the_magic_singles_category() -> None:
    # Skyward Fire's menu links "Magic Singles" at the platform's usual address: nothing to set.
    skyward = detect(real_page("crystal_commerce/skywardfire_steam_vents/search.html"), "https://shop.example")
    assert (skyward.settings, skyward.notes) == ({}, ())
    # Magic Card Trader's menu links only sets, but its search form's category list names "Magic
    # Singles" (value 8) and its links give the slug: the usual address again, nothing to set.
    trader = detect(real_page("crystal_commerce/magiccardtrader_restless_spire/search.html"), "https://shop.example")
    assert (trader.settings, trader.notes) == ({}, ())
    # MTG Seattle's trimmed page names no category at all: the default stays, and is said to.
    seattle = detect(real_page("crystal_commerce/mtgseattle_lightning_bolt/search.html"), "https://shop.example")
    assert seattle.settings == {}
    assert seattle.notes == ("no Magic singles category link on the page: inventory sync reads the default "
                             "/catalog/magic_singles/8; set catalog_path if the shop's differs",)


CRYSTAL = '<link href="https://crystalcommerce.com/themes/clients/x/app.css">'


@pytest.mark.parametrize("menu, path", [
    ('<a href="/catalog/magic_the_gathering_singles-dominaria/77">Dominaria Singles</a>'
     '<a href="/catalog/magic_the_gathering_singles/1402">Singles</a>', "/catalog/magic_the_gathering_singles/1402"),
    ('<a href="/catalog/pokemon_singles/9">Pokémon Singles</a>'
     '<a href="https://shop.example/catalog/mtg/31/"><span>MTG</span> <b>Singles</b></a>', "/catalog/mtg/31"),
])
def test_a_magic_singles_category_elsewhere_is_kept(menu, path) -> None:
    found = detect(f"<html><head>{CRYSTAL}</head><body><nav>{menu}</nav></body></html>", "https://shop.example")
    assert (found.platform, found.settings, found.notes) == ("crystal_commerce", {"catalog_path": path}, ())


@pytest.mark.parametrize("html, currency", [
    ('<meta property="og:price:currency" content="EUR"><p>$1</p>', "EUR"),
    ('<meta content="cad" itemprop="priceCurrency">', "CAD"),
    ("<span>1,50 €</span><span>€2</span>", "EUR"),
    ('<span class="price">CA$ 1.25</span><span>CA$3.00</span><script>x.replace(/a/, "$1")</script>', "CAD"),
    ('<span>CAD$ 1.25</span>', "CAD"),
    ('<span>A$2.00</span>', "AUD"),
    ('<script>Shopify.currency = {"rate":"1.0", "active":"NZD"};</script><span>£1</span>', "NZD"),
])
def test_the_currency_comes_from_what_the_page_states(html, currency) -> None:
    assert detect(f"{CRYSTAL}{html}", "https://shop.example").currency == currency


def test_a_shopify_theme_asset_under_the_shops_own_cdn_path_is_shopify() -> None:
    html = '<link rel="icon" href="//highlander.example/cdn/shop/files/logo_32x32.png?v=1">'
    assert detect(html, "https://highlander.example").platform == "shopify"


def test_a_woocommerce_shop_names_its_magic_singles_category_first() -> None:
    html = ('<link href="/wp-content/plugins/woocommerce/a.css">'
            '<a href="/product-category/magic-sellado/">Magic sellado</a>'
            '<a href="/product-category/magic-singles/">Magic Singles</a>')
    assert detect(html, "https://x.cl").settings == {"category": "Magic Singles"}
    only_slug = '<link href="/wp-content/plugins/woocommerce/a.css"><a href="/product-category/mtg/">Cartas</a>'
    assert detect(only_slug, "https://x.cl").settings == {"category": "mtg"}
