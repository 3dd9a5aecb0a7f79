"""Inventory sync in the scrapers library, against the sample store's thousands of products."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pytest
from scraper_fixtures import FAST

from scrapers import search
from scrapers.http import HttpClient, LocalRateLimiter
from scrapers.listing import card_key, offers_for
from scrapers.sample_store import catalog
from scrapers.sample_store.inventory import SAMPLE_GAMES
from scrapers.sync import read_inventory

SAMPLE_CARDS = ["Lightning Bolt", "Counterspell", "Fire // Ice", "Fire", "Delver of Secrets", "Ponder", "Opt",
                "Sol Ring", "Llanowar Elves", "Lightning Helix"]
REQUESTS_PER_SECOND = 2.0


@dataclass
class RecordingLimiter:
    """The client's own limiter, remembering the slot it booked for every request."""

    limiter: LocalRateLimiter
    clock: object
    slots: list[float] = field(default_factory=list)

    def reserve(self, host: str, interval: float) -> float:
        wait = self.limiter.reserve(host, interval)
        self.slots.append(self.clock() + wait)
        return wait

    def __getattr__(self, name: str):
        return getattr(self.limiter, name)  # the rest of the limiter (waits a store asked for)


@pytest.fixture
def recording_client(fake_time):
    limiter = RecordingLimiter(LocalRateLimiter(fake_time.clock), fake_time.clock)
    client = HttpClient(FAST.__class__(**{**FAST.__dict__, "max_bytes": 5 * 1024 * 1024}), limiter=limiter,
                        clock=fake_time.clock, sleep=fake_time.sleep)
    return client, limiter


def products_listed(platform: str) -> int:
    """How many listing entries the sample store serves for the platform (in stock or not)."""
    printings = catalog.catalog()
    if platform == "woocommerce":
        return sum(len(p.stock) for p in printings)
    if platform == "crystal_commerce":
        return sum(len(p.finishes) for p in printings)
    return len(printings)


PAGE_SIZES = {
    "shopify": 250, "binderpos": 250, "woocommerce": 100, "crystal_commerce": catalog.CATEGORY_PAGE_SIZE,
}


def listing_pages(platform: str) -> int:
    """How many listing pages a sync of the sample store reads: Crystal Commerce lists each game the
    store sells in its own singles category, the others every game in one listing."""
    if platform == "crystal_commerce":
        return sum(math.ceil(sum(len(p.finishes) for p in catalog.singles_of(game)) / PAGE_SIZES[platform])
                   for game in SAMPLE_GAMES)
    return math.ceil(products_listed(platform) / PAGE_SIZES[platform])


@pytest.mark.parametrize("platform", ["shopify", "binderpos", "woocommerce", "crystal_commerce"])
def test_a_sync_reads_every_page_of_thousands_of_products_within_the_rate_limit(
    sample_store, recording_client, platform
):
    client, limiter = recording_client
    store = sample_store.store_config(platform, requests_per_second=REQUESTS_PER_SECOND)
    assert products_listed(platform) > 2000

    result = read_inventory(store, client)

    assert result.status == "ok", result.reason
    pages = listing_pages(platform)
    assert result.pages == pages > 5
    in_stock = sum(1 for p in catalog.catalog() if p.in_stock and p.game == "magic")
    assert len({product.card_key for product in result.products}) > 500
    assert len(result.products) >= in_stock - 1  # every listed Magic printing with a copy in stock
    # Every request the store received was booked with the limiter, one slot per 1/rps seconds.
    assert sample_store.requests(platform) == result.requests == len(limiter.slots)
    gaps = [later - earlier for earlier, later in zip(limiter.slots, limiter.slots[1:])]
    assert min(gaps) >= 1 / REQUESTS_PER_SECOND - 1e-9


@pytest.mark.parametrize("platform", ["shopify", "woocommerce", "crystal_commerce"])
def test_the_index_answers_every_card_as_a_search_would(sample_store, platform):
    store = sample_store.store_config(platform)
    synced = read_inventory(store, HttpClient())
    for card in SAMPLE_CARDS:
        from_index = [offer.to_json() for offer in offers_for(card, synced.products)]
        searched = [offer.to_json() for offer in search(store, card, HttpClient()).offers]
        assert sorted(from_index, key=str) == sorted(searched, key=str), card
    assert offers_for("Lightning Bolt", synced.products)  # not vacuous: the sample store sells it


def test_a_binderpos_store_syncs_through_its_shopify_catalog(sample_store):
    store = sample_store.store_config("binderpos")
    synced = read_inventory(store, HttpClient())

    def essentials(offers):
        return sorted((o.name, o.set_name, o.condition, o.finish, o.price, o.language) for o in offers)

    for card in SAMPLE_CARDS:
        searched = search(store, card, HttpClient()).offers
        assert essentials(offers_for(card, synced.products)) == essentials(searched)
    bolts = offers_for("Lightning Bolt", synced.products)
    assert bolts and all(o.url.startswith(store.base_url) for o in bolts)


def test_a_sync_failing_half_way_returns_no_products_and_names_the_page(sample_store):
    store = sample_store.store_config("woocommerce")

    def break_store_after(page: int) -> None:
        if page == 2:
            sample_store.set_fault("woocommerce", status=503)

    result = read_inventory(store, HttpClient(FAST), on_page=break_store_after)

    assert result.status == "error"
    assert result.products == [] and result.pages == 2
    assert result.reason.startswith("page 3: ") and "503" in result.reason


def test_a_platform_without_a_listing_is_refused_with_a_reason(sample_store):
    result = read_inventory(sample_store.store_config("conduct"), HttpClient(FAST))
    assert result.status == "error" and "search them card by card" in result.reason
    assert sample_store.requests("conduct") == 0


def test_card_keys_meet_between_listing_titles_and_searched_names():
    assert card_key("Lightning Bolt [Magic 2010]") == card_key("Lightning Bolt") == "lightning bolt"
    assert card_key("Fire // Ice - Foil") == card_key("Fire") == card_key("Fire // Ice")
    assert card_key("Sol Ring — Near Mint · Spanish") == "sol ring"


# Shopify links are built from the product's handle; WooCommerce's come from the store as they are.
@pytest.mark.parametrize("platform, links_from_store", [("shopify", False), ("woocommerce", True)])
def test_a_synced_index_keeps_no_script_links_from_a_hostile_store(sample_store, platform, links_from_store):
    sample_store.set_fault(platform, hostile="script")
    result = read_inventory(sample_store.store_config(platform), HttpClient(FAST))
    offers = [offer for product in result.products for offer in product.offers]
    assert result.status == "ok" and offers
    # The same boundary as a search: a link that is not a web link is dropped, the offer stays.
    assert all(offer.url == "" or offer.url.startswith("http") for offer in offers)
    assert any(offer.url == "" for offer in offers) == links_from_store


def test_an_endless_listing_stops_at_the_product_cap_with_an_error_that_says_so(sample_store):
    sample_store.set_fault("shopify", hostile="endless")  # 250 products on every page, for ever
    store = sample_store.store_config("shopify")
    handed: list[int] = []

    result = read_inventory(store, HttpClient(FAST), on_products=lambda page: handed.append(len(page)),
                            max_products=600)

    assert result.status == "error"
    assert result.reason == "stopped at 600 products: the store lists more than this app indexes"
    assert result.pages == 3 and sample_store.requests("shopify") == 3  # page 3 (750 listed) is the last read
    assert result.products == []  # nothing piles up in the sync: each page went to the sink as read
    assert len(handed) == 2 and all(0 < size <= 250 for size in handed)


def test_a_sync_hands_its_products_over_page_by_page(sample_store):
    store = sample_store.store_config("shopify")
    handed: list[int] = []
    result = read_inventory(store, HttpClient(FAST), on_products=lambda page: handed.append(len(page)))
    assert result.status == "ok" and result.products == []
    assert len(handed) == result.pages == listing_pages("shopify") and max(handed) <= 250
    assert sum(handed) == result.product_count > 2000
