"""Importing and exporting the other games' lists against their catalogs (docs/games.md, "List
formats"): each line matches the card of its own game and never a near miss, match mode replaces
only the list's game, and an export imported in "match" mode gives the same list back."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse

from cards.catalog.models import Card, MagicSet, Printing
from cards.wishlist.changes import ANY_PRINTING, SpecValues, Want, save_wants
from cards.wishlist.export import wishlist_of, wishlist_text
from cards.wishlist.importing import ADD, MATCH, MatchRefused, confirm_import, preview_import
from cards.wishlist.models import TrackedCard

pytestmark = pytest.mark.django_db


@pytest.fixture
def games(bolt, game_catalogs):
    """Magic's Lightning Bolt beside the Pokémon, Lorcana and One Piece sample catalogs, and two
    near misses the Pokémon samples' cards lack, by their real sets and numbers."""
    for code, set_name, card_name, number in [("obf", "Obsidian Flames", "Charizard ex", "125"),
                                              ("viv", "Vivid Voltage", "Pikachu V", "43")]:
        magic_set, _ = MagicSet.objects.get_or_create(game="pokemon", code=code, defaults={"name": set_name})
        card = Card.objects.create(game="pokemon", name=card_name, kind="Pokémon")
        Printing.objects.create(card=card, magic_set=magic_set, collector_number=number, finishes=["foil"])


def _rows(text: str, game: str, user=None, mode: str = ADD) -> list[tuple]:
    preview = preview_import(text, user, mode, game)
    assert preview.errors == []
    return [(row.line.quantity, row.card.name if row.card else None, row.spec, row.problems) for row in preview.rows]


def _state(user, game: str) -> dict[str, set[tuple[SpecValues, int]]]:
    state = {}
    for tracked in TrackedCard.objects.filter(user=user, card__game=game).prefetch_related("specs").select_related("card"):
        state[tracked.card.name] = {(SpecValues.of(s), s.amount) for s in tracked.specs.all()} or {(ANY_PRINTING, tracked.amount)}
    return state


# --- Each line, its own game's card ---------------------------------------------------------------

def test_a_pokemon_tcg_live_list_resolves_names_printings_and_basic_energy_in_the_pokemon_catalog(games):
    text = "Pokémon: 6\n4 Pikachu ex PRE 28\n1 Pikachu SSH 65\n1 Charizard\n\nEnergy: 8\n8 Basic {R} Energy SVE 2\n"

    assert _rows(text, "pokemon") == [
        (4, "Pikachu ex", SpecValues("pre", "28"), []),
        (1, "Pikachu", SpecValues("ssh", "65"), []),
        (1, "Charizard", ANY_PRINTING, []),
        (8, "Fire Energy", ANY_PRINTING, []),  # Base Set calls it "Fire Energy": matched by type
    ]


# Each near miss is a line of one list: the catalog is loaded once per test, not once per line.
POKEMON_NEAR_MISSES = {
    "1 Pikachu": "Pikachu", "1 Pikachu V": "Pikachu V", "1 Pikachu ex": "Pikachu ex",
    "1 Charizard ex": "Charizard ex", "1 Charizard": "Charizard",
    "4 Charizard ex OBF 125": "Charizard ex", "1 Charizard BS 4": "Charizard",
}


def test_pokemon_near_misses_each_resolve_to_their_own_card(games):
    rows = preview_import("\n".join(POKEMON_NEAR_MISSES), None, ADD, "pokemon").rows

    assert [(row.line.text, row.card.name, row.problems) for row in rows] == [
        (line, card, []) for line, card in POKEMON_NEAR_MISSES.items()
    ]


POKEMON_WRONG_PRINTINGS = {
    "1 Pikachu PRE 28": 'PRE 28 is "Pikachu ex", not "Pikachu"',
    "1 Charizard OBF 125": 'OBF 125 is "Charizard ex", not "Charizard"',
    "1 Charizard ex BS 4": 'BS 4 is "Charizard", not "Charizard ex"',
    "1 Pikachu VIV 43": 'VIV 43 is "Pikachu V", not "Pikachu"',
    "1 Pikachu ex SSH 999": 'Pikachu ex was never printed in set "SSH"',
}


def test_a_pokemon_line_whose_printing_is_another_card_is_refused_not_matched(games):
    rows = preview_import("\n".join(POKEMON_WRONG_PRINTINGS), None, ADD, "pokemon").rows

    assert [(row.line.text, row.ok, row.problems) for row in rows] == [
        (line, False, [problem]) for line, problem in POKEMON_WRONG_PRINTINGS.items()
    ]


def test_lorcana_elsas_each_resolve_to_their_own_version_and_a_bare_elsa_to_none(games):
    text = "4 Elsa - Spirit of Winter\n2 Elsa - Snow Queen\n4x Elsa - Queen Regent\n4 Elsa\n"

    rows = _rows(text, "lorcana")

    assert rows[:3] == [
        (4, "Elsa - Spirit of Winter", ANY_PRINTING, []), (2, "Elsa - Snow Queen", ANY_PRINTING, []),
        (4, "Elsa - Queen Regent", ANY_PRINTING, []),
    ]
    assert rows[3][1] is None and rows[3][3][0].startswith('no card named "Elsa"')


def test_one_piece_ids_resolve_to_their_card_and_printing_and_a_name_to_any_of_its_ids(games):
    text = "1xOP01-001\n4xOP01-016\n4xST14-006\n2xOP01-025_p1\n3 Nami\n"

    assert _rows(text, "onepiece") == [
        (1, "Roronoa Zoro", SpecValues("op01", "OP01-001"), []),
        (4, "Nami", SpecValues("op01", "OP01-016"), []),
        (4, "Nami", SpecValues("st14", "ST14-006"), []),
        (2, "Roronoa Zoro", SpecValues("op01", "OP01-025"), []),
        (3, "Nami", ANY_PRINTING, []),
    ]


def test_a_one_piece_id_never_matches_another_name_nor_a_missing_id(games):
    assert _rows("4xOP01-016 Roronoa Zoro\n4xOP09-999", "onepiece") == [
        (4, None, ANY_PRINTING, ['OP01-016 is "Nami", not "Roronoa Zoro"']),
        (4, None, ANY_PRINTING, ['no card with the id "OP09-999"']),
    ]


def test_a_list_is_matched_only_in_its_own_games_catalog(games):
    (_, card, _, problems), = _rows("4 Lightning Bolt", "pokemon")

    assert card is None and problems[0].startswith('no card named "Lightning Bolt"')
    assert _rows("4 Pikachu", "magic")[0][1] is None


# --- Modes per game -------------------------------------------------------------------------------

def test_match_mode_replaces_only_the_lists_game(games, alice):
    save_wants(TrackedCard(user=alice, card=Card.objects.get(game="magic", name="Lightning Bolt")), [Want(ANY_PRINTING, 4)])
    save_wants(TrackedCard(user=alice, card=Card.objects.get(game="pokemon", name="Pikachu")), [Want(ANY_PRINTING, 1)])

    preview = confirm_import(alice, "2 Pikachu ex PRE 28\n", MATCH, "pokemon")

    assert [t.card.name for t in preview.removed] == ["Pikachu"]
    assert _state(alice, "pokemon") == {"Pikachu ex": {(SpecValues("pre", "28"), 2)}}
    assert _state(alice, "magic") == {"Lightning Bolt": {(ANY_PRINTING, 4)}}


def test_match_mode_is_refused_for_a_list_with_a_near_miss_and_nothing_changes(games, alice):
    save_wants(TrackedCard(user=alice, card=Card.objects.get(game="pokemon", name="Pikachu")), [Want(ANY_PRINTING, 1)])

    with pytest.raises(MatchRefused):
        confirm_import(alice, "1 Pikachu PRE 28\n", MATCH, "pokemon")

    assert _state(alice, "pokemon") == {"Pikachu": {(ANY_PRINTING, 1)}}


def test_add_mode_adds_a_games_copies_to_the_same_printing(games, alice):
    confirm_import(alice, "1xOP01-016\n", ADD, "onepiece")
    confirm_import(alice, "3xOP01-016\n", ADD, "onepiece")

    assert _state(alice, "onepiece") == {"Nami": {(SpecValues("op01", "OP01-016"), 4)}}


# --- Round trip through the database, one random list per game -------------------------------------

def _random_wishlist(game: str, rng: random.Random) -> dict[Card, list[Want]]:
    """Up to 12 cards of `game`, each wanted in what its format can say: Pokémon any printing or set
    and number (basic energy any), Lorcana any printing, One Piece by id or any."""
    printings = list(Printing.objects.filter(card__game=game, treatment="").select_related("card", "magic_set"))
    by_card: dict[Card, list[Printing]] = {}
    for printing in printings:
        by_card.setdefault(printing.card, []).append(printing)
    wishlist = {}
    for card in rng.sample(sorted(by_card, key=lambda c: c.name), 12):
        options = [ANY_PRINTING]
        if game in ("pokemon", "onepiece") and not card.name.endswith(" Energy"):
            options += [SpecValues(p.magic_set.code, p.collector_number) for p in by_card[card]]
        specs = rng.sample(options, rng.randint(1, min(3, len(options)))) if game != "lorcana" else options
        wishlist[card] = [Want(spec, rng.randint(1, 300)) for spec in specs]
    return wishlist


@pytest.mark.parametrize("game", ["pokemon", "lorcana", "onepiece"])
def test_a_games_export_imported_in_match_mode_gives_the_same_list_back(games, alice, game):
    rng = random.Random(f"round trip {game}")
    for card, wants in _random_wishlist(game, rng).items():
        save_wants(TrackedCard(user=alice, card=card), wants)
    before = _state(alice, game)
    exported = wishlist_text(wishlist_of(alice, game), game)
    TrackedCard.objects.filter(user=alice, card__game=game).delete()
    for card, wants in _random_wishlist(game, rng).items():  # whatever the list holds meanwhile goes
        save_wants(TrackedCard.objects.filter(user=alice, card=card).first() or TrackedCard(user=alice, card=card), wants)

    preview = confirm_import(alice, exported, MATCH, game)

    assert preview.clean
    assert _state(alice, game) == before


# --- The pages ------------------------------------------------------------------------------------

def test_the_import_page_imports_a_pokemon_list_when_pokemon_is_chosen(games, alice_client, alice):
    page = alice_client.post(reverse("wishlist_import"), {"text": "4 Pikachu ex PRE 28", "mode": ADD, "game": "pokemon"})
    assert "Pokémon TCG Live" in page.content.decode()

    alice_client.post(reverse("wishlist_import_confirm"), {
        "text": "4 Pikachu ex PRE 28", "mode": ADD, "game": "pokemon", "token": page.context["token"],
    })

    assert _state(alice, "pokemon") == {"Pikachu ex": {(SpecValues("pre", "28"), 4)}}


def test_confirming_an_unknown_game_is_a_400(games, alice_client):
    response = alice_client.post(reverse("wishlist_import_confirm"), {"text": "4 Pikachu", "game": "chess"})

    assert response.status_code == 400


def test_each_games_export_holds_only_that_games_cards(games, alice_client, alice):
    save_wants(TrackedCard(user=alice, card=Card.objects.get(game="magic", name="Lightning Bolt")), [Want(ANY_PRINTING, 4)])
    save_wants(TrackedCard(user=alice, card=Card.objects.get(game="pokemon", name="Pikachu ex")),
               [Want(SpecValues("pre", "28"), 2)])
    export = reverse("wishlist_export")

    assert alice_client.get(export, {"format": "ptcgl"}).content.decode() == \
        "Pokémon: 2\n2 Pikachu ex PRE 28\n\nTotal Cards: 2\n"
    assert alice_client.get(export, {"format": "moxfield"}).content.decode() == "4 Lightning Bolt\n"
    page = alice_client.get(export).content.decode()
    assert "Pokémon TCG" in page and "2 Pikachu ex PRE 28" in page and "4 Lightning Bolt" in page


def test_each_games_export_files_cards_as_its_format_does(games, alice_client, alice):
    def want(game: str, name: str, amount: int, spec: SpecValues = ANY_PRINTING) -> None:
        save_wants(TrackedCard(user=alice, card=Card.objects.get(game=game, name=name)), [Want(spec, amount)])

    want("pokemon", "Professor's Research", 4, SpecValues("pre", "122"))
    want("pokemon", "Fire Energy", 8)
    want("pokemon", "Pikachu ex", 1, SpecValues("pre", "28"))
    want("onepiece", "Nami", 4, SpecValues("op01", "OP01-016"))
    want("onepiece", "Roronoa Zoro", 1, SpecValues("op01", "OP01-001"))
    want("lorcana", "Elsa - Spirit of Winter", 4)
    export = reverse("wishlist_export")

    assert alice_client.get(export, {"format": "ptcgl"}).content.decode() == (
        "Pokémon: 1\n1 Pikachu ex PRE 28\n\nTrainer: 4\n4 Professor's Research PRE 122\n\n"
        "Energy: 8\n8 Basic {R} Energy SVE 2\n\nTotal Cards: 13\n"
    )
    assert alice_client.get(export, {"format": "optcg"}).content.decode() == "1xOP01-001\n4xOP01-016\n"
    assert alice_client.get(export, {"format": "lorcana"}).content.decode() == "4 Elsa - Spirit of Winter\n"
