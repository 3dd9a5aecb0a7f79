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
