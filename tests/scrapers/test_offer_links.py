"""Offer links open pages on the sample stores: every product link answers 200, and Shopify and
BinderPOS offers carry a cart permalink that opens a cart listing that variant."""

from __future__ import annotations

import pytest
import requests
from lxml import html as lxml_html

import scrapers
from scrapers.cart import cart_permalink
from scrapers.sample_store import sample_store_definitions
from scrapers.store import StoreConfig

SLUGS = [d["slug"] for d in sample_store_definitions("http://127.0.0.1:1")]
CART_SLUGS = ["sample-shopify", "sample-binderpos", "sample-binderpos-theme"]


def store_for(server, slug: str) -> StoreConfig:
    definition = next(d for d in sample_store_definitions(server.url) if d["slug"] == slug)
    return StoreConfig(slug, definition["name"], definition["platform"], definition["base_url"],
                       definition["settings"], definition["currency"], requests_per_second=1000)


def cart_items(url: str) -> list[tuple[str, str]]:
    response = requests.get(url, timeout=10)
    assert response.status_code == 200, url
    tree = lxml_html.fromstring(response.text)
    # "2 × Counterspell [Seventh Edition] — Near Mint — $1.50": (what follows the ×, the quantity)
    return [(item.text_content().split("×", 1)[1].strip(), item.findtext(".//span[@class='quantity']"))
            for item in tree.xpath("//li[@class='cart-item']")]


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("card", ["Lightning Bolt", "Counterspell"])
def test_every_offer_link_opens_a_page_on_the_store(sample_store, client, slug, card) -> None:
    result = scrapers.search(store_for(sample_store, slug), card, client)
    assert result.offers, result.reason
    for offer in result.offers:
        response = requests.get(offer.url, timeout=10)
        assert response.status_code == 200, offer.url
        assert card in response.text


@pytest.mark.parametrize("slug", CART_SLUGS)
def test_shopify_and_binderpos_offers_carry_a_cart_permalink_for_their_variant(sample_store, client, slug) -> None:
    store = store_for(sample_store, slug)
    result = scrapers.search(store, "Counterspell", client)
    assert result.offers
    for offer in result.offers:
        assert offer.cart_url == f"{store.base_url}/cart/{offer.variant_id}:1"
        [(name, quantity)] = cart_items(offer.cart_url)
        assert name.startswith("Counterspell [") and offer.condition_raw in name and quantity == "1"


def test_other_platforms_have_no_cart_permalink(sample_store, client) -> None:
    result = scrapers.search(store_for(sample_store, "sample-crystal-commerce"), "Counterspell", client)
    assert result.offers and all(offer.cart_url is None for offer in result.offers)


def test_a_cart_permalink_for_several_variants_lists_each_with_its_quantity(sample_store, client) -> None:
    store = store_for(sample_store, "sample-shopify")
    offers = scrapers.search(store, "Lightning Bolt", client).offers[:2]
    # Quantities past the stock are capped by the cart (tests/buyplan/test_sample_cart.py).
    items = cart_items(cart_permalink(store.base_url, [(offer.variant_id, 1) for offer in offers]))
    assert [quantity for _, quantity in items] == ["1", "1"]
    assert [name.split(" — ")[1] for name, _ in items] == [offer.condition_raw for offer in offers]
    assert all(name.startswith("Lightning Bolt [") for name, _ in items)


def test_a_cart_with_an_unknown_variant_says_it_is_no_longer_available(sample_store) -> None:
    page = requests.get(cart_permalink(sample_store.base_url("shopify"), [("999999", 1)]), timeout=10)
    assert "Variant 999999 is no longer available" in page.text
