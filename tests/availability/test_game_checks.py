"""Checks per game (issue 23): a check asks the store for the card of its game, a synced store's
index holds every game it sells under each key a listing is found by, and a store registered before
games learns the sample stores' games on the next start."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

import scrapers
from availability.checks.pipeline import check_store_card
from availability.checks.results import cached_answer
from cards.catalog.models import Card
from stores.inventory.index import answer_from_index
from stores.inventory.models import InventoryItem
from stores.inventory.sync import sync_store
from stores.models import Store
from tests.test_inventory_sync import sample_store_row

GAMES = ["magic", "pokemon", "lorcana", "onepiece"]


def names(offers) -> set[str]:
    return {offer["name"] if isinstance(offer, dict) else offer.name for offer in offers}


@pytest.mark.parametrize("game, card, expected_words", [
    ("pokemon", "Pikachu", "Pikachu"),
    ("lorcana", "Elsa - Spirit of Winter", "Elsa - Spirit of Winter"),
    ("onepiece", "Nami", "Nami"),
])
def test_a_check_searches_the_store_for_the_card_of_its_game(sample_store, db, game, card, expected_words):
    store = sample_store_row(sample_store, "shopify", games=GAMES, inventory_mode="search")
    tracked = Card.objects.create(game=game, name=card)

    assert check_store_card(store.pk, tracked.pk) == "ok"

    found = names(cached_answer(store.pk, tracked.pk).offers)
    assert found and all(name.startswith(expected_words) for name in found), found
    # Never a near miss of another name: "Pikachu V", "Elsa - Snow Queen".
    assert not any(miss in name for name in found for miss in ("Pikachu V", "Pikachu ex", "Snow Queen", "Queen Regent"))


def test_a_sync_indexes_every_game_the_store_sells_and_answers_by_name_or_card_id(sample_store, db):
    store = sample_store_row(sample_store, "shopify", games=GAMES, inventory_mode="sync")
    sync = sync_store(store, scrapers.HttpClient())
    assert sync.status == "ok", sync.error
    assert set(InventoryItem.objects.filter(sync=sync).values_list("game", flat=True)) == set(GAMES)

    pikachu = answer_from_index(store, "Pikachu", "pokemon")
    assert pikachu.offers and all(offer.name.startswith("Pikachu") for offer in pikachu.offers)
    assert not any("Pikachu V" in offer.name for offer in pikachu.offers)
    by_id = answer_from_index(store, "OP01-016", "onepiece")
    assert by_id.offers and all("Nami" in offer.name for offer in by_id.offers)
    assert answer_from_index(store, "Pikachu", "magic").offers == []  # Magic's index holds no Pikachu
    bolt = answer_from_index(store, "Lightning Bolt")
    assert bolt.offers and all("Lightning Bolt" in offer.name for offer in bolt.offers)


def test_a_magic_only_store_is_not_synced_for_other_games(sample_store, db):
    store = sample_store_row(sample_store, "shopify", inventory_mode="sync")
    sync = sync_store(store, scrapers.HttpClient())
    assert set(InventoryItem.objects.filter(sync=sync).values_list("game", flat=True)) == {"magic"}


def test_sample_stores_registered_before_games_sell_every_sample_game_after_the_next_start(sample_store, db):
    call_command("register_sample_stores", "--url", sample_store.url, stdout=StringIO())
    for store in Store.objects.all():  # as a database from before games has them
        written = dict(store.shipped_values)
        written.pop("games")
        Store.objects.filter(pk=store.pk).update(games=["magic"], shipped_values=written)

    call_command("register_sample_stores", "--url", sample_store.url, stdout=StringIO())

    assert Store.objects.get(slug="sample-shopify").games == GAMES
    assert Store.objects.get(slug="sample-shopify").scraper_config().games == tuple(GAMES)
