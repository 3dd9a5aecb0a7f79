"""robots.txt: read as RFC 9309 says (the longest rule wins, Allow on a tie, `*` and `$`, the group
for our agent replacing `*`), on Shopify's real default file and on older ones; a disallowed search
path is a store error, a Crawl-delay slows us, a missing or unreachable file lets the check go on.
Real HTTP against the sample store, which serves one switchable robots.txt at its root for all its
stores."""

from __future__ import annotations

import pytest
from robots_samples import OLDER_SHOPIFY, SHOPIFY_DEFAULT, under
from scraper_fixtures import FAST

import scrapers
from scrapers.http import HttpClient
from scrapers.robots import FOUND, MISSING, UNREACHABLE, RobotsRules, parse_robots
from scrapers.sample_store import sample_store_definitions
from scrapers.store import StoreConfig

SHOP = "https://shop.example"
SUGGEST = f"{SHOP}/search/suggest.json?q=%22Sol+Ring%22&resources%5Btype%5D=product&resources%5Blimit%5D=10"


def robots(text: str):
    return parse_robots(f"{SHOP}/robots.txt", 200, text)


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


def test_an_endless_crawl_delay_is_kept_to_30_s_and_not_for_years(sample_store, polite_client, sleeps) -> None:
    sample_store.set_robots("User-agent: *\nCrawl-delay: 100000000\n")
    store = store_for(sample_store, "sample-crystal-commerce")
    result = scrapers.search(store, "Lightning Bolt", polite_client, seconds=3600)
    assert result.status == "ok", result.reason
    searches = sample_store.requests("crystal_commerce")
    assert searches >= 3
    assert sleeps == [30.0] * (searches - 1)  # the cap, not 100000000 s
    assert "crawl delay 100000000 s (we wait at most 30 s)" in polite_client.robots_file(store.base_url).describe()


def test_a_store_held_back_by_its_crawl_delay_says_so(sample_store, polite_client, sleeps) -> None:
    sample_store.set_robots("User-agent: *\nCrawl-delay: 100000000\n")
    # Crystal Commerce needs several pages for Lightning Bolt; 30 s between them do not fit in 20 s.
    result = scrapers.search(store_for(sample_store, "sample-crystal-commerce"), "Lightning Bolt", polite_client,
                             seconds=20)
    assert result.status == "error"
    assert result.reason == "the store asks for 100000000 s between requests; we wait at most 30 s"
    assert sample_store.requests("crystal_commerce") == 1 and sleeps == []  # refused before waiting


def test_a_crawl_delay_under_the_cap_that_outlasts_the_check_says_so(sample_store, polite_client) -> None:
    sample_store.set_robots("User-agent: *\nCrawl-delay: 25\n")
    result = scrapers.search(store_for(sample_store, "sample-crystal-commerce"), "Lightning Bolt", polite_client,
                             seconds=20)
    assert result.status == "error"
    assert "asks for 25 s between requests (robots.txt Crawl-delay), too slow" in result.reason


def test_a_missing_robots_txt_allows_everything(sample_store, polite_client) -> None:
    sample_store.set_robots(None)  # 404
    store = store_for(sample_store, "sample-tcgplayer-pro")
    with polite_client.record_requests() as log:
        result = scrapers.search(store, "Lightning Bolt", polite_client)
    assert result.status == "ok", result.reason
    assert [r.status for r in log if r.url.endswith("/robots.txt")] == [404]
    assert polite_client.robots_file(store.base_url).state == MISSING


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
    robots = polite_client.robots_file(store.base_url)
    assert robots.state == UNREACHABLE
    assert "robots.txt could not be read (store unreachable: could not connect (connection refused))" in robots.describe()


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


# -- RFC 9309, on real files ----------------------------------------------------------------------


@pytest.mark.parametrize("url, allowed", [
    (SUGGEST, True),  # Allow: /search/ is longer than Disallow: /search
    (f"{SHOP}/search?q=Sol+Ring&type=product", False),  # the theme's HTML search
    (f"{SHOP}/search/?q=Sol+Ring", False),  # Disallow: /search/?* is longer still
    (f"{SHOP}/products.json?limit=250&page=1", True),
    (f"{SHOP}/products/sol-ring-commander-legends.js", True),
    (f"{SHOP}/collections/all/products.json?page=2", True),
    (f"{SHOP}/cart", False),
    (f"{SHOP}/cart/123:1", False),
    (f"{SHOP}/collections/singles?sort_by=price", False),  # Disallow: /collections/*sort_by*
])
def test_shopifys_default_robots_txt_allows_the_json_search_and_listing_but_not_the_html_search(url, allowed):
    assert robots(SHOPIFY_DEFAULT).allows(url) is allowed


def test_an_older_shopify_file_without_the_allow_line_disallows_the_json_search():
    older = robots(OLDER_SHOPIFY)
    assert not older.allows(SUGGEST)
    assert older.allows(f"{SHOP}/products.json?limit=250&page=1")


def test_a_group_for_our_agent_replaces_the_one_for_everyone():
    text = ("User-agent: *\nDisallow: /\n\n"
            "User-agent: LGSStockChecker\nDisallow: /cart\nCrawl-delay: 4\n\n"
            "User-agent: Googlebot\nCrawl-delay: 30\n")
    ours = robots(text)
    assert ours.allows(SUGGEST) and ours.allows(f"{SHOP}/admin")  # `*`'s Disallow: / does not apply to us
    assert not ours.allows(f"{SHOP}/cart")
    assert ours.crawl_delay == 4.0
    assert robots("User-agent: *\nCrawl-delay: 2\n").crawl_delay == 2.0  # no group of ours: `*`'s


@pytest.mark.parametrize("rule, url, allowed", [
    ("Disallow: /*.json$", f"{SHOP}/products.json", False),
    ("Disallow: /*.json$", f"{SHOP}/products.json?page=2", True),  # `$` ends the whole URL path and query
    ("Disallow: /*.json$", f"{SHOP}/products.jsonp", True),
    ("Disallow: /*?q=", f"{SHOP}/products/search?q=Opt", False),
    ("Disallow: /*?q=", f"{SHOP}/products/search", True),
    ("Disallow: /private*/cards", f"{SHOP}/private-stock/cards", False),
    ("Disallow: /private*/cards", f"{SHOP}/private/decks", True),
    ("Disallow: /caf%C3%A9", f"{SHOP}/caf%c3%a9", False),  # percent-encodings compare alike
    ("Disallow: /x%2Fy", f"{SHOP}/x/y", True),  # an encoded slash is not a slash
])
def test_wildcards_end_anchors_and_percent_encoding(rule, url, allowed):
    assert robots(f"User-agent: *\n{rule}\n").allows(url) is allowed


def test_of_equally_long_rules_allow_wins():
    assert robots("User-agent: *\nDisallow: /search\nAllow: /search\n").allows(f"{SHOP}/search?q=x")


def test_shopifys_default_lets_a_sample_shopify_store_search_over_http(sample_store, polite_client) -> None:
    sample_store.set_robots(under("/shopify", SHOPIFY_DEFAULT))
    with polite_client.record_requests() as log:
        result = scrapers.search(store_for(sample_store, "sample-shopify"), "Sol Ring", polite_client)
    assert result.status == "ok" and result.offers, result.reason
    assert any("/search/suggest.json" in record.url for record in log)
    sample_store.set_robots(under("/shopify", OLDER_SHOPIFY))
    polite_client.robots = RobotsRules()  # forget the file read above
    result = scrapers.search(store_for(sample_store, "sample-shopify"), "Sol Ring", polite_client)
    assert result.status == "error" and "disallows our searches (/shopify/search/suggest.json)" in result.reason
