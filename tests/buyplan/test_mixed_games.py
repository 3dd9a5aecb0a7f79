"""The buy plan plans a list of several games (issue 23): Magic, Pokémon and Lorcana cards together,
each bought where it is cheapest; a store that does not sell a game is not waited for."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from tests.buyplan.test_plan_page import answer, bolt_offer


def offer(name: str, price: str, set_code: str, number: str, host: str) -> dict:
    return {**bolt_offer(price, 4, host=host), "name": name, "set_name": "", "set_code": set_code,
            "collector_number": number}


@pytest.fixture
def mixed_list(alice, bolt, make_store, choose):
    pikachu = Card.objects.create(game="pokemon", name="Pikachu")
    elsa = Card.objects.create(game="lorcana", name="Elsa - Spirit of Winter")
    for card, amount in [(bolt, 2), (pikachu, 3), (elsa, 1)]:
        TrackedCard.objects.create(user=alice, card=card, amount=amount)
    every_game = make_store("every-game", name="Every Game", platform="shopify", games=["magic", "pokemon", "lorcana"])
    magic_only = make_store("magic-only", name="Magic Only", platform="shopify")
    choose(alice, every_game, magic_only)
    answer(every_game, bolt, bolt_offer("3.00", 4, host="every-game.example"))
    answer(magic_only, bolt, bolt_offer("2.00", 4, host="magic-only.example"))
    answer(every_game, pikachu, offer("Pikachu", "0.25", "ssh", "65", "every-game.example"))
    answer(every_game, elsa, offer("Elsa - Spirit of Winter", "4.00", "1", "42", "every-game.example"),
           age=timedelta(minutes=1))
    return every_game, magic_only


def test_the_plan_buys_each_games_cards_where_they_are_cheapest(alice_client, mixed_list):
    page = alice_client.get("/plan/").content.decode()
    plan = page.split('id="plan"')[1]
    assert "still running" not in page  # Magic Only is never asked for Pokémon or Lorcana cards
    assert "2 Lightning Bolt" in plan and "3 Pikachu" in plan and "1 Elsa - Spirit of Winter" in plan
    # Bolts at Magic Only (2 × 2.00), the rest at Every Game (3 × 0.25 + 4.00).
    assert "USD 8.75" in page
