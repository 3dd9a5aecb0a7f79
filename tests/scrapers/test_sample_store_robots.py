"""The sample store serves a store's own robots.txt as if the store had its host to itself: the host's
one /robots.txt, fetched over HTTP and read with the app's parser, says of each store path what the
store's file says of that path at a real shop's root; other stores and the API hosts are left alone.
It is switched from tests and over `/_control`, and every request a platform receives is logged."""

from __future__ import annotations

import pytest
import requests
from robots_samples import OLDER_SHOPIFY, SHOPIFY_DEFAULT

from scrapers.robots import ROBOTS_AGENT, parse_robots
from scrapers.sample_store import LoggedRequest

SHOP = "https://shop.example"
# Paths a Shopify shop serves, and what the scrapers ask for, with queries as they are sent.
SHOPIFY_PATHS = [
    "/", "/search/suggest.json?q=%22Sol+Ring%22&resources%5Btype%5D=product&resources%5Blimit%5D=10",
    "/search?q=Sol+Ring", "/search/?q=Sol+Ring", "/search", "/products.json?limit=250&page=1",
    "/products/sol-ring-c21.js", "/products/sol-ring-remote", "/cart/101000:1", "/cart",
    "/collections/all?sort_by=price", "/collections/singles", "/policies/refund-policy",
]


def served(server) -> object:
    answer = requests.get(f"{server.url}/robots.txt", timeout=10)
    return parse_robots(f"{server.url}/robots.txt", answer.status_code, answer.text)


@pytest.mark.parametrize("own", [SHOPIFY_DEFAULT, OLDER_SHOPIFY], ids=["shopify default", "older default"])
def test_a_stores_own_file_rules_its_paths_as_at_its_own_hosts_root(sample_store, own) -> None:
    sample_store.set_robots(own, platform="shopify")
    as_served, at_root = served(sample_store), parse_robots(f"{SHOP}/robots.txt", 200, own)
    for path in SHOPIFY_PATHS:
        assert as_served.allows(sample_store.base_url("shopify") + path) is at_root.allows(SHOP + path), path
    assert not as_served.allows(sample_store.base_url("shopify") + "/search?q=Sol+Ring")
    # The file is the Shopify store's: the other stores on the host and the BinderPOS API host keep theirs.
    assert as_served.allows(sample_store.base_url("binderpos") + "/search?q=Sol+Ring")
    assert as_served.allows(f"{sample_store.url}/binderpos-api/external/shopify/products/forStore")


def test_a_binderpos_stores_file_covers_its_theme_pages_too(sample_store) -> None:
    sample_store.set_robots(SHOPIFY_DEFAULT, platform="binderpos")
    as_served = served(sample_store)
    assert not as_served.allows(sample_store.base_url("binderpos") + "/search?q=Sol+Ring")
    assert not as_served.allows(f"{sample_store.url}/binderpos-themes/norm/search?q=Sol+Ring")
    assert as_served.allows(sample_store.base_url("binderpos") + "/products.json?limit=250&page=1")


def test_one_stores_group_for_our_agent_does_not_hide_another_stores_group_for_everyone(sample_store) -> None:
    sample_store.set_robots(f"User-agent: {ROBOTS_AGENT}\nDisallow: /products.json\n", platform="shopify")
    sample_store.set_robots("User-agent: *\nDisallow: /search\n", platform="binderpos")
    as_served = served(sample_store)
    assert not as_served.allows(sample_store.base_url("shopify") + "/products.json")
    assert as_served.allows(sample_store.base_url("shopify") + "/search?q=x")  # its file names us: not `*`
    assert not as_served.allows(sample_store.base_url("binderpos") + "/search?q=x")


def test_the_hosts_own_file_is_served_as_written_beside_the_stores_files(sample_store) -> None:
    sample_store.set_robots("User-agent: *\nDisallow: /crystal_commerce/products/search\n")
    assert requests.get(f"{sample_store.url}/robots.txt", timeout=10).text == (
        "User-agent: *\nDisallow: /crystal_commerce/products/search\n")
    sample_store.set_robots(OLDER_SHOPIFY, platform="shopify")
    as_served = served(sample_store)
    assert not as_served.allows(sample_store.base_url("crystal_commerce") + "/products/search?q=x")
    assert not as_served.allows(sample_store.base_url("shopify") + "/search/suggest.json?q=x")
    sample_store.set_robots("oops", status=503)  # an unreadable file stays unreadable
    assert requests.get(f"{sample_store.url}/robots.txt", timeout=10).status_code == 503


def test_a_stores_file_is_set_and_dropped_over_http_and_requests_are_logged(sample_store) -> None:
    control = f"{sample_store.url}/_control"
    shown = requests.post(control, json={"platform": "shopify", "robots": SHOPIFY_DEFAULT}, timeout=10).json()
    assert shown["store_robots"] == ["shopify"]
    assert not served(sample_store).allows(sample_store.base_url("shopify") + "/search?q=x")
    requests.get(sample_store.base_url("shopify") + "/search/suggest.json?q=Sol+Ring", timeout=10)
    requests.post(f"{sample_store.url}/binderpos-api/external/shopify/products/forStore", json={}, timeout=10)
    assert sample_store.request_log("shopify") == [LoggedRequest("GET", "/shopify/search/suggest.json?q=Sol+Ring")]
    assert sample_store.request_log("binderpos") == [
        LoggedRequest("POST", "/binderpos-api/external/shopify/products/forStore")]

    requests.post(control, json={"platform": "shopify", "robots": None}, timeout=10)
    assert requests.get(f"{sample_store.url}/robots.txt", timeout=10).status_code == 404
    requests.post(control, json={"reset": True}, timeout=10)
    assert sample_store.request_log("shopify") == []


def test_the_request_log_is_judged_against_the_stores_own_file(sample_store) -> None:
    """What the end-to-end tests rely on: a disallowed request in the log is found (not a vacuous check)."""
    from tests.support.robots_log import disallowed_requests

    sample_store.set_robots(SHOPIFY_DEFAULT, platform="shopify")
    for path in ("/search/suggest.json?q=Sol+Ring", "/search?q=Sol+Ring", "/products.json?page=1", "/cart/101000:1"):
        requests.get(sample_store.base_url("shopify") + path, timeout=10)
    assert disallowed_requests(sample_store, "shopify", SHOPIFY_DEFAULT) == [
        "GET /shopify/search?q=Sol+Ring", "GET /shopify/cart/101000:1"]
