"""Catalogs per game (issue 23): Pokémon, Lorcana, One Piece and Yu-Gi-Oh! load from their public
data (../shared/catalog-samples), re-runs change nothing, names are unique per game, and the add-card
look-ups (autocomplete, printings, "did you mean") answer per game."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from cards.catalog.games import CatalogError, load_game_catalog
from cards.catalog.models import Card, MagicSet, Printing
from cards.catalog.validation import resolve_card
from tests.support.catalog_samples import CATALOG_SAMPLES, game_files


def _printings(game: str, name: str) -> list[tuple]:
    return sorted(
        Printing.objects.filter(card__game=game, card__name=name)
        .values_list("magic_set__code", "collector_number", "treatment", "finishes", "rarity")
    )


def test_pokemon_loads_sets_and_cards_with_store_set_codes_and_finishes(game_catalogs):
    assert game_catalogs["pokemon"].printings.created == Printing.objects.filter(card__game="pokemon").count() >= 490
    # Sword & Shield's PTCGO code is what stores print ("SSH 065/202").
    assert _printings("pokemon", "Pikachu") == [
        ("bs", "58", "", ["nonfoil", "foil"], "Common"), ("ssh", "65", "", ["nonfoil", "foil"], "Common"),
    ]
    charizard = Printing.objects.get(card__game="pokemon", card__name="Charizard", magic_set__code="bs")
    assert (charizard.collector_number, charizard.finishes, charizard.card.kind) == ("4", ["foil"], "Pokémon")
    assert MagicSet.objects.get(game="pokemon", code="ssh").name == "Sword & Shield"
    # A near miss is a card of its own (Prismatic Evolutions' Pikachu ex).
    assert set(Card.objects.filter(game="pokemon", name__startswith="Pikachu").values_list("name", flat=True)) == {
        "Pikachu", "Pikachu ex"}


def test_lorcana_loads_both_formats_with_set_numbers_and_enchanted_printings(game_catalogs):
    assert _printings("lorcana", "Elsa - Spirit of Winter") == [
        ("1", "207", "", ["foil"], "Enchanted"), ("1", "42", "", ["nonfoil", "foil"], "Legendary"),
    ]
    assert MagicSet.objects.get(game="lorcana", code="1").name == "The First Chapter"
    assert {"Elsa - Snow Queen", "Elsa - Queen Regent"} <= set(Card.objects.filter(game="lorcana").values_list("name", flat=True))


def test_one_piece_keeps_card_ids_and_parallel_arts_as_treatments(game_catalogs):
    nami = _printings("onepiece", "Nami")
    assert ("op01", "OP01-016", "", ["foil"], "R") in nami
    assert ("op01", "OP01-016", "Parallel", ["foil"], "R") in nami
    assert ("st14", "ST14-006", "", ["foil"], "SR") in nami
    zoro = Card.objects.get(game="onepiece", name="Roronoa Zoro")
    assert zoro.kind == "LEADER"
    assert MagicSet.objects.get(game="onepiece", code="op01").name == "Romance Dawn"


def test_a_second_load_of_every_game_changes_nothing(game_catalogs):
    for game in ["pokemon", "lorcana", "onepiece"]:
        again = load_game_catalog(game, game_files(game))
        assert not again.changed, (game, str(again))
        assert again.printings.unchanged == game_catalogs[game].printings.created


def test_yugioh_loads_one_printing_per_set_code_and_rarity(db):
    report = load_game_catalog("yugioh", game_files("yugioh"))
    assert report.printings.created > 100
    printed = Printing.objects.filter(card__game="yugioh", collector_number__startswith="MAGO-EN")
    assert printed.exists() and all(p.magic_set.code == "mago" for p in printed)


def test_the_same_name_in_two_games_is_two_cards(catalog, game_catalogs):
    Card.objects.create(game="fab", name="Lightning Bolt")
    assert Card.objects.filter(name="Lightning Bolt").count() == 2
    assert resolve_card("lightning bolt").game == "magic"
    assert resolve_card("lightning bolt", game="fab").game == "fab"


def test_did_you_mean_stays_in_the_game(catalog, game_catalogs):
    with pytest.raises(ValidationError) as pokemon:
        resolve_card("Pikachoo", game="pokemon")
    assert pokemon.value.messages == ['no card named "Pikachoo" in Pokémon — did you mean "Pikachu"?']
    with pytest.raises(ValidationError) as magic:
        resolve_card("Pikachu")
    assert magic.value.suggestion != "Pikachu"  # Magic's catalog holds no Pikachu to suggest


def test_autocomplete_and_printings_answer_for_the_game_asked(alice_client, catalog, game_catalogs):
    def names(q, **extra):
        response = alice_client.get(reverse("card_autocomplete"), {"q": q, **extra})
        assert response.status_code == 200
        return response.json()["results"]

    assert "Elsa - Spirit of Winter" in names("elsa", game="lorcana")
    assert names("elsa") == []  # Magic, as every existing page asks
    assert "Nami" in names("nami", game="onepiece")
    assert "Charizard" in names("chari", game="pokemon") and "Lightning Bolt" not in names("bolt", game="pokemon")
    assert alice_client.get(reverse("card_autocomplete"), {"q": "x", "game": "chess"}).status_code == 400
    printings = alice_client.get(reverse("card_printings"), {"name": "Nami", "game": "onepiece"}).json()
    assert {(p["set_code"], p["collector_number"], p.get("treatment", "")) for p in printings["printings"]} >= {
        ("op01", "OP01-016", ""), ("op01", "OP01-016", "Parallel"), ("st14", "ST14-006", "")}


def test_the_command_loads_a_game_from_files_in_order_and_refuses_what_it_cannot(db, tmp_path):
    sets, cards = game_files("onepiece")[0], game_files("onepiece")[1]
    out = []
    for _ in range(2):
        from io import StringIO
        buffer = StringIO()
        call_command("load_catalog", "--game", "onepiece", "--file", sets, "--file", cards, stdout=buffer)
        out.append(buffer.getvalue())
    assert "printings: 167 created" in out[0]
    assert "0 created, 0 updated" in out[1]
    with pytest.raises(CatalogError, match="give the sets file first"):
        load_game_catalog("pokemon", [game_files("pokemon")[1]])
    assert (CATALOG_SAMPLES / "pokemon").is_dir()
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps([]))
    from lgs_checker.commandline import BadInput
    with pytest.raises(BadInput, match="no pokemon cards"):
        call_command("load_catalog", "--game", "pokemon", "--file", str(empty))
    with pytest.raises(BadInput, match="needs its data"):
        call_command("load_catalog", "--game", "lorcana")
