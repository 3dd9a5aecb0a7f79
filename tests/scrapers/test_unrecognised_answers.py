"""A page a platform's parser does not recognise is a store error with a reason, never "no copies".

Every platform is fed, over HTTP on every path it asks for: the other platforms' real answers
(../shared/real-samples/), a store home page, a login page, a maintenance page, an empty 200 and
JSON of the wrong shape. Each search must end as `error`, saying what was missing.
"""

from __future__ import annotations

import pytest
from saved_site import HTML, Saved, real_sample, saved_site

import scrapers
from scrapers import StoreConfig
from scrapers.result import ERROR
from scrapers.sample_store.server import CSS_SELECTORS

HOME_PAGE = b"""<!DOCTYPE html><html><head><title>Sample Games</title></head><body>
<header><a href="/">Sample Games</a><form action="/search"><input name="q"></form></header>
<main><h2>Featured products</h2><div class="featured-products search-highlights">
<div class="product-tile"><a href="/products/sol-ring">Sol Ring</a><span class="price">$1.50</span></div>
<div class="product-tile"><a href="/products/lightning-bolt">Lightning Bolt</a><span class="price">$2.50</span></div>
</div></main></body></html>"""
LOGIN_PAGE = b"""<!DOCTYPE html><html><head><title>Sign in</title></head><body>
<form action="/account/login" method="post"><input type="email" name="customer[email]">
<input type="password" name="customer[password]"><button>Sign in</button></form></body></html>"""
MAINTENANCE_PAGE = b"""<!DOCTYPE html><html><head><title>Opening soon</title></head><body class="password-page">
<h1>We'll be back soon</h1><p>Our store is down for maintenance. Search is unavailable.</p></body></html>"""
WRONG_JSON = b'{"status": "ok", "data": {"items": [{"title": "Sol Ring", "price": 150}]}}'

REAL_ANSWERS = {
    "crystal_commerce": "crystal_commerce/mtgseattle_lightning_bolt/search.html",
    "shopify": "shopify/tabletop_sol_ring/suggest.json",
    "shopify product": "shopify/tabletop_sol_ring/sol-ring-0912-rainbow-foil-secret-lair-drop-series.js",
    "binderpos api": "binderpos/progamers_boseiju_api/forStore.json",
    "binderpos theme": "binderpos/progamers_mox_jasper_theme/search.html",
    "tcgplayer_pro search": "tcgplayer_pro/lightning_bolt/search.json",
    "tcgplayer_pro inventory": "tcgplayer_pro/lightning_bolt/skus.json",
    "woocommerce": "woocommerce/lacripta_sol_ring/products.json",
}
# Which platform each real answer belongs to: a platform is not fed its own.
OWNER = {"shopify product": "shopify", "binderpos api": "binderpos", "binderpos theme": "binderpos",
         "tcgplayer_pro search": "tcgplayer_pro", "tcgplayer_pro inventory": "tcgplayer_pro"}

PAGES = {
    "home page": Saved(HOME_PAGE, HTML),
    "login page": Saved(LOGIN_PAGE, HTML),
    "maintenance page": Saved(MAINTENANCE_PAGE, HTML),
    "empty 200": Saved(b"", HTML),
    "JSON of the wrong shape": Saved(WRONG_JSON),
}


def store_on(platform: str, url: str) -> StoreConfig:
    settings: dict[str, object] = {
        "binderpos": {"shop": "sample-games", "api_url": url},
        "binderpos-theme": {"mode": "html"},
        "conduct": {"api_url": url},
        "css": {"search_path": "/search?q={query}&page={page}", "selectors": dict(CSS_SELECTORS)},
    }.get(platform, {})
    return StoreConfig(f"hostile-{platform}", "Hostile", platform.removesuffix("-theme"), url, dict(settings),
                       "USD", 1000.0)


PLATFORMS = ["crystal_commerce", "shopify", "binderpos", "binderpos-theme", "conduct", "tcgplayer_pro",
             "woocommerce", "css"]
CASES = [(platform, page) for platform in PLATFORMS for page in PAGES] + [
    (platform, answer) for platform in PLATFORMS for answer in REAL_ANSWERS
    if OWNER.get(answer, answer) != platform.removesuffix("-theme")
]


@pytest.mark.parametrize("platform, fed", CASES, ids=[f"{platform}<-{fed}" for platform, fed in CASES])
def test_an_unrecognised_answer_is_a_store_error_with_a_reason(make_client, platform, fed) -> None:
    saved = PAGES.get(fed) or Saved(real_sample(REAL_ANSWERS[fed]), HTML if fed.endswith(("theme", "commerce")) else
                                    "application/json")
    client = make_client(max_bytes=1024 * 1024)  # the real BinderPOS theme page is 0.7 MB
    with saved_site(answer_everything=saved) as site:
        result = scrapers.search(store_on(platform, site.url), "Sol Ring", client)
    assert result.status == ERROR, f"read as {result.status} with {len(result.offers)} offers"
    assert "not recognised" in result.reason or "refused" in result.reason, result.reason


@pytest.mark.parametrize("fed", ["home page", "login page", "empty 200"])
def test_a_binderpos_theme_page_not_recognised_falls_back_to_the_shops_json(client, fed) -> None:
    # BinderPOS stores are Shopify shops: an unknown theme page still gets a real answer.
    routes = {
        "/search": PAGES[fed],
        "/search/suggest.json": Saved(real_sample("shopify/tabletop_cloudshift/suggest.json")),
        "/products/cloudshift-avacyn-restored.js": Saved(
            real_sample("shopify/tabletop_cloudshift/cloudshift-avacyn-restored.js")),
    }
    with saved_site(routes) as site:
        result = scrapers.search(store_on("binderpos-theme", site.url), "Cloudshift", client)
    assert result.status == "ok", result.reason
    assert [(o.set_code, o.condition, str(o.price)) for o in result.offers] == [("AVR", "LP", "1.80"), ("AVR", "NM", "2.10")]


def test_the_reason_says_what_was_missing(client) -> None:
    with saved_site(answer_everything=PAGES["home page"]) as site:
        crystal = scrapers.search(store_on("crystal_commerce", site.url), "Sol Ring", client)
        theme = scrapers.search(store_on("binderpos-theme", site.url), "Sol Ring", client)
    assert crystal.reason == "results page not recognised: no product list (ul.products or li.product)"
    assert theme.reason == (
        "results page not recognised: product links without variants or an add-to-cart form, on a page that "
        "does not say it is search results; Shopify JSON fallback: Shopify search answer not recognised: not JSON"
    )
