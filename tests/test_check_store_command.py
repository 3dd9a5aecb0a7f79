"""`manage.py check_store SLUG`: each request and the parser's verdict, through the worker's client,
so an admin can tell "sold out" from "the pages changed" from "the store is down"."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.support.commandline import run_manage


def check_store(*args: str) -> tuple[int, str]:
    ran = run_manage("check_store", *args)
    return ran.code, ran.out


@pytest.fixture
def registered(sample_store, db):
    call_command("register_sample_stores", "--url", sample_store.url, stdout=StringIO())
    return sample_store


def test_a_recognised_page_lists_each_request_and_the_offers(registered) -> None:
    code, out = check_store("sample-binderpos-theme", "--card", "Lightning Bolt")
    assert code == 0
    search_lines = [line for line in out.splitlines() if "/binderpos/search?q=Lightning+Bolt" in line]
    assert len(search_lines) == registered.requests("binderpos") >= 2  # one per results page
    assert all(" -> 200, " in line and " bytes" in line for line in search_lines)
    assert "/robots.txt -> 404" in out and "robots.txt: allows our searches" in out
    assert "Verdict: recognised: 9 offers in stock" in out  # every in-stock Magic Lightning Bolt copy
    # Ten products named like the card; six are Magic printings of it, one of them sold out.
    assert "Products: 10 seen, 6 matched" in out


def test_sold_out_is_recognised_with_the_card_seen_and_no_copies(registered) -> None:
    code, out = check_store("sample-crystal-commerce", "--card", "Mana Crypt")
    assert code == 0
    assert "Verdict: recognised: the store answered and has no Mana Crypt in stock" in out
    assert "Products: 1 seen, 1 matched" in out  # listed, and the listing has no copy


def test_a_card_the_store_does_not_carry_is_recognised_with_nothing_seen(registered) -> None:
    code, out = check_store("sample-crystal-commerce", "--card", "Black Lotus")
    assert code == 0
    assert "Verdict: recognised: the store answered and has no Black Lotus in stock" in out
    assert "Products: 0 seen, 0 matched" in out


def test_an_unrecognised_page_says_the_page_was_not_recognised(registered) -> None:
    registered.set_fault("crystal_commerce", malformed=True)  # a 200 maintenance page
    code, out = check_store("sample-crystal-commerce")
    assert code == 1
    assert "/crystal_commerce/products/search?q=Sol+Ring" in out and " -> 200, " in out
    assert "Verdict: not recognised: results page not recognised: " in out
    assert "Products: none read: no results page was recognised" in out


def test_a_down_store_says_the_store_failed_and_shows_each_try(registered) -> None:
    registered.set_fault("woocommerce", status=503)
    code, out = check_store("sample-woocommerce")
    assert code == 1
    assert out.count(" -> 503, ") == 3  # the first try and two retries
    assert "Verdict: store failed: the store answered with a server error (HTTP 503)" in out


def test_it_shows_the_rate_limit_headers_the_store_sent(registered) -> None:
    registered.set_fault("shopify", status=429, retry_after="900")
    code, out = check_store("sample-shopify")
    assert code == 1
    assert " -> 429, " in out and "Retry-After: 900" in out
    assert "Verdict: store failed: the store is rate-limiting us" in out


def test_a_robots_txt_that_disallows_the_search_is_its_own_verdict(registered) -> None:
    registered.set_robots("User-agent: *\nCrawl-delay: 2\nDisallow: /tcgplayer_pro/api/\n")
    code, out = check_store("sample-tcgplayer-pro")
    assert code == 1
    assert "robots.txt: DISALLOWS our searches (/tcgplayer_pro/api/catalog/search)" in out
    assert "crawl delay 2 s" in out
    assert "Verdict: blocked by robots.txt: the store's robots.txt disallows our searches" in out


def test_an_unknown_slug_is_a_clear_error(db) -> None:
    with pytest.raises(CommandError, match="no store with the slug 'nope'"):
        call_command("check_store", "nope", stdout=StringIO())
