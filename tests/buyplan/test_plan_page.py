"""The buy plan page, its CSV and the `get_buy_plan` message, on the user's own list and stores."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from availability.alerts.models import AlertRule
from availability.checks.models import LatestAnswer
from availability.checks.results import StoreAnswer, remember_answer
from availability.money.models import ExchangeRate
from cards.catalog.models import Card
from cards.wishlist.models import CardSpec, TrackedCard
from tests.availability.conftest import Browser


def bolt_offer(price: str, quantity: int | None, variant: str = "", condition: str = "NM", currency: str = "USD",
               set_code: str = "m10", host: str = "shop.example") -> dict:
    return {"name": "Lightning Bolt", "set_name": "Magic 2010", "set_code": set_code, "collector_number": "146",
            "finish": "nonfoil", "condition": condition, "condition_raw": condition, "language": "English",
            "price": price, "currency": currency, "quantity": quantity,
            "url": f"https://{host}/products/bolt?variant={variant}", "variant_id": variant or None}


def answer(store, card, *offers, age=timedelta(0)) -> None:
    remember_answer(store.pk, card.pk, StoreAnswer("ok", list(offers), checked_at=timezone.now() - age), store.cache_ttl)


@pytest.fixture
def stores(make_store, choose, alice):
    shopify = make_store("bolt-shopify", name="Bolt Shopify", platform="shopify", homepage="https://bolt-shopify.example")
    cc = make_store("corner-cc", name="Corner Games", platform="crystal_commerce")
    choose(alice, shopify, cc)
    return shopify, cc


@pytest.fixture
def wants_four_bolts(alice, bolt):
    return TrackedCard.objects.create(user=alice, card=bolt, amount=4)


def test_the_plan_page_lists_each_store_with_its_items_subtotal_cart_link_and_the_total(
    alice_client, stores, bolt, wants_four_bolts
):
    shopify, cc = stores
    answer(shopify, bolt, bolt_offer("2.00", 3, "1000", host="bolt-shopify.example"))
    answer(cc, bolt, bolt_offer("2.50", 5), age=timedelta(hours=2))
    page = alice_client.get("/plan/?store_cost=1.00").content.decode()
    assert "Buy plan" in page and "USD 10.50" in page  # 3 × 2.00 + 1 × 2.50 + two stores at 1.00
    assert 'href="https://bolt-shopify.example/cart/1000:3"' in page
    assert "This store has no cart link" in page  # Crystal Commerce: the item links
    assert "(stale)" in page  # Corner Games' prices are two hours old
    assert "3 Lightning Bolt (M10) 146 [NM]" in page  # copy as list

    # A store cost of 5 makes one store cheaper: all four at Corner Games.
    page = alice_client.get("/plan/?store_cost=5").content.decode()
    assert "USD 15.00" in page and "Bolt Shopify" not in page.split('id="plan"')[1]


def test_a_store_that_could_not_be_read_is_named_not_counted_as_still_running(
    alice_client, stores, bolt, wants_four_bolts, make_store, choose, alice
):
    shopify, cc = stores
    closed = make_store("closed-shop", name="Closed Shop")
    choose(alice, closed)
    answer(shopify, bolt, bolt_offer("2.00", 4, "1000"))
    remember_answer(closed.pk, bolt.pk, StoreAnswer("error", [], checked_at=timezone.now(),
                                                   reason="store unreachable: the connection failed"), closed.cache_ttl)
    page = alice_client.get("/plan/").content.decode()
    assert "1 of 3 checks still running" in page  # Corner Games has not answered yet; Closed Shop has
    assert "Left out: Closed Shop could not be read" in page

def test_it_says_which_copies_cannot_be_had_within_the_cards_price_ceiling_and_condition_floor(
    alice_client, stores, bolt, wants_four_bolts
):
    shopify, cc = stores
    AlertRule.objects.create(tracked_card=wants_four_bolts, max_price=Decimal("2.20"), min_condition="LP")
    answer(shopify, bolt, bolt_offer("2.00", 1, "1000"), bolt_offer("1.00", 4, "1001", condition="HP"))
    answer(cc, bolt, bolt_offer("2.50", 5))
    page = alice_client.get("/plan/").content.decode()
    assert "USD 2.00" in page
    assert "3 of 4 Lightning Bolt" in page


def test_a_ceiling_in_another_currency_is_converted_and_without_a_rate_allows_nothing(
    alice_client, stores, bolt, wants_four_bolts
):
    shopify, cc = stores
    AlertRule.objects.create(tracked_card=wants_four_bolts, max_price=Decimal("2.00"), max_price_currency="EUR")
    answer(shopify, bolt, bolt_offer("2.50", 4, "1000"))  # USD
    # No EUR → USD rate: the ceiling cannot be compared, so no copy is bought under it.
    page = alice_client.get("/plan/?currency=USD").content.decode()
    assert "4 of 4 Lightning Bolt" in page
    # EUR 2.00 is USD 3.00 at 1.5 dollars a euro: the USD 2.50 copies are under the ceiling.
    ExchangeRate.objects.create(currency="USD", per_euro=Decimal("1.5"), as_of="2026-11-27")
    page = alice_client.get("/plan/?currency=USD").content.decode()
    assert "USD 10.00" in page and "4 of 4 Lightning Bolt" not in page


def test_acceptable_printings_come_from_the_cards_specs(alice_client, stores, bolt, wants_four_bolts):
    shopify, cc = stores
    CardSpec.objects.create(tracked_card=wants_four_bolts, set_code="m11", amount=4)
    answer(shopify, bolt, bolt_offer("1.00", 4, "1000"), bolt_offer("3.00", 4, "2000", set_code="m11"))
    page = alice_client.get("/plan/").content.decode()
    assert "USD 12.00" in page


def test_offers_in_another_currency_convert_or_are_listed_as_left_out(alice_client, stores, bolt, wants_four_bolts):
    shopify, cc = stores
    answer(shopify, bolt, bolt_offer("1.00", 2, "1000", currency="EUR"))
    answer(cc, bolt, bolt_offer("2.00", 5))
    page = alice_client.get("/plan/?currency=USD").content.decode()
    assert "no EUR → USD rate" in page and "USD 8.00" in page
    # One line per store, by the store's name as everywhere else (issue 21: not one line per offer).
    assert "Bolt Shopify: 1 offer of 1 card in EUR, with no EUR → USD rate" in page
    ExchangeRate.objects.create(currency="USD", per_euro=Decimal("1.5"), as_of="2026-11-27")
    page = alice_client.get("/plan/?currency=USD").content.decode()
    assert "no EUR → USD rate" not in page and "USD 7.00" in page  # 2 × 1.50 + 2 × 2.00


def test_a_store_without_a_cached_answer_counts_with_its_last_check_in_the_database(
    alice_client, stores, bolt, wants_four_bolts
):
    shopify, cc = stores
    # The store errs now; its last good answer, a day old, is kept in the latest-answer table.
    LatestAnswer.objects.create(
        store=cc, card=bolt, status="error", reason="the store timed out", checked_at=timezone.now(),
        last_good_at=timezone.now() - timedelta(days=1), offers=[bolt_offer("0.75", 4, host="corner-cc.example")],
    )
    page = alice_client.get("/plan/").content.decode()
    assert "USD 3.00" in page and "(stale)" in page
    assert "1 of 2 checks still running" in page


def test_the_csv_has_one_row_per_item(alice_client, stores, bolt, wants_four_bolts):
    shopify, cc = stores
    answer(shopify, bolt, bolt_offer("2.00", 3, "1000"))
    answer(cc, bolt, bolt_offer("2.50", 5))
    response = alice_client.get("/plan/buy-plan.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["store"], r["quantity"], r["unit_price"], r["line_total"]) for r in rows] == [
        ("Bolt Shopify", "3", "2.00", "6.00"), ("Corner Games", "1", "2.50", "2.50"),
    ]


def test_bad_options_are_explained_and_the_default_plan_shown(alice_client, stores, bolt, wants_four_bolts):
    page = alice_client.get("/plan/?store_cost=lots").content.decode()
    assert "store cost must be an amount like 5.00" in page
    assert alice_client.get("/plan/buy-plan.csv?max_stores=0").status_code == 400


def test_another_users_list_and_stores_are_not_in_my_plan(client, make_user, stores, bolt, wants_four_bolts):
    shopify, cc = stores
    answer(shopify, bolt, bolt_offer("2.00", 3, "1000"))
    bob = make_user("bob", "bob password 1")
    client.force_login(bob)
    page = client.get("/plan/").content.decode()
    assert "Nothing to plan yet" in page and "Bolt Shopify" not in page.split('id="plan"')[1]


def test_the_plan_page_needs_a_signed_in_user(client):
    assert client.get("/plan/").status_code == 302


@pytest.mark.django_db(transaction=True, databases="__all__")
async def test_get_buy_plan_answers_buy_plan_with_the_data_and_the_rendered_fragment(alice, stores, bolt):
    shopify, cc = stores

    @database_sync_to_async
    def arrange():
        TrackedCard.objects.create(user=alice, card=bolt, amount=2)
        answer(shopify, bolt, bolt_offer("2.00", 3, "1000"))

    await arrange()
    async with Browser(alice) as browser:
        await browser.send({"type": "get_buy_plan", "store_cost": "1.50", "max_stores": "1"})
        reply = await browser.receive()
        assert reply["type"] == "buy_plan"
        assert (reply["plan"]["total"], reply["plan"]["stores"][0]["cart_url"]) == (
            "5.50", "https://bolt-shopify.example/cart/1000:2")
        assert "Fill my cart at Bolt Shopify" in reply["html"]
        await browser.send({"type": "get_buy_plan", "max_stores": "none"})
        error = await browser.receive()
        assert error == {"type": "error", "request": "get_buy_plan",
                         "message": "max stores must be a whole number of 1 or more, or blank for any"}


def test_a_cached_answer_is_not_counted_twice_with_the_stored_check_behind_it(
    alice_client, stores, bolt, wants_four_bolts
):
    shopify, cc = stores
    LatestAnswer.objects.create(store=shopify, card=bolt, status="ok", checked_at=timezone.now(),
                                last_good_at=timezone.now(), offers=[bolt_offer("1.00", 2, "1000")])
    answer(shopify, bolt, bolt_offer("1.00", 2, "1000"))  # the same answer, cached
    # Unanswered: Bolt at Corner Games and Counterspell at Bolt Shopify, so the database is asked
    # about both stores and both cards, Bolt at Bolt Shopify among them.
    counterspell = Card.objects.create(name="Counterspell")
    TrackedCard.objects.create(user=wants_four_bolts.user, card=counterspell, amount=1)
    answer(cc, counterspell, {**bolt_offer("1.00", 1), "name": "Counterspell"})
    page = alice_client.get("/plan/").content.decode()
    assert "2 of 4 Lightning Bolt" in page  # two copies at Bolt Shopify, not four
