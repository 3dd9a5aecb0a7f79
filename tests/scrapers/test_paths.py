"""Which way a check reads a store (`scrapers.paths`): the theme-independent search robots.txt
allows, else the whole listing; and the probe of a store read through its listing reads its first
listing page, never the disallowed search. Real robots.txt files, real HTTP to the sample store."""

from __future__ import annotations

import pytest
from robots_samples import OLDER_SHOPIFY, SHOPIFY_DEFAULT, under
from scraper_fixtures import FAST

import scrapers
from scrapers.http import HttpClient
from scrapers.paths import LISTING, SEARCH, choose_path, listing_url, search_url
from scrapers.probe import diagnose
from scrapers.robots import RobotsFile, RobotsRules, parse_robots
from scrapers.sample_store import sample_store_definitions
from scrapers.store import StoreConfig
from scrapers.sync import read_inventory

SHOP = "https://shop.example"
API = "https://portal.binderpos.com"


def files(**texts: str):
    """A robots lookup from host name to file text ("shop", "api"); hosts not given: never read."""
    hosts = {"shop": SHOP, "api": API}
    known = {hosts[name]: parse_robots(f"{hosts[name]}/robots.txt", 200, text) for name, text in texts.items()}

    def lookup(url: str) -> RobotsFile | None:
        return next((found for host, found in known.items() if url.startswith(host + "/")), None)

    return lookup


def store(platform: str, **settings) -> StoreConfig:
    return StoreConfig("shop", "Shop", platform, SHOP, settings)


def test_a_shopify_store_with_the_default_robots_txt_uses_the_json_search() -> None:
    path = choose_path(store("shopify"), files(shop=SHOPIFY_DEFAULT))
    assert path.way == SEARCH and path.allowed
    assert path.describe() == "Shopify JSON search (/search/suggest.json, allowed by robots.txt)"


def test_a_shopify_store_whose_older_robots_txt_disallows_the_search_syncs_its_listing() -> None:
    path = choose_path(store("shopify"), files(shop=OLDER_SHOPIFY))
    assert path.way == LISTING and path.url == f"{SHOP}/products.json?limit=250&page=1"
    assert path.describe() == ("whole-inventory sync of /products.json "
                               "(the store's robots.txt disallows /search/suggest.json)")


def test_a_binderpos_store_uses_its_api_when_the_shop_is_known_and_the_api_host_allows_it() -> None:
    path = choose_path(store("binderpos", shop="hairytarantula"), files(shop=SHOPIFY_DEFAULT, api=""))
    assert path.way == SEARCH
    assert path.describe() == ("BinderPOS API (portal.binderpos.com/external/shopify/products/forStore, "
                               "allowed by portal.binderpos.com's robots.txt)")
    refused = choose_path(store("binderpos", shop="hairytarantula"),
                          files(shop=SHOPIFY_DEFAULT, api="User-agent: *\nDisallow: /external/\n"))
    assert refused.way == LISTING
    assert refused.why == "portal.binderpos.com's robots.txt disallows /external/shopify/products/forStore"


def test_a_binderpos_store_without_its_shop_syncs_its_listing() -> None:
    path = choose_path(store("binderpos"), files(shop=SHOPIFY_DEFAULT))
    assert path.way == LISTING and path.url == f"{SHOP}/products.json?limit=250&page=1"
    assert "no shop known" in path.describe()


def test_a_binderpos_theme_search_is_used_only_in_html_mode_and_where_allowed() -> None:
    assert choose_path(store("binderpos", mode="html"), files(shop="")).name == "BinderPOS theme search page"
    # Shopify's default disallows the theme's /search?q=: the listing instead.
    assert choose_path(store("binderpos", mode="html"), files(shop=SHOPIFY_DEFAULT)).way == LISTING


def test_rules_on_the_query_string_count() -> None:
    """A WooCommerce shop that keeps robots out of its search results, not its catalog."""
    path = choose_path(store("woocommerce"), files(shop="User-agent: *\nDisallow: /*?search=\n"))
    assert path.way == LISTING and path.url == f"{SHOP}/wp-json/wc/store/v1/products?per_page=100&page=1"
    assert choose_path(store("woocommerce"), files(shop="")).name == "WooCommerce Store API search"


def test_a_crystal_commerce_store_whose_search_is_disallowed_syncs_its_catalog() -> None:
    path = choose_path(store("crystal_commerce"), files(shop="User-agent: *\nDisallow: /products/search\n"))
    assert path.way == LISTING
    assert path.url == f"{SHOP}/catalog/magic_singles/8?filter_by_stock=in-stock&page=1"


def test_a_platform_without_a_listing_searches_and_says_when_robots_txt_forbids_it() -> None:
    path = choose_path(store("tcgplayer_pro"), files(shop="User-agent: *\nDisallow: /api/\n"))
    assert path.way == SEARCH and not path.allowed
    assert path.describe() == ("TCGplayer Pro catalog search (/api/catalog/search, the store's robots.txt "
                               "disallows /api/catalog/search): its checks are store errors until robots.txt allows us")


def test_when_robots_txt_forbids_both_ways_nothing_is_synced() -> None:
    path = choose_path(store("shopify"), files(shop="User-agent: *\nDisallow: /\n"))
    assert path.way == SEARCH and not path.allowed
    assert path.why == ("the store's robots.txt disallows /search/suggest.json; "
                        "the store's robots.txt disallows /products.json too")


def test_a_robots_txt_never_read_counts_as_allowing_the_search() -> None:
    path = choose_path(store("shopify"), lambda url: None)
    assert path.way == SEARCH and path.why == "robots.txt not read yet"


# -- the URLs a path names are the ones the platforms send ---------------------------------------


def sample(server, slug: str) -> StoreConfig:
    definition = next(d for d in sample_store_definitions(server.url) if d["slug"] == slug)
    return StoreConfig(slug, definition["name"], definition["platform"], definition["base_url"],
                       definition["settings"], definition["currency"], requests_per_second=1000)


SLUGS = [d["slug"] for d in sample_store_definitions("http://127.0.0.1:1")]


@pytest.mark.parametrize("slug", SLUGS)
def test_the_search_url_is_the_first_request_a_search_sends(slug, sample_store, client) -> None:
    config = sample(sample_store, slug)
    with client.record_requests() as log:
        scrapers.search(config, "Sol Ring", client)
    assert log.records[0].url == search_url(config, "Sol Ring")


@pytest.mark.parametrize("slug", ["sample-shopify", "sample-binderpos", "sample-woocommerce",
                                  "sample-crystal-commerce"])
def test_the_listing_url_is_the_first_request_a_sync_sends(slug, sample_store, client) -> None:
    config = sample(sample_store, slug)
    with client.record_requests() as log:
        assert read_inventory(config, client).status == "ok"
    assert log.records[0].url == listing_url(config)


# -- probing the path a store really uses ------------------------------------------------------------


def test_a_store_read_through_its_listing_is_probed_on_its_first_listing_page_only(sample_store) -> None:
    sample_store.set_robots(under("/shopify", OLDER_SHOPIFY))
    polite = HttpClient(FAST, robots=RobotsRules())
    diagnosis = diagnose(sample(sample_store, "sample-shopify"), "Sol Ring", polite)
    assert diagnosis.path.describe() == ("whole-inventory sync of /shopify/products.json "
                                         "(the store's robots.txt disallows /shopify/search/suggest.json)")
    assert [r.url.split("://", 1)[1].split("/", 1)[1] for r in diagnosis.requests] == [
        "robots.txt", "shopify/products.json?limit=250&page=1"]  # one page; no search
    assert diagnosis.verdict == "recognised: 2 offers of Sol Ring in stock on the first listing page"
    assert {offer.name.split(" [")[0] for offer in diagnosis.result.offers} == {"Sol Ring"}
    none = diagnose(sample(sample_store, "sample-shopify"), "Black Lotus", polite)
    assert none.verdict == ("recognised: the first listing page was read, with no Black Lotus in stock on it "
                            "(a sync reads the whole listing)")


def test_a_store_whose_search_is_allowed_is_probed_by_searching(sample_store) -> None:
    sample_store.set_robots(under("/shopify", SHOPIFY_DEFAULT))
    diagnosis = diagnose(sample(sample_store, "sample-shopify"), "Sol Ring", HttpClient(FAST, robots=RobotsRules()))
    assert diagnosis.path.name == "Shopify JSON search"
    assert diagnosis.verdict == "recognised: 2 offers in stock"
    assert any("/shopify/search/suggest.json" in r.url for r in diagnosis.requests)
