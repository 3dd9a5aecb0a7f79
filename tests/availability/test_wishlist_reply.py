"""`cards_data` is rendered once and re-sent while nothing it shows changed
(availability/live/wishlist_reply.py): a repeat costs no query on the wishlist, and every change a
user could see is in the next reply."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from availability.checks.results import StoreAnswer, remember_answer
from availability.live import wishlist_reply
from availability.preferences.models import Preferences
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from stores.models import ChosenStore

# Changes commit for real: what a change forgets happens after its transaction commits.
pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def shop(make_store, alice, choose):
    store = make_store("hairy-tarantula")
    choose(alice, store)
    return store


@pytest.fixture
def bolt(alice, catalog):
    return TrackedCard.objects.create(user=alice, card=Card.objects.get(name="Lightning Bolt"), amount=2)


def cell(reply: dict, card: Card, store) -> BeautifulSoup:
    found = BeautifulSoup(reply["html"], "html.parser").select_one(f"#cell-{card.pk}-{store.slug}")
    assert found is not None, reply["html"]
    return found


def in_stock(store, card: Card, price: str, checked_at=None) -> StoreAnswer:
    answer = StoreAnswer(status="ok", checked_at=checked_at or timezone.now(), offers=[{
        "name": card.name, "price": price, "currency": "CAD", "condition": "NM", "finish": "nonfoil",
        "quantity": 1, "url": f"https://{store.slug}.example.com/bolt", "set_code": "", "collector_number": "",
    }])
    remember_answer(store.pk, card.pk, answer, store.cache_ttl)
    return answer


def wishlist_queries(queries) -> list[str]:
    tables = ("cards_trackedcard", "cards_cardspec", "stores_store", "availability_alertsettings")
    return [q["sql"] for q in queries if any(table in q["sql"] for table in tables)]


def test_asking_again_reads_no_wishlist_and_gives_the_same_rows(alice, shop, bolt):
    in_stock(shop, bolt.card, "1.50")
    first = wishlist_reply.cards_data(alice)
    with CaptureQueriesContext(connection) as queries:
        again = wishlist_reply.cards_data(alice)
    assert again == first
    assert wishlist_queries(queries.captured_queries) == []


def test_an_empty_wishlist_reads_only_the_wishlist_then_fills_in(alice, shop, catalog):
    with CaptureQueriesContext(connection) as queries:
        assert wishlist_reply.cards_data(alice) == {"type": "cards_data", "html": "", "tracked_cards": []}
    assert [sql for sql in wishlist_queries(queries.captured_queries) if "cards_trackedcard" not in sql] == []
    TrackedCard.objects.create(user=alice, card=Card.objects.get(name="Sol Ring"), amount=1)
    assert f'id="cell-{Card.objects.get(name="Sol Ring").pk}-{shop.slug}"' in wishlist_reply.cards_data(alice)["html"]


def test_a_new_answer_shows_in_the_next_reply(alice, shop, bolt):
    assert "checking" in cell(wishlist_reply.cards_data(alice), bolt.card, shop)["class"]
    in_stock(shop, bolt.card, "1.50")
    assert "in_stock" in cell(wishlist_reply.cards_data(alice), bolt.card, shop)["class"]
    in_stock(shop, bolt.card, "0.75")
    assert "0.75" in cell(wishlist_reply.cards_data(alice), bolt.card, shop).get_text()


def test_a_card_added_through_the_form_shows_in_the_next_reply(alice, alice_client, shop, bolt):
    wishlist_reply.cards_data(alice)
    response = alice_client.post(reverse("card_add"), {"card": "Counterspell", "amount": "3"})
    assert response.status_code == 302
    reply = wishlist_reply.cards_data(alice)
    assert sorted((card["card"], card["amount"]) for card in reply["tracked_cards"]) == [
        ("Counterspell", 3), ("Lightning Bolt", 2)]
    assert 'data-card="Counterspell"' in reply["html"]


def test_a_store_chosen_or_dropped_changes_the_columns(alice, make_store, shop, bolt):
    other = make_store("fuzzy-spider")
    wishlist_reply.cards_data(alice)
    ChosenStore.objects.create(user=alice, store=other)
    assert f"cell-{bolt.card_id}-fuzzy-spider" in wishlist_reply.cards_data(alice)["html"]
    ChosenStore.objects.filter(user=alice, store=other).delete()
    assert f"cell-{bolt.card_id}-fuzzy-spider" not in wishlist_reply.cards_data(alice)["html"]


def test_stores_chosen_on_the_account_page_change_the_columns(alice, alice_client, make_store, shop, bolt):
    other = make_store("fuzzy-spider")
    wishlist_reply.cards_data(alice)
    alice_client.post(reverse("account"), {"save_stores": "1", "stores": [shop.pk, other.pk]})
    assert f"cell-{bolt.card_id}-fuzzy-spider" in wishlist_reply.cards_data(alice)["html"]
    alice_client.post(reverse("account"), {"save_stores": "1", "stores": [other.pk]})
    assert f"cell-{bolt.card_id}-{shop.slug}" not in wishlist_reply.cards_data(alice)["html"]


def test_a_store_switched_off_by_an_admin_leaves_everyones_rows(alice, shop, bolt):
    wishlist_reply.cards_data(alice)
    shop.enabled = False
    shop.save()
    assert f"cell-{bolt.card_id}-{shop.slug}" not in wishlist_reply.cards_data(alice)["html"]


def test_a_new_time_zone_shows_in_the_next_reply(alice, shop, bolt):
    in_stock(shop, bolt.card, "1.50", checked_at=timezone.now().replace(hour=12, minute=0, second=0, microsecond=0))
    assert "12:00 (UTC)" in cell(wishlist_reply.cards_data(alice), bolt.card, shop).select_one("time")["title"]
    Preferences.objects.update_or_create(user=alice, defaults={"time_zone": "Asia/Kolkata"})
    assert "17:30 (Asia/Kolkata)" in cell(wishlist_reply.cards_data(alice), bolt.card, shop).select_one("time")["title"]


def test_an_answer_that_turns_stale_is_shown_stale(alice, shop, bolt, monkeypatch):
    in_stock(shop, bolt.card, "1.50")
    assert "in_stock" in cell(wishlist_reply.cards_data(alice), bolt.card, shop)["class"]
    later = timezone.now() + shop.cache_ttl + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "stale" in cell(wishlist_reply.cards_data(alice), bolt.card, shop)["class"]


def test_a_change_made_in_another_process_is_seen_through_the_shared_token(alice, shop, bolt):
    wishlist_reply.cards_data(alice)
    # Another process changed the amount and replaced the token; this process kept its rendering.
    TrackedCard.objects.filter(pk=bolt.pk).update(amount=4)
    from django.core.cache import cache

    cache.set(wishlist_reply.user_token_key(alice.pk), "set-by-another-process", timeout=None)
    assert wishlist_reply.cards_data(alice)["tracked_cards"][0]["amount"] == 4


def test_an_answer_read_from_the_database_is_never_reused(alice, shop, bolt):
    """Evicted from the cache, an answer cannot be compared cheaply: each reply reads it again."""
    from availability.checks.models import LatestAnswer

    LatestAnswer.objects.update_or_create(store=shop, card=bolt.card, defaults={
        "status": "ok", "checked_at": timezone.now(), "offers": [{
            "name": "Lightning Bolt", "price": "2.00", "currency": "CAD", "condition": "NM", "finish": "nonfoil",
            "quantity": 1, "url": "https://hairy-tarantula.example.com/bolt", "set_code": "", "collector_number": "",
        }]})
    bolt.amount = 3
    bolt.save()  # a change the rows show, so the rendering made when the card was added goes
    assert "2.00" in cell(wishlist_reply.cards_data(alice), bolt.card, shop).get_text()
    LatestAnswer.objects.filter(store=shop, card=bolt.card).update(status="not_found", offers=[])
    assert "out_of_stock" in cell(wishlist_reply.cards_data(alice), bolt.card, shop)["class"]


def test_users_never_get_each_others_rows(alice, bob, shop, bolt, choose):
    choose(bob, shop)
    in_stock(shop, bolt.card, "1.50")
    wishlist_reply.cards_data(alice)
    assert wishlist_reply.cards_data(bob)["tracked_cards"] == []
    assert wishlist_reply.cards_data(alice)["tracked_cards"][0]["card"] == "Lightning Bolt"


def test_the_kept_renderings_are_bounded(alice, shop, bolt, make_user, monkeypatch):
    monkeypatch.setattr(wishlist_reply, "MAX_USERS", 2)
    for name in ("carol", "dave", "erin"):
        wishlist_reply.cards_data(make_user(name))
    assert len(wishlist_reply._renderings) == 2


def test_a_price_is_never_lost_between_two_renderings(alice, shop, bolt):
    """The reply after an answer is never the rendering from before it (checked many times)."""
    for cents in range(100, 130):
        price = Decimal(cents) / 100
        in_stock(shop, bolt.card, f"{price:.2f}")
        assert f"{price:.2f}" in cell(wishlist_reply.cards_data(alice), bolt.card, shop).get_text()
