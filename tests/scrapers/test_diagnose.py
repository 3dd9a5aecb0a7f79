"""`scrapers.probe.diagnose` and the product counts parsers may report (`scrapers.diagnostics`)."""

from __future__ import annotations

import pytest
from saved_site import HTML, Saved, real_sample, saved_site

from scrapers.diagnostics import open_tally, tally
from scrapers.probe import diagnose
from scrapers.sample_store import sample_store_definitions
from scrapers.store import StoreConfig


def test_counts_a_parser_reports_are_shown_and_none_is_said_when_it_reports_none() -> None:
    with open_tally() as counts:
        tally(seen=12, matched=3)
        tally(seen=4, matched=0)  # a second results page
    assert (counts.products_seen, counts.products_matched, counts.reported) == (16, 3, True)
    tally(seen=1)  # nobody is watching: nothing to do, nothing raised
    with open_tally() as quiet:
        pass
    assert not quiet.reported


def test_a_diagnosis_records_each_request_with_its_verdict(sample_store, client) -> None:
    definition = next(d for d in sample_store_definitions(sample_store.url) if d["platform"] == "woocommerce")
    store = StoreConfig("woo", "Woo", "woocommerce", definition["base_url"], definition["settings"], "CLP", 1000)
    diagnosis = diagnose(store, "Sol Ring", client)
    assert diagnosis.verdict == "recognised: 2 offers in stock"
    assert [r.status for r in diagnosis.requests] == [200]


def sample_config(server_url: str, slug: str) -> StoreConfig:
    definition = next(d for d in sample_store_definitions(server_url) if d["slug"] == slug)
    return StoreConfig(slug, definition["name"], definition["platform"], definition["base_url"],
                       definition["settings"], definition["currency"], 1000)


def products_offered(diagnosis) -> int:
    """Distinct products the offers come from (a product's conditions share its page)."""
    return len({offer.url.split("?")[0] for offer in diagnosis.result.offers})


# "Lightning Bolt" in the sample inventory: the search finds ten printings, six of them Magic
# printings of exactly the card (the rest: a near miss, an art series card, another game's card,
# Lightning Helix), five with a copy in stock, nine copies in all. Platforms differ in what one
# product is: Crystal Commerce and Conduct list each finish, WooCommerce and the custom site each
# condition; the BinderPOS API and TCGplayer Pro answer in-stock products only.
LIGHTNING_BOLT_COUNTS = {
    "sample-crystal-commerce": (14, 10),
    "sample-shopify": (10, 6),
    "sample-binderpos": (9, 5),
    "sample-binderpos-theme": (10, 6),
    "sample-conduct": (13, 10),
    "sample-tcgplayer-pro": (9, 5),
    "sample-woocommerce": (14, 11),
    "sample-css": (14, 11),
}


@pytest.mark.parametrize("slug", sorted(LIGHTNING_BOLT_COUNTS))
def test_every_platform_counts_the_products_it_saw_and_matched(slug, sample_store, client) -> None:
    diagnosis = diagnose(sample_config(sample_store.url, slug), "Lightning Bolt", client)
    seen, matched = LIGHTNING_BOLT_COUNTS[slug]
    assert diagnosis.verdict == "recognised: 9 offers in stock"
    assert diagnosis.products == f"{seen} seen, {matched} matched"
    assert seen > matched >= products_offered(diagnosis) > 0


# Mana Crypt is listed and sold out; the BinderPOS API and TCGplayer Pro do not list sold-out products.
SOLD_OUT_COUNTS = {slug: (0, 0) if slug in ("sample-binderpos", "sample-tcgplayer-pro") else (1, 1)
                   for slug in LIGHTNING_BOLT_COUNTS}


@pytest.mark.parametrize("slug", sorted(SOLD_OUT_COUNTS))
def test_a_sold_out_card_is_seen_and_matched_with_no_offers(slug, sample_store, client) -> None:
    diagnosis = diagnose(sample_config(sample_store.url, slug), "Mana Crypt", client)
    seen, matched = SOLD_OUT_COUNTS[slug]
    assert diagnosis.verdict == "recognised: the store answered and has no Mana Crypt in stock"
    assert diagnosis.products == f"{seen} seen, {matched} matched"


def test_a_card_on_a_later_page_is_counted_on_every_page_read(sample_store, client) -> None:
    # Three near misses fill page 1 (three products a page), Ponder itself is on page 2.
    diagnosis = diagnose(sample_config(sample_store.url, "sample-binderpos-theme"), "Ponder", client)
    assert sample_store.requests("binderpos") == 2
    assert diagnosis.products == "4 seen, 1 matched"


def test_an_unrecognised_page_reads_no_products_and_says_why(sample_store, client) -> None:
    sample_store.set_fault("crystal_commerce", malformed=True)
    diagnosis = diagnose(sample_config(sample_store.url, "sample-crystal-commerce"), "Mana Crypt", client)
    assert diagnosis.verdict.startswith("not recognised: results page not recognised: ")
    assert diagnosis.products == "none read: no results page was recognised"


def test_a_binderpos_theme_it_does_not_know_is_counted_through_the_shopify_answer(client) -> None:
    routes = {
        "/search": Saved(b"<html><body><h1>Welcome to our shop</h1></body></html>", HTML),
        "/search/suggest.json": Saved(real_sample("shopify/tabletop_cloudshift/suggest.json")),
        "/products/cloudshift-avacyn-restored.js": Saved(
            real_sample("shopify/tabletop_cloudshift/cloudshift-avacyn-restored.js")),
    }  # the Jumpstart printing's answer is missing: sold between the two requests
    with saved_site(routes) as site:
        store = StoreConfig("theme", "Theme", "binderpos", site.url, {"mode": "html"}, "USD", 1000)
        diagnosis = diagnose(store, "Cloudshift", client)
    assert diagnosis.verdict == "recognised: 2 offers in stock"
    assert diagnosis.products == "2 seen, 2 matched"  # both suggestions are Cloudshift
