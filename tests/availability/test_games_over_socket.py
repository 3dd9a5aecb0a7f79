"""Games over the socket (issue 23, docs/protocol.md): add_card takes a `game` (absent: Magic), the
wishlist and the cells carry it for other games, checks ask for the card of that game, and a name
tracked in one game is told from the same name in another."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from tests.availability.conftest import Browser, run_queued_checks
from tests.availability.test_consumer import updates, wishlist

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


async def test_a_pokemon_card_is_tracked_checked_and_priced_beside_a_magic_one(shopper, game_catalogs):
    async with Browser(shopper) as browser:
        await browser.ask({"type": "add_card", "card": "Lightning Bolt"}, count=4)
        cards_data, *checking = await browser.ask({"type": "add_card", "card": "pikachu", "game": "pokemon"}, count=4)
        assert wishlist(cards_data) == [
            {"card": "Lightning Bolt", "amount": 1, "specs": []},
            {"card": "Pikachu", "game": "pokemon", "amount": 1, "specs": []},
        ]
        assert 'data-game="pokemon"' in cards_data["html"]
        assert {m["game"] for m in checking} == {"pokemon"}

        assert await run_queued_checks() == 6
        received = await browser.receive_until(lambda ms: sum(m.get("game") == "pokemon" for m in ms) == 3)
    pikachu = updates([m for m in received if m.get("game") == "pokemon"])
    assert len(pikachu) == 3 and all(m["status"] == "in_stock" for m in pikachu.values())
    for message in pikachu.values():
        names = {item["name"] for item in message["items"]}
        assert names and all(name.startswith("Pikachu") and "Pikachu V" not in name for name in names), names


async def test_an_unknown_game_is_refused_and_nothing_is_saved(shopper, game_catalogs):
    async with Browser(shopper) as browser:
        [error] = await browser.ask({"type": "add_card", "card": "Pikachu", "game": "chess"})
        assert error["type"] == "error" and "'game' must be one of magic, pokemon" in error["message"]
        [error] = await browser.ask({"type": "add_card", "card": "Pikachoo", "game": "pokemon"})
        assert error["message"] == 'no card named "Pikachoo" in Pokémon — did you mean "Pikachu"?'
        assert error["suggestion"] == "Pikachu"
    assert not await database_sync_to_async(TrackedCard.objects.exists)()


async def test_the_same_name_in_two_games_is_two_cards_each_deleted_by_its_game(shopper, catalog):
    await database_sync_to_async(Card.objects.create)(game="fab", name="Lightning Bolt")
    async with Browser(shopper) as browser:
        await browser.ask({"type": "add_card", "card": "Lightning Bolt"}, count=4)
        cards_data, *_ = await browser.ask({"type": "add_card", "card": "Lightning Bolt", "game": "fab"}, count=4)
        assert [card.get("game", "magic") for card in cards_data["tracked_cards"]] == ["magic", "fab"]
        [cards_data] = await browser.ask({"type": "delete_card", "card": "Lightning Bolt", "game": "fab"})
        assert wishlist(cards_data) == [{"card": "Lightning Bolt", "amount": 1, "specs": []}]
