"""The migrations that give every card, set, store and indexed listing a game (issue 23) keep every
row from before as Magic: the catalog, a user's tracked card, a store and its inventory index read
back the same, and a name taken by a Magic card can then be a card of another game too. Run on
SQLite and on PostgreSQL; the way back works while no other game's rows exist."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

from cards.catalog.models import Card, MagicSet, Printing
from cards.wishlist.models import TrackedCard
from stores.inventory.index import answer_from_index
from stores.models import Store

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("cards", "0003_tracked_cards_moved_to_wishlist"), ("stores", "0005_store_shipped_values"),
          ("inventory", "0002_item_read_at")]
OFFER = {"name": "Lightning Bolt", "set_name": "Magic 2010", "set_code": "M10", "collector_number": "146",
         "finish": "nonfoil", "condition": "NM", "condition_raw": "NM", "language": "English", "price": "2.00",
         "currency": "USD", "quantity": 3, "url": "https://hairy.example/bolt", "variant_id": None}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    named = {app for app, _name in targets}
    others = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] not in named]
    return executor.loader.project_state([*targets, *others]).apps


def to_the_end() -> None:
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_rows_from_before_games_are_magic_and_read_back_the_same():
    apps = migrate(BEFORE)
    m10 = apps.get_model("cards", "MagicSet").objects.create(code="m10", name="Magic 2010")
    bolt = apps.get_model("cards", "Card").objects.create(name="Lightning Bolt", search_name="lightning bolt")
    apps.get_model("cards", "Printing").objects.create(card=bolt, magic_set=m10, collector_number="146",
                                                       finishes=["nonfoil", "foil"])
    alice = apps.get_model("auth", "User").objects.create(username="alice")
    apps.get_model("wishlist", "TrackedCard").objects.create(user=alice, card=bolt, amount=4)
    store = apps.get_model("stores", "Store").objects.create(
        slug="hairy", name="Hairy", homepage="https://hairy.example", platform="shopify", inventory_mode="sync")
    sync = apps.get_model("inventory", "StoreSync").objects.create(store=store, status="ok")
    sync.finished_at = sync.started_at
    sync.save()
    apps.get_model("inventory", "InventoryItem").objects.create(
        sync=sync, card_key="lightning bolt", title="Lightning Bolt [M10]", offer=OFFER)

    to_the_end()

    card = Card.objects.get(name="Lightning Bolt")
    assert (card.game, MagicSet.objects.get(code="m10").game) == ("magic", "magic")
    assert Printing.objects.get(card=card).collector_number == "146"
    assert TrackedCard.objects.get(user__username="alice").card == card
    store = Store.objects.get(slug="hairy")
    assert store.games == ["magic"] and store.scraper_config().games == ("magic",)
    assert [offer.price for offer in answer_from_index(store, "Lightning Bolt").offers] == [2]
    # Names and set codes are now unique per game only.
    Card.objects.create(game="fab", name="Lightning Bolt")
    MagicSet.objects.create(game="pokemon", code="m10", name="not a real Pokémon set")
    with pytest.raises(IntegrityError):
        Card.objects.create(game="magic", name="Lightning Bolt")


def test_the_way_back_keeps_magic_rows():
    Card.objects.create(name="Counterspell")
    apps = migrate(BEFORE)
    assert apps.get_model("cards", "Card").objects.get().name == "Counterspell"
    to_the_end()
    assert Card.objects.get().game == "magic"


def test_rows_written_without_a_game_by_code_from_before_games_are_magic():
    """During a deploy the previous release still runs while the new schema is in place: its inserts
    name no game, and the database's defaults make them Magic rows instead of refusing them."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO cards_card (name, search_name, front_face_name, layout) "
                       "VALUES ('Counterspell', 'counterspell', '', 'normal')")
        cursor.execute("INSERT INTO stores_store (name, slug, homepage, platform, settings, currency, enabled, "
                       "requests_per_second, inventory_mode, city, country, region, shipped_values, "
                       "last_error_reason, consecutive_failures) VALUES ('Old', 'old', 'https://old.example', "
                       "'shopify', '{}', 'USD', %s, 1.0, 'auto', '', '', '', '{}', '', 0)", [True])
    assert Card.objects.get(name="Counterspell").game == "magic"
    assert Store.objects.get(slug="old").games == ["magic"]
