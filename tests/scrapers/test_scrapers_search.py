"""End to end: `scrapers.search()` over real HTTP against the sample store, for every platform."""

from __future__ import annotations

from decimal import Decimal

import pytest

import scrapers
from scrapers.sample_store import sample_store_definitions
from scrapers.sample_store.inventory import INVENTORY
from scrapers.sample_store.pages_json import CLP_PER_USD
from scrapers.store import StoreConfig

DEFINITIONS = {d["slug"]: d for d in sample_store_definitions("http://127.0.0.1:1")}
SLUGS = list(DEFINITIONS)


def store_for(server, slug: str, **settings) -> StoreConfig:
    definition = next(d for d in sample_store_definitions(server.url) if d["slug"] == slug)
    return StoreConfig(slug, definition["name"], definition["platform"], definition["base_url"],
                       {**definition["settings"], **settings}, definition["currency"], requests_per_second=1000)


def counted_platform(slug: str) -> str:
    return DEFINITIONS[slug]["platform"]


def expected_offers(card: str, currency: str) -> list[tuple[str, str, str, Decimal]]:
    factor = CLP_PER_USD if currency == "CLP" else 1
    return sorted(
        (p.set_name, s.finish, s.condition, s.price * factor)
        for p in INVENTORY if p.name == card and p.game == "magic" for s in p.stock if s.quantity > 0
    )


@pytest.mark.parametrize("slug", SLUGS)
def test_it_finds_every_in_stock_printing_and_nothing_else(sample_store, client, slug) -> None:
    store = store_for(sample_store, slug)
    result = scrapers.search(store, "Lightning Bolt", client)
    assert result.status == "ok", result.reason
    found = sorted((o.set_name, o.finish, o.condition, o.price) for o in result.offers)
    assert found == expected_offers("Lightning Bolt", store.currency)
    assert [o.price for o in result.offers] == sorted(o.price for o in result.offers)
    assert result.requests == sample_store.requests(counted_platform(slug))


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("card", ["Fire // Ice", "Delver of Secrets"])
def test_it_finds_split_and_double_faced_cards(sample_store, client, slug, card) -> None:
    result = scrapers.search(store_for(sample_store, slug), card, client)
    assert result.status == "ok", result.reason
    assert {o.set_name for o in result.offers} == {"Apocalypse" if card.startswith("Fire") else "Innistrad"}


@pytest.mark.parametrize("slug", SLUGS)
def test_it_reports_not_found_when_the_store_has_none(sample_store, client, slug) -> None:
    result = scrapers.search(store_for(sample_store, slug), "Black Lotus", client)
    assert (result.status, result.offers) == ("not_found", [])
    assert result.requests == 1


# A card whose printings differ by set: one request per results page (pages of 3 on the sample
# store for HTML platforms, `page_size` 2 for the BinderPOS API), plus the per-platform extras the
# docstrings promise: Shopify's one product call per matching printing, TCGplayer's one inventory call.
COUNTERSPELL_REQUESTS = {
    "sample-crystal-commerce": 2, "sample-shopify": 1 + 3, "sample-binderpos": 2, "sample-conduct": 1,
    "sample-tcgplayer-pro": 1 + 1, "sample-woocommerce": 1, "sample-css": 2, "sample-binderpos-theme": 1,
}


@pytest.mark.parametrize("slug", SLUGS)
def test_a_card_whose_printings_differ_by_set_costs_one_request_per_results_page(sample_store, client, slug) -> None:
    settings = {"page_size": 2} if slug == "sample-binderpos" else {}
    result = scrapers.search(store_for(sample_store, slug, **settings), "Counterspell", client)
    assert result.status == "ok"
    assert len(result.offers) == len(expected_offers("Counterspell", "USD"))
    assert result.requests == sample_store.requests(counted_platform(slug)) == COUNTERSPELL_REQUESTS[slug]


def test_it_reads_product_pages_only_for_printings_a_set_cannot_tell_apart(sample_store, client) -> None:
    result = scrapers.search(store_for(sample_store, "sample-crystal-commerce"), "Lightning Bolt", client)
    numbers = {(o.set_name, o.finish): o.collector_number for o in result.offers}
    assert numbers[("Secret Lair Drop Series", "nonfoil")] in ("84", "1734")
    assert numbers[("Magic 2010", "nonfoil")] is None
    assert result.requests == 5 + 2  # five result pages, two Secret Lair product pages
    again = scrapers.search(store_for(sample_store, "sample-crystal-commerce"), "Lightning Bolt", client)
    assert again.requests == 5  # product pages come from the cache


def test_it_stops_paging_at_the_first_page_without_the_card(sample_store, client) -> None:
    store = store_for(sample_store, "sample-crystal-commerce", fetch_collector_numbers=False)
    result = scrapers.search(store, "Lightning Bolt", client)
    # Pages 1-4 hold printings; page 5 only another game's product and Lightning Helix.
    assert result.requests == 5


def test_it_retries_a_passing_server_error_and_counts_the_extra_request(sample_store, client) -> None:
    sample_store.set_fault("woocommerce", status=503, times=1)
    result = scrapers.search(store_for(sample_store, "sample-woocommerce"), "Sol Ring", client)
    assert result.status == "ok" and result.requests == 2


FAULTS = {
    "rate limited (429, long Retry-After)": ({"status": 429, "retry_after": "900"}, "rate-limiting us"),
    "service unavailable (503)": ({"status": 503}, "server error (HTTP 503)"),
    "malformed page": ({"malformed": True}, "not recognised"),
    "response over the size cap": ({"oversized_bytes": 1024 * 1024}, "sent more than 0.25 MB"),
}


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_a_misbehaving_store_ends_as_an_error_with_a_readable_reason(sample_store, client, slug, fault) -> None:
    switches, reason = FAULTS[fault]
    sample_store.set_fault(counted_platform(slug), **switches)
    result = scrapers.search(store_for(sample_store, slug), "Lightning Bolt", client)
    assert (result.status, result.offers) == ("error", [])
    assert reason in result.reason
    assert result.requests >= 1
    if switches.get("status") == 429:
        assert result.retry_at is not None


@pytest.mark.parametrize("slug", SLUGS)
def test_a_store_that_hangs_ends_as_a_timeout_error(sample_store, make_client, slug) -> None:
    sample_store.set_fault(counted_platform(slug), hang_seconds=1.0)
    result = scrapers.search(store_for(sample_store, slug), "Lightning Bolt", make_client(retries=0))
    assert result.status == "error" and "did not answer within" in result.reason


def test_crystal_commerce_too_many_searches_ends_as_a_rate_limit_error(sample_store, client) -> None:
    sample_store.set_fault("crystal_commerce", too_many_searches=True)
    result = scrapers.search(store_for(sample_store, "sample-crystal-commerce"), "Lightning Bolt", client)
    assert result.status == "error" and "rate-limiting us" in result.reason
    assert result.retry_at is not None
    assert result.requests == 3  # first try and two retries


def test_an_unknown_conduct_host_is_an_error_not_an_empty_result(sample_store, client) -> None:
    store = store_for(sample_store, "sample-conduct", host="www.not-a-tenant.example")
    result = scrapers.search(store, "Lightning Bolt", client)
    assert result.status == "error" and "Invalid store" in result.reason


def test_an_unreachable_store_is_an_error(client) -> None:
    store = StoreConfig("gone", "Gone", "shopify", "http://127.0.0.1:9", requests_per_second=1000)
    result = scrapers.search(store, "Lightning Bolt", client)
    assert result.status == "error" and result.reason.startswith("store unreachable")


def test_invalid_settings_and_unknown_platforms_are_errors(client) -> None:
    result = scrapers.search(StoreConfig("x", "X", "css", "http://127.0.0.1:9"), "Sol Ring", client)
    assert result.status == "error" and "needs 'search_path'" in result.reason and result.requests == 0
    # A BinderPOS store without its shop cannot ask the API: it says so, and sends nothing.
    result = scrapers.search(StoreConfig("x", "X", "binderpos", "http://127.0.0.1:9"), "Sol Ring", client)
    assert result.status == "error" and "do not name its shop" in result.reason and result.requests == 0
    assert scrapers.search(StoreConfig("x", "X", "magento", "http://x"), "Sol Ring", client).status == "error"


def test_a_parser_crash_becomes_an_error_result(monkeypatch, sample_store, client) -> None:
    def broken(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(scrapers.shopify, "parse_suggestions", broken)
    result = scrapers.search(store_for(sample_store, "sample-shopify"), "Sol Ring", client)
    assert result.status == "error" and result.reason == "the store returned a page we could not read"


def test_offers_serialise_to_json_with_the_agreed_keys(sample_store, client) -> None:
    result = scrapers.search(store_for(sample_store, "sample-binderpos"), "Sol Ring", client)
    data = result.offers[0].to_json()
    assert {"name", "set_name", "set_code", "collector_number", "finish", "condition", "language", "price",
            "currency", "quantity", "url", "variant_id"} <= set(data)
    assert data["price"] == "0.50" and data["set_code"] == "C21" and data["collector_number"] == "263"
    assert result.to_json()["status"] == "ok"
