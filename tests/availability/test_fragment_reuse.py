"""What makes a crowd's round trips cheap never changes what a user sees.

- Fragments (availability/live/cells.py) are rendered once per distinct input and reused: a reused
  fragment is the one the template renders afresh, and anything the cell shows (the answer, the
  store's name, the clock's day) gives a new one.
- A socket's repeated `get_card_availability` reads the user's kept view (wishlist_reply.user_view)
  and no database: every way the view can change (a card added, edited or deleted, a store chosen,
  dropped or switched off, a new time zone) shows in the next answer, which is the answer an
  uncached process gives.
- Query counts do not grow with the list.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from availability.checks.models import LatestAnswer
from availability.checks.rechecks import forget_noted_pairs
from availability.checks.results import StoreAnswer, remember_answer
from availability.live import cells, protocol, wishlist_reply
from availability.live.states import CellState
from availability.preferences.zones import set_zone
from cards.catalog.models import Card
from cards.wishlist.models import CardSpec, TrackedCard
from stores.models import ChosenStore

# Changes commit for real: what a change forgets happens after its transaction commits.
pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

OFFER = {"name": "Lightning Bolt", "set_code": "m10", "collector_number": "146", "finish": "nonfoil",
         "condition": "NM", "language": "English", "price": "2.00", "currency": "USD", "quantity": 1,
         "url": "https://shop.example/products/bolt", "variant_id": "1"}


def fresh_cell(message: dict, store, zone) -> str:
    """The cell's template rendered afresh with the real store: what a reused fragment must equal."""
    return render_to_string("live/_cell.html", {
        "cell": message, "id": cells.cell_id(message["card_id"], store.slug), "store": store,
        "best": message["items"][0] if message["items"] else None, "more": max(0, len(message["items"]) - 1),
        "in_stock": cells.in_stock_here(message), "State": CellState, "zone": zone,
    })


def every_state(now):
    two_offers = [OFFER, dict(OFFER, price="3.50", condition="LP", quantity=0)]
    return [
        (None, False),
        (StoreAnswer("ok", two_offers, checked_at=now - timedelta(days=3)), False),
        (StoreAnswer("not_found", checked_at=now), False),
        (StoreAnswer("error", reason="HTTP 503 <b>", checked_at=now, last_good_at=now - timedelta(days=1)), False),
        (StoreAnswer("error", reason="paused", checked_at=now, paused_until=now + timedelta(hours=1)), False),
        (StoreAnswer("ok", [OFFER], checked_at=now - timedelta(hours=2)), True),
    ]


def test_a_reused_cell_is_the_template_rendered_afresh_in_every_state(bolt, make_store):
    store, zone, now = make_store("bolt-shop", name="Bolt <Shop>"), ZoneInfo("America/Toronto"), timezone.now()
    for answer, stale in every_state(now):
        first = cells.cell_update(bolt, store, answer, [], zone, stale=stale)
        again = cells.cell_update(bolt, store, answer, [], zone, stale=stale)  # from the kept fragments
        shown = {key: value for key, value in first.items() if key != "html"}
        assert again["html"] == first["html"] == fresh_cell(shown, store, zone)


def test_a_reused_row_and_best_price_are_the_templates_rendered_afresh(alice, bolt, make_store):
    store = make_store("bolt-shop")
    tracked = TrackedCard.objects.create(user=alice, card=bolt, amount=2)
    CardSpec.objects.create(tracked_card=tracked, set_code="m10", collector_number="146", finish="foil", amount=2)
    tracked = TrackedCard.objects.prefetch_related("specs").select_related("card").get(pk=tracked.pk)
    message = cells.cell_update(bolt, store, StoreAnswer("ok", [dict(OFFER, finish="foil")], checked_at=timezone.now()),
                                list(tracked.specs.all()), ZoneInfo("UTC"))
    row = cells.render_row(tracked, [message], [store], csrf_token="token-1")
    assert cells.render_row(tracked, [message], [store], csrf_token="token-1") == row
    best = cells.best_offers([message], {store.slug: store})
    expected = render_to_string("live/_row.html", {
        "tracked": tracked, "specs": list(tracked.specs.all()), "csrf_token": "token-1", "cells": [message],
        "specs_json": '[{"set_code": "m10", "collector_number": "146", "finish": "foil", "amount": 2}]',
        "best_html": render_to_string("live/_best.html", {"card_id": bolt.pk, "best": best}),
        "sort_price": "2.00", "in_stock_anywhere": True,
    })
    assert row == expected
    assert "2× M10 146 foil" in BeautifulSoup(row, "html.parser").select_one(".specs").get_text()


def test_whatever_a_cell_shows_gives_a_new_fragment(bolt, make_store, monkeypatch):
    store, zone = make_store("bolt-shop"), ZoneInfo("UTC")
    checked = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: checked + timedelta(hours=1))
    answer = StoreAnswer("ok", [OFFER], checked_at=checked)
    today = BeautifulSoup(cells.cell_update(bolt, store, answer, [], zone)["html"], "html.parser")
    assert today.time.get_text() == "10:00" and "2.00" in today.get_text()
    # A new price, a renamed store, the next day: each shows at once, though nothing was forgotten.
    cheaper = StoreAnswer("ok", [dict(OFFER, price="1.25")], checked_at=checked)
    assert "1.25" in cells.cell_update(bolt, store, cheaper, [], zone)["html"]
    store.name = "Renamed Shop"
    assert 'data-label="Renamed Shop"' in cells.cell_update(bolt, store, answer, [], zone)["html"]
    monkeypatch.setattr(timezone, "now", lambda: checked + timedelta(days=1, hours=1))
    tomorrow = BeautifulSoup(cells.cell_update(bolt, store, answer, [], zone)["html"], "html.parser")
    assert tomorrow.time.get_text() == f"{checked:%d %b} 10:00"


# --- the kept view, as get_card_availability reads it ---------------------------------------------


@pytest.fixture
def shops(make_store, alice, choose):
    first, second = make_store("hairy-tarantula"), make_store("fuzzy-spider")
    choose(alice, first, second)
    return first, second


@pytest.fixture
def listed(alice, catalog, shops):
    """Alice tracks three cards, each with a fresh answer at both her stores."""
    now = timezone.now()
    tracked = []
    for number, name in enumerate(["Lightning Bolt", "Sol Ring", "Counterspell"]):
        card = Card.objects.get(name=name)
        tracked.append(TrackedCard.objects.create(user=alice, card=card, amount=1))
        for store in shops:
            offers = [{"name": name, "price": f"{number + 1}.00", "currency": "USD", "condition": "NM",
                       "finish": "nonfoil", "quantity": 1, "url": f"https://{store.slug}.example.com/{card.pk}",
                       "set_code": "", "collector_number": ""}]
            remember_answer(store.pk, card.pk, StoreAnswer("ok", offers, checked_at=now), store.cache_ttl)
    return tracked


def ask(user, card_name: str | None = None, store_slug: str | None = None) -> list[dict]:
    message = {"type": "get_card_availability"}
    if card_name:
        message["card_name"] = card_name
    if store_slug:
        message["store_slug"] = store_slug
    return protocol.get_card_availability(user, message)


def uncached(user, *args) -> list[dict]:
    """The same question asked of a process that kept nothing."""
    wishlist_reply.drop_kept_renderings()
    cells.forget_fragments()
    return ask(user, *args)


def test_asked_again_the_answer_costs_no_query_and_is_the_uncached_one(alice, listed):
    first = ask(alice, "Sol Ring")
    with CaptureQueriesContext(connection) as queries:
        again = ask(alice, "Sol Ring")
    # (Without Redis the cache is a database table: its reads are the cache's, not the wishlist's.)
    assert [q["sql"] for q in queries.captured_queries if "lgs_cache" not in q["sql"]] == []
    assert again == first == uncached(alice, "Sol Ring")
    assert [m["store_slug"] for m in again] == ["fuzzy-spider", "hairy-tarantula"]


def test_every_change_to_the_view_shows_in_the_next_answer(alice, alice_client, listed, shops, make_store):
    hairy, fuzzy = shops
    ask(alice, "Sol Ring")
    # A store chosen, then one switched off by an admin.
    third = make_store("odd-owl")
    ChosenStore.objects.create(user=alice, store=third)
    assert [m["store_slug"] for m in ask(alice, "Sol Ring")] == ["fuzzy-spider", "hairy-tarantula", "odd-owl"]
    fuzzy.enabled = False
    fuzzy.save()
    assert [m["store_slug"] for m in ask(alice, "Sol Ring")] == ["hairy-tarantula", "odd-owl"]
    ChosenStore.objects.filter(user=alice, store=third).delete()
    assert [m["store_slug"] for m in ask(alice, "Sol Ring")] == ["hairy-tarantula"]
    # A printing wanted that the store does not have: the cell no longer shows the offer.
    sol_ring = listed[1]
    assert ask(alice, "Sol Ring")[0]["status"] == "in_stock"
    CardSpec.objects.create(tracked_card=sol_ring, set_code="lea", finish="foil", amount=1)
    assert ask(alice, "Sol Ring")[0]["status"] == "out_of_stock"
    # A new time zone writes the times anew.
    set_zone(alice.pk, "Asia/Tokyo")
    assert "(Asia/Tokyo)" in ask(alice, "Counterspell")[0]["html"]
    # A card added through the form, then deleted: asked for, it is known, then not tracked.
    assert alice_client.post("/cards/add/", {"card": "Llanowar Elves", "amount": "1"}).status_code == 302
    assert [m["card_name"] for m in ask(alice)].count("Llanowar Elves") == 1
    TrackedCard.objects.get(user=alice, card__name="Counterspell").delete()
    with pytest.raises(protocol.BadMessage, match="not tracking"):
        ask(alice, "Counterspell")
    assert ask(alice) == uncached(alice)


def test_a_card_tracked_without_a_signal_is_still_found(alice, listed):
    ask(alice, "Sol Ring")
    TrackedCard.objects.bulk_create([TrackedCard(user=alice, card=Card.objects.get(name="Birds of Paradise"))])
    assert [m["card_name"] for m in ask(alice, "Birds of Paradise")] == ["Birds of Paradise"] * 2


def test_a_store_that_is_not_hers_is_refused_with_or_without_a_kept_view(alice, bob, listed, make_store, choose):
    other = make_store("bobs-shop")
    choose(bob, other)
    for _ in range(2):
        with pytest.raises(protocol.BadMessage, match="not one of your stores"):
            ask(alice, "Sol Ring", "bobs-shop")


def test_users_never_get_each_others_view(alice, bob, listed, choose, shops):
    choose(bob, shops[0])
    ask(alice)
    assert ask(bob) == []
    with pytest.raises(protocol.BadMessage, match="not tracking"):
        ask(bob, "Sol Ring")


def test_queries_do_not_grow_with_the_list(alice, bob, catalog, make_store, choose, django_assert_max_num_queries):
    """A first get_users_cards and get_card_availability for a list of 1 card × 1 store and one of
    30 cards × 6 stores cost the same number of queries (every pair answered: nothing to queue)."""
    stores = [make_store(f"shop-{number}") for number in range(6)]
    choose(alice, stores[0])
    choose(bob, *stores)
    cards = list(Card.objects.order_by("name")[:30])
    TrackedCard.objects.create(user=alice, card=cards[0])
    TrackedCard.objects.bulk_create([TrackedCard(user=bob, card=card) for card in cards])
    for store in stores:
        for card in cards:
            remember_answer(store.pk, card.pk, StoreAnswer("not_found", checked_at=timezone.now()), store.cache_ttl)
    LatestAnswer.objects.all().delete()  # so both lists' pairs are new to the watch list
    counts = []
    for user in (alice, bob):
        wishlist_reply.drop_kept_renderings()  # the card added above was rendered for alice's tabs
        forget_noted_pairs()
        with CaptureQueriesContext(connection) as queries:
            protocol.get_users_cards(user, {"type": "get_users_cards"})
            ask(user)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]
    wishlist_reply.drop_kept_renderings()
    forget_noted_pairs()
    with django_assert_max_num_queries(counts[0]):
        protocol.get_users_cards(bob, {"type": "get_users_cards"})


def test_a_rendering_is_not_kept_when_an_answer_lands_while_it_is_drawn(alice, listed, shops, monkeypatch):
    """A kept reply is checked against what is stored at its keys once it is drawn (on Redis, the
    bytes; on the database cache, the values): an answer written between reading the answers and
    taking that snapshot must not be taken for the one drawn."""
    store, card = shops[0], listed[1].card
    real_rows = wishlist_reply.wishlist_rows

    def rows_then_a_check(*args, **kwargs):
        rows = real_rows(*args, **kwargs)
        remember_answer(store.pk, card.pk, StoreAnswer("not_found", checked_at=timezone.now()), store.cache_ttl)
        return rows

    monkeypatch.setattr(wishlist_reply, "wishlist_rows", rows_then_a_check)
    first = wishlist_reply.cards_data(alice)
    monkeypatch.setattr(wishlist_reply, "wishlist_rows", real_rows)
    assert "out_of_stock" in BeautifulSoup(wishlist_reply.cards_data(alice)["html"], "html.parser").select_one(
        f"#cell-{card.pk}-{store.slug}")["class"]
    assert first != wishlist_reply.cards_data(alice)
