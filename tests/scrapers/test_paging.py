"""The paging rule of every platform that pages, with the sample store counting requests.

The rule (written in each module's docstring): read the next results page only while the current
one still lists a product that names the card (a match or a near miss), the store says more exist,
and fewer than `max_pages` were read. The sample store answers three results a page.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_scrapers_search import counted_platform, store_for

import scrapers
from scrapers.sample_store.inventory import INVENTORY, search
from scrapers.sample_store.pages_json import CLP_PER_USD

# Stores whose search pages; Shopify's suggest answers one page and Conduct's one answer holds all.
# The JSON platforms are set to three results a request, like the sample store's HTML pages.
PAGING = {
    "sample-crystal-commerce": {},
    "sample-binderpos": {"page_size": 3},
    "sample-binderpos-theme": {},
    "sample-tcgplayer-pro": {"page_size": 3},
    "sample-woocommerce": {"per_page": 3},
    "sample-css": {},
}
# TCGplayer Pro asks for the matching printings' inventory once, after the search pages.
EXTRA_REQUESTS = {"sample-tcgplayer-pro": 1}


def in_stock(card: str, currency: str) -> list[tuple[str, str, str, Decimal]]:
    factor = CLP_PER_USD if currency == "CLP" else 1
    return sorted((p.set_name, s.finish, s.condition, s.price * factor)
                  for p in INVENTORY if p.name == card for s in p.stock if s.quantity > 0)


@pytest.mark.parametrize("slug", PAGING)
def test_a_copy_behind_a_page_of_near_misses_is_found(sample_store, client, slug) -> None:
    # Page 1 holds only "Ponder // Ponder", "Ponder Playmat" and "Ponder (Oversized)".
    assert [p.name for p in search("Ponder")[:3]] == ["Ponder // Ponder", "Ponder Playmat", "Ponder (Oversized)"]
    store = store_for(sample_store, slug, **PAGING[slug])
    result = scrapers.search(store, "Ponder", client)
    assert result.status == "ok", result.reason
    assert sorted((o.set_name, o.finish, o.condition, o.price) for o in result.offers) == in_stock("Ponder", store.currency)
    assert sample_store.requests(counted_platform(slug)) == result.requests == 2 + EXTRA_REQUESTS.get(slug, 0)


@pytest.mark.parametrize("slug", PAGING)
def test_a_common_word_name_stops_at_the_first_page_of_unrelated_results(sample_store, client, slug) -> None:
    # "Opt" finds Opt, then eight cards that only contain the letters: three pages in all.
    assert len(search("Opt")) == 9
    store = store_for(sample_store, slug, **PAGING[slug])
    result = scrapers.search(store, "Opt", client)
    assert result.status == "ok", result.reason
    assert sorted((o.set_name, o.finish, o.condition, o.price) for o in result.offers) == in_stock("Opt", store.currency)
    # Page 1 (Opt and two others) and page 2 (all unrelated), not page 3.
    assert sample_store.requests(counted_platform(slug)) == result.requests == 2 + EXTRA_REQUESTS.get(slug, 0)


def test_max_pages_still_bounds_the_reading(sample_store, client) -> None:
    store = store_for(sample_store, "sample-crystal-commerce", max_pages=1)
    result = scrapers.search(store, "Ponder", client)
    # One page of near misses read, the cap reached: no copy seen.
    assert (result.status, result.requests) == ("not_found", 1)
