"""One money formatter and one currency list: the buy plan writes prices as the cells and alerts do
("CLP 900", code first, in the currency's own minor units), and every currency picker offers the
same currencies."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from availability.checks.results import StoreAnswer, remember_answer
from availability.money.models import ExchangeRate
from cards.wishlist.models import TrackedCard

pytestmark = pytest.mark.django_db


def bolt_offer(price: str, currency: str) -> dict:
    return {"name": "Lightning Bolt", "set_name": "Magic 2010", "set_code": "m10", "collector_number": "146",
            "finish": "nonfoil", "condition": "NM", "condition_raw": "NM", "language": "English",
            "price": price, "currency": currency, "quantity": 2, "url": "https://cripta.example/products/bolt",
            "variant_id": ""}


@pytest.fixture
def la_cripta(make_store, choose, alice, bolt):
    store = make_store("la-cripta", name="La Cripta", currency="CLP")
    choose(alice, store)
    TrackedCard.objects.create(user=alice, card=bolt, amount=1)
    remember_answer(store.pk, bolt.pk, StoreAnswer("ok", [bolt_offer("900.00", "CLP")], checked_at=timezone.now()),
                    timedelta(hours=1))
    return store


def texts(page: bytes, selector: str) -> list[str]:
    return [" ".join(node.text.split()) for node in BeautifulSoup(page, "html.parser").select(selector)]


def test_a_peso_plan_writes_pesos_without_cents_and_the_code_first(alice_client, la_cripta):
    page = alice_client.get(reverse("buy_plan")).content

    assert texts(page, "#plan-total") == ["CLP 900"]
    assert texts(page, ".plan-store .subtotal") == ["CLP 900"]
    assert texts(page, ".plan-store td.price") == ["CLP 900"]


def test_a_converted_price_shows_the_stores_own_price_code_first(alice_client, la_cripta):
    ExchangeRate.objects.create(currency="CLP", per_euro=Decimal("1000"), as_of="2026-11-27")
    ExchangeRate.objects.create(currency="USD", per_euro=Decimal("1"), as_of="2026-11-27")

    page = alice_client.get(reverse("buy_plan") + "?currency=USD").content

    assert texts(page, ".plan-store td.price") == ["USD 0.90 (CLP 900)"]


def test_every_currency_picker_offers_the_same_currencies_and_each_stores_own(alice_client, alice, bolt, make_store):
    make_store("tienda-mx", name="Tienda MX", currency="MXN")  # nobody's store: still a currency stores here use
    tracked = TrackedCard.objects.create(user=alice, card=bolt)

    def offered(url: str, selector: str) -> list[str]:
        page = alice_client.get(url).content
        return [o["value"] for o in BeautifulSoup(page, "html.parser").select(f"{selector} option") if o["value"]]

    plan = offered(reverse("buy_plan"), "select[name=currency]")
    settings = offered(reverse("alert_settings"), "select[name=max_price_currency]")
    rule = offered(reverse("card_alert_rule", args=[tracked.pk]), "select[name=max_price_currency]")
    assert plan == settings == rule
    assert {"JPY", "CLP", "MXN", "USD"} <= set(plan)
