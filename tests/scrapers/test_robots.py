"""robots.txt: a disallowed search path is a store error, a Crawl-delay slows us, a missing or
unreachable file lets the check go on. Real HTTP against the sample store, which serves one
switchable robots.txt at its root for all its stores."""

from __future__ import annotations

import pytest
from scraper_fixtures import FAST

import scrapers
from scrapers.http import HttpClient
from scrapers.robots import FOUND, MISSING, UNREACHABLE, RobotsRules, parse_robots, robots_for
from scrapers.sample_store import sample_store_definitions
from scrapers.store import StoreConfig


def store_for(server, slug: str) -> StoreConfig:
    definition = next(d for d in sample_store_definitions(server.url) if d["slug"] == slug)
    return StoreConfig(slug, definition["name"], definition["platform"], definition["base_url"],
                       definition["settings"], definition["currency"], requests_per_second=1000)


@pytest.fixture
def polite_client(fake_time) -> HttpClient:
    return HttpClient(FAST, clock=fake_time.clock, sleep=fake_time.sleep, robots=RobotsRules(clock=fake_time.clock))


def robots_fetches(log) -> int:
    return sum(1 for record in log if record.url.endswith("/robots.txt"))


def test_a_disallowed_search_path_is_a_store_error_that_says_so(sample_store, polite_client) -> None:
    sample_store.set_robots("User-agent: LGSStockChecker\nDisallow: /crystal_commerce/products/search\n")
    result = scrapers.search(store_for(sample_store, "sample-crystal-commerce"), "Lightning Bolt", polite_client)
    assert result.status == "error"
    assert "robots.txt disallows our searches (/crystal_commerce/products/search)" in result.reason
    assert sample_store.requests("crystal_commerce") == 0  # the search itself was never sent


def test_rules_for_other_robots_do_not_stop_us(sample_store, polite_client) -> None:
    sample_store.set_robots("User-agent: Googlebot\nAllow: /\n\nUser-agent: BadBot\nDisallow: /\n")
    result = scrapers.search(store_for(sample_store, "sample-shopify"), "Sol Ring", polite_client)
    assert result.status == "ok", result.reason


def test_a_disallow_for_everyone_stops_us_too(sample_store, polite_client) -> None:
    sample_store.set_robots("User-agent: *\nDisallow: /\n")
    result = scrapers.search(store_for(sample_store, "sample-woocommerce"), "Sol Ring", polite_client)
    assert result.status == "error" and "robots.txt disallows" in result.reason


def test_a_crawl_delay_spaces_our_requests_to_the_store(sample_store, polite_client, sleeps) -> None:
    sample_store.set_robots("User-agent: *\nCrawl-delay: 7\n")
    # Crystal Commerce reads several results pages for Lightning Bolt; the store allows 1000/s.
    result = scrapers.search(store_for(sample_store, "sample-crystal-commerce"), "Lightning Bolt", polite_client)
    assert result.status == "ok", result.reason
    searches = sample_store.requests("crystal_commerce")
    assert searches >= 3
    assert sleeps.count(7.0) == searches - 1  # every request after the first waits the full delay


def test_a_missing_robots_txt_allows_everything(sample_store, polite_client) -> None:
    sample_store.set_robots(None)  # 404
    store = store_for(sample_store, "sample-tcgplayer-pro")
    with polite_client.record_requests() as log:
        result = scrapers.search(store, "Lightning Bolt", polite_client)
    assert result.status == "ok", result.reason
    assert [r.status for r in log if r.url.endswith("/robots.txt")] == [404]
    assert robots_for(polite_client, store.base_url).state == MISSING


def test_an_unreachable_robots_txt_lets_the_check_go_on_and_is_asked_again_later(
    sample_store, polite_client, fake_time
) -> None:
    sample_store.set_robots("oops", status=503)
    store = store_for(sample_store, "sample-woocommerce")
    with polite_client.record_requests() as log:
        assert scrapers.search(store, "Sol Ring", polite_client).status == "ok"
        sample_store.set_robots("User-agent: *\nDisallow: /\n")
        assert scrapers.search(store, "Sol Ring", polite_client).status == "ok"  # still the old answer
        assert robots_fetches(log) == 1
        fake_time.now += 11 * 60  # past the 10-minute retry
        result = scrapers.search(store, "Sol Ring", polite_client)
    assert robots_fetches(log) == 2
    assert result.status == "error" and "robots.txt disallows" in result.reason


def test_a_robots_txt_that_was_read_is_kept_for_a_day(sample_store, polite_client, fake_time) -> None:
    sample_store.set_robots("User-agent: *\nAllow: /\n")
    store = store_for(sample_store, "sample-shopify")
    with polite_client.record_requests() as log:
        scrapers.search(store, "Sol Ring", polite_client)
        fake_time.now += 23 * 3600
        scrapers.search(store, "Sol Ring", polite_client)
        assert robots_fetches(log) == 1
        fake_time.now += 2 * 3600
        scrapers.search(store, "Sol Ring", polite_client)
    assert robots_fetches(log) == 2


def test_a_store_whose_host_is_down_reports_the_connection_not_robots(polite_client) -> None:
    store = StoreConfig("gone", "Gone", "shopify", "http://127.0.0.1:9", {}, requests_per_second=1000)
    result = scrapers.search(store, "Sol Ring", polite_client)
    assert result.status == "error" and "unreachable" in result.reason and "robots" not in result.reason
    robots = robots_for(polite_client, store.base_url)
    assert robots.state == UNREACHABLE
    assert "robots.txt could not be read (store unreachable: the connection failed)" in robots.describe()


@pytest.mark.parametrize("text, allowed", [
    ("User-agent: *\nDisallow: /search\n", False),
    ("User-agent: lgsstockchecker\nDisallow: /search\n", False),  # agent names ignore case
    ("User-agent: *\nDisallow: /admin\n", True),
    ("", True),
])
def test_the_parser_applies_rules_for_our_agent_and_for_everyone(text, allowed) -> None:
    robots = parse_robots("https://shop.example/robots.txt", 200, text)
    assert robots.state == FOUND
    assert robots.allows("https://shop.example/search?q=Sol+Ring") is allowed


def test_the_sample_stores_robots_txt_can_be_switched_over_http(sample_store) -> None:
    import requests

    requests.post(f"{sample_store.url}/_control", json={"robots": "User-agent: *\nDisallow: /shopify/"}, timeout=10)
    answer = requests.get(f"{sample_store.url}/robots.txt", timeout=10)
    assert (answer.status_code, answer.text) == (200, "User-agent: *\nDisallow: /shopify/")
    requests.post(f"{sample_store.url}/_control", json={"robots": None}, timeout=10)
    assert requests.get(f"{sample_store.url}/robots.txt", timeout=10).status_code == 404
