"""The dashboard page: the user's cards × stores, rendered with a constant number of queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from availability.checks.results import StoreAnswer, remember_answer
from cards.catalog.models import Card
from cards.wishlist.models import CardSpec, TrackedCard
from stores.models import ChosenStore, Store


def build_wishlist(user, prefix: str, cards: int, stores: int, answered: int = 0) -> None:
    """`cards` tracked cards (half of them foil only) at `stores` stores; `answered` cards have results."""
    card_rows = Card.objects.bulk_create(
        [Card(name=f"{prefix} {i:04}", search_name=f"{prefix.lower()} {i:04}") for i in range(cards)]
    )
    store_rows = Store.objects.bulk_create(
        [Store(name=f"{prefix} store {i}", slug=f"{prefix.lower()}-{i}", homepage=f"https://{prefix.lower()}{i}.example",
               platform="shopify") for i in range(stores)]
    )
    ChosenStore.objects.bulk_create([ChosenStore(user=user, store=s) for s in store_rows])
    tracked = TrackedCard.objects.bulk_create([TrackedCard(user=user, card=c, amount=1) for c in card_rows])
    CardSpec.objects.bulk_create([CardSpec(tracked_card=t, finish="foil") for t in tracked[::2]])
    for card in card_rows[:answered]:
        for store in store_rows:
            remember_answer(store.pk, card.pk, StoreAnswer("not_found", checked_at=timezone.now()), timedelta(minutes=30))


def queries_for_dashboard(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.django_db
def test_the_dashboard_query_count_does_not_grow_with_the_list(client, make_user):
    small, large = make_user("small"), make_user("large")
    build_wishlist(small, "Small", cards=2, stores=1, answered=1)
    build_wishlist(large, "Large", cards=500, stores=10, answered=50)
    client.force_login(small)
    small_count, _ = queries_for_dashboard(client)
    client.force_login(large)
    large_count, page = queries_for_dashboard(client)
    assert large_count == small_count
    assert page.count("<tr id=\"card-") == 500
    assert page.count('class="cell out_of_stock"') == 50 * 10
    assert page.count('class="cell checking"') == 450 * 10


@pytest.mark.django_db
def test_the_dashboard_shows_the_last_known_state_of_each_cell(alice_client, alice, bolt, make_store, choose):
    store = make_store("sample-shop", name="Sample Shop")
    choose(alice, store)
    TrackedCard.objects.create(user=alice, card=bolt, amount=4)
    offer = {"name": "Lightning Bolt", "set_name": "Magic 2010", "set_code": "M10", "collector_number": "146",
             "finish": "nonfoil", "condition": "NM", "condition_raw": "NM-Mint, English", "language": "English",
             "price": "2.50", "currency": "CAD", "quantity": 3, "url": "https://sample.example/bolt", "variant_id": "1"}
    remember_answer(store.pk, bolt.pk, StoreAnswer("ok", [offer], checked_at=timezone.now()), store.cache_ttl)
    response = alice_client.get(reverse("dashboard"))
    assert b"CAD 2.50" in response.content and b"NM \xc2\xb7 nonfoil \xc2\xb7 \xc3\x973" in response.content


@pytest.mark.django_db
def test_a_chilean_offer_shows_whole_pesos_and_blanks_where_the_store_gave_nothing(alice_client, alice, bolt, make_store, choose):
    """Chilean pesos have no minor unit (docs/money.md); offers keep prices to the cent."""
    store = make_store("la-cripta", name="La Cripta", currency="CLP")
    choose(alice, store)
    tracked = TrackedCard.objects.create(user=alice, card=bolt)
    offer = {"name": "Lightning Bolt", "set_name": "Magic 2010", "set_code": "M10", "collector_number": None,
             "finish": "nonfoil", "condition": "NM", "condition_raw": "NM", "language": None,
             "price": "900.00", "currency": "CLP", "quantity": 1, "url": "https://cripta.example/bolt", "variant_id": ""}
    remember_answer(store.pk, bolt.pk, StoreAnswer("ok", [offer], checked_at=timezone.now()), store.cache_ttl)
    page = alice_client.get(reverse("dashboard")).content.decode()
    dialog = alice_client.get(reverse("card_offers", args=[tracked.pk, store.slug])).content.decode()
    whole_pesos = re.compile(r"CLP 900(?![\d.])")
    assert len(whole_pesos.findall(page)) == 2  # the cell and the best-price column
    assert len(whole_pesos.findall(dialog)) == 1
    assert "CLP 900.00" not in page + dialog
    assert ">None<" not in dialog  # a store that gives no collector number or language: blank, not "None"


@pytest.mark.django_db
def test_stores_tied_at_the_best_price_are_all_named_whatever_order_their_answers_came_in(
    alice_client, alice, bolt, make_store, choose
):
    from availability.live.cells import best_offers, cell_update

    stores = [make_store(slug, name=name) for slug, name in
              (("zeta", "Zeta Games"), ("alpha", "Alpha Games"), ("mid", "Mid Games"))]
    tracked = TrackedCard.objects.create(user=alice, card=bolt)
    for store, price in zip(stores, ("2.50", "2.50", "3.00")):
        choose(alice, store)
        offer = {"name": "Lightning Bolt", "set_name": "Magic 2010", "set_code": "M10", "collector_number": "146",
                 "finish": "nonfoil", "condition": "NM", "condition_raw": "NM", "language": "English",
                 "price": price, "currency": "CAD", "quantity": 1, "url": "", "variant_id": ""}
        remember_answer(store.pk, bolt.pk, StoreAnswer("ok", [offer], checked_at=timezone.now()), store.cache_ttl)

    page = alice_client.get(reverse("dashboard")).content.decode()
    best = re.search(r'<td class="best"[^>]*data-cheapest="([^"]*)">(.*?)</td>', page, re.S)
    assert best.group(1).split() == ["alpha", "zeta"]  # both cells are marked cheapest
    assert re.sub(r"<[^>]+>|\s+", " ", best.group(2)).split() == "CAD 2.50 at Alpha Games and 1 other store".split()

    by_slug = {store.slug: store for store in stores}
    messages = [cell_update(bolt, store, StoreAnswer("ok", [{"price": price, "currency": "CAD"}], checked_at=timezone.now()),
                            [], timezone.get_current_timezone()) for store, price in zip(stores, ("2.50", "2.50", "3.00"))]
    assert best_offers(messages, by_slug) == best_offers(messages[::-1], by_slug)
