"""The sample store fills a Shopify cart from a cart permalink, as a real Shopify shop does."""

from __future__ import annotations

import requests


def test_a_cart_permalink_fills_the_sample_shopify_cart(sample_store):
    page = requests.get(f"{sample_store.url}/shopify/cart/1000:2,3001:1", timeout=10).text
    assert '<span class="quantity">2</span> × <span class="title">Lightning Bolt [Magic 2010]</span> — Near Mint — $2.50' in page
    assert "Lightning Bolt [Double Masters 2022]</span> — Near Mint Foil — $4.50" in page
    assert "Subtotal $9.50" in page


def test_the_binderpos_cart_takes_the_shopify_variant_ids_its_api_and_theme_give(sample_store):
    api = requests.get(f"{sample_store.url}/binderpos/cart/901001:1", timeout=10).text
    theme = requests.get(f"{sample_store.url}/binderpos/cart/101:1", timeout=10).text
    assert "Lightning Bolt [Magic 2010]</span> — Lightly Played — $2.00" in api
    assert "Lightning Bolt [Magic 2010]</span> — Lightly Played — $2.00" in theme


def test_a_cart_asks_for_more_than_the_store_has_and_gets_what_there_is(sample_store):
    page = requests.get(f"{sample_store.url}/shopify/cart/1001:5,99:1", timeout=10).text
    assert '<span class="quantity">1</span>' in page and "(only 1 in stock)" in page
    assert "Variant 99 is no longer available" in page


def test_a_cart_link_it_cannot_read_is_refused(sample_store):
    assert requests.get(f"{sample_store.url}/shopify/cart/abc", timeout=10).status_code == 400
