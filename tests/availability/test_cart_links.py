"""Cart permalinks survive persistence: a kept offer rebuilds its store's cart link from its variant id."""

from __future__ import annotations

from io import StringIO

import requests
from django.core.management import call_command

from availability.checks.models import Offer
from availability.checks.pipeline import scrape_and_record
from stores.models import Store


def test_kept_shopify_and_binderpos_offers_give_a_cart_link_that_lists_the_variant(sample_store, bolt) -> None:
    call_command("register_sample_stores", "--url", sample_store.url, stdout=StringIO())
    for slug in ("sample-shopify", "sample-binderpos", "sample-crystal-commerce"):
        answer = scrape_and_record(Store.objects.get(slug=slug), bolt)
        assert answer.status == "ok"
    kept = Offer.objects.filter(store_check__store__slug__in=["sample-shopify", "sample-binderpos"])
    assert kept.count() == 18  # nine in-stock Magic copies at each
    for offer in kept:
        assert offer.cart_url() in {o["cart_url"] for o in scrape_answer_offers(offer)}
        page = requests.get(offer.cart_url(1), timeout=10)
        assert page.status_code == 200 and 'class="quantity">1<' in page.text
    crystal = Offer.objects.filter(store_check__store__slug="sample-crystal-commerce")
    assert crystal.exists() and all(offer.cart_url() is None for offer in crystal)


def scrape_answer_offers(offer: Offer) -> list[dict]:
    from availability.checks.results import cached_answer

    return cached_answer(offer.store_check.store_id, offer.store_check.card_id).offers
