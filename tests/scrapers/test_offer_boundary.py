"""What a store's offer looks like once it leaves the library: safe links, bounded text, sane money."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

import scrapers
from scrapers.http import HttpClient
from scrapers.offer import MAX_URL, TEXT_LIMITS, Offer
from scraper_fixtures import FAST

OFFER = Offer(
    name="Lightning Bolt", set_name="Magic 2010", set_code="M10", collector_number="146", finish="nonfoil",
    condition="NM", condition_raw="Near Mint", language="English", price=Decimal("2.50"), currency="CAD",
    quantity=3, url="https://shop.example.com/bolt", variant_id="77",
)


@pytest.mark.parametrize("url", [
    "javascript:fetch('/account/')", " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "/products/bolt", "//evil.example/x", "https://", "http://a b.example/",
    "https://shop.example.com/\x00bolt", "https://shop.example.com:port/", "https://shop.example.com/" + "a" * MAX_URL,
])
def test_a_link_that_is_not_an_absolute_web_url_is_dropped_and_the_offer_stays(url) -> None:
    kept = replace(OFFER, url=url).normalised("CAD")
    assert kept is not None and kept.url == ""
    assert kept.price == Decimal("2.50") and kept.name == "Lightning Bolt"


@pytest.mark.parametrize("url", ["https://shop.example.com/bolt?variant=1", "http://127.0.0.1:8765/shopify/x"])
def test_a_web_link_is_kept(url) -> None:
    assert replace(OFFER, url=url).normalised("CAD").url == url


def test_every_text_field_is_bounded_to_its_column() -> None:
    long = "Lightning Bolt " + "x" * 5000
    offer = replace(OFFER, **{field: long for field in TEXT_LIMITS}).normalised("CAD")
    for field, limit in TEXT_LIMITS.items():
        assert len(getattr(offer, field)) == limit, field
        assert getattr(offer, field).endswith("…")


def test_nul_bytes_controls_and_lone_surrogates_are_replaced() -> None:
    offer = replace(OFFER, name="Lightning\x00 Bolt \udc80\x1b[31m", set_name="Magic\n\t2010").normalised("CAD")
    assert offer.name == "Lightning\ufffd Bolt \ufffd\ufffd[31m"
    assert offer.set_name == "Magic 2010"
    offer.name.encode("utf-8")  # no lone surrogate left to fail on


def test_markup_stays_as_text() -> None:
    # Templates escape it; stripping it here would hide what the store really sent.
    offer = replace(OFFER, name="Lightning Bolt [<script>alert(1)</script>]").normalised("CAD")
    assert offer.name == "Lightning Bolt [<script>alert(1)</script>]"


@pytest.mark.parametrize("currency, expected", [
    ("EURO", "CAD"), ("$", "CAD"), ("<b>", "CAD"), ("xyz", "CAD"), ("", "CAD"), (" eur ", "EUR"), ("CLP", "CLP"),
])
def test_a_currency_is_an_iso_4217_code_or_the_stores_own(currency, expected) -> None:
    assert replace(OFFER, currency=currency).normalised("CAD").currency == expected


@pytest.mark.parametrize("price", ["-1", "NaN", "Infinity", "10000000000.00"])
def test_an_offer_with_a_price_out_of_range_is_dropped(price) -> None:
    assert replace(OFFER, price=Decimal(price)).normalised("CAD") is None


@pytest.mark.parametrize("quantity, expected", [(-5, 0), (0, 0), (7, 7), (10**12, None), (None, None)])
def test_a_quantity_out_of_range_is_none_or_zero(quantity, expected) -> None:
    assert replace(OFFER, quantity=quantity).normalised("CAD").quantity == expected


@pytest.mark.parametrize("platform", ["woocommerce", "crystal_commerce"])
def test_script_links_from_a_store_never_leave_the_library(sample_store, platform) -> None:
    sample_store.set_fault(platform, hostile="script")
    result = scrapers.search(sample_store.store_config(platform), "Lightning Bolt", client=HttpClient(FAST))
    assert result.status == "ok" and result.offers  # the offers stay...
    assert all(offer.url == "" for offer in result.offers)  # ...without their links
    assert any("<script>" in offer.set_name for offer in result.offers)  # the markup arrived, as text


def test_invalid_utf8_in_a_json_answer_is_decoded_with_replacement_characters(sample_store) -> None:
    sample_store.set_fault("woocommerce", hostile="bad_utf8")
    result = scrapers.search(sample_store.store_config("woocommerce"), "Lightning Bolt", client=HttpClient(FAST))
    assert result.status == "ok" and result.offers
    assert all("\ufffd" in offer.name and "\x00" not in offer.name for offer in result.offers)
