"""The other games' deck lists, read and written without a database (docs/games.md, "List formats"):
the examples players paste, and a round trip of random lists drawn from each game's real catalog
data (`../shared/catalog-samples/`) through the writer and the parser."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cards.wishlist.changes import ANY_PRINTING, SpecValues
from cards.wishlist.export import LEADER, ListEntry, game_list_text, lorcana_text, optcg_text, ptcgl_text
from cards.wishlist.listformats import parse_list
from tests.support.catalog_samples import CATALOG_SAMPLES


@cache
def _json(name: str):
    return json.loads((CATALOG_SAMPLES / name).read_text(encoding="utf-8"))


def _cards(text: str, game: str) -> list[tuple]:
    return [
        (line.quantity, line.name, line.set_code, line.collector_number, line.energy, line.card_id)
        for line in parse_list(text, game).lines
    ]


# --- What players paste ---------------------------------------------------------------------------

PTCGL = """\
Pokémon: 12
4 Charizard ex OBF 125
3 Charmander MEW 4
1 Pikachu ex PRE 28

Trainer: 36
4 Rare Candy SVI 191
2 Professor's Research
1 Arven SVI TG05

Energy: 12
8 Basic {R} Energy SVE 2
2 Fire Energy Energy 2
1 Basic Water Energy
1 Double Turbo Energy BRS 151

Total Cards: 60
"""


def test_pokemon_tcg_live_lines_are_read_from_the_right_and_headers_are_not_cards():
    parsed = parse_list(PTCGL, "pokemon")

    assert parsed.errors == [] and parsed.format == "ptcgl"
    assert _cards(PTCGL, "pokemon") == [
        (4, "Charizard ex", "obf", "125", "", ""),
        (3, "Charmander", "mew", "4", "", ""),
        (1, "Pikachu ex", "pre", "28", "", ""),
        (4, "Rare Candy", "svi", "191", "", ""),
        (2, "Professor's Research", "", "", "", ""),
        (1, "Arven", "svi", "TG05", "", ""),
        (8, "Basic Fire Energy", "", "", "Fire", ""),
        (2, "Basic Fire Energy", "", "", "Fire", ""),
        (1, "Basic Water Energy", "", "", "Water", ""),
        (1, "Double Turbo Energy", "brs", "151", "", ""),
    ]


def test_pokemon_headers_without_the_accent_and_deck_site_counts_are_skipped():
    text = "Pokemon: 4\n4 Pikachu SSH 65\nTrainers (2)\n2 Nest Ball SVI 181\nTotal Cards - 6\n"

    assert _cards(text, "pokemon") == [(4, "Pikachu", "ssh", "65", "", ""), (2, "Nest Ball", "svi", "181", "", "")]


def test_a_pokemon_name_that_only_looks_like_a_printing_at_its_end_stays_whole():
    # "ex" is not a set code, and a set code must be followed by a number.
    assert _cards("4 Charizard ex\n1 Pikachu V\n2 Porygon-Z GX", "pokemon") == [
        (4, "Charizard ex", "", "", "", ""), (1, "Pikachu V", "", "", "", ""), (2, "Porygon-Z GX", "", "", "", ""),
    ]


def test_a_pokemon_card_in_the_energy_pseudo_set_is_refused_with_a_reason():
    parsed = parse_list("2 Pikachu Energy 2", "pokemon")

    assert parsed.lines == [] and "basic energy" in parsed.errors[0].reason


LORCANA = """\
4 Elsa - Spirit of Winter
4x Mickey Mouse - Wayward Sorcerer
2 Maleficent - Monstrous Dragon
1 Dinglehopper
"""


def test_lorcana_lines_are_full_names_with_dashes_and_no_printing():
    parsed = parse_list(LORCANA, "lorcana")

    assert parsed.errors == [] and parsed.format == "lorcana"
    assert _cards(LORCANA, "lorcana") == [
        (4, "Elsa - Spirit of Winter", "", "", "", ""),
        (4, "Mickey Mouse - Wayward Sorcerer", "", "", "", ""),
        (2, "Maleficent - Monstrous Dragon", "", "", "", ""),
        (1, "Dinglehopper", "", "", "", ""),
    ]


ONE_PIECE = """\
1xOP01-001
4xOP01-016
4 x ST14-006 Nami
2 op-01-025_p1 (Roronoa Zoro)
Characters (4)
4 Nami
"""


def test_one_piece_lines_are_card_ids_with_or_without_a_name_and_parallels_keep_their_id():
    parsed = parse_list(ONE_PIECE, "onepiece")

    assert parsed.errors == [] and parsed.format == "optcg"
    assert _cards(ONE_PIECE, "onepiece") == [
        (1, "", "", "", "", "OP01-001"),
        (4, "", "", "", "", "OP01-016"),
        (4, "Nami", "", "", "", "ST14-006"),
        (2, "Roronoa Zoro", "", "", "", "OP01-025"),
        (4, "Nami", "", "", "", ""),
    ]


@pytest.mark.parametrize("game, line", [("pokemon", "0 Pikachu SSH 65"), ("lorcana", "1000 Elsa - Snow Queen"),
                                         ("onepiece", "1000xOP01-016")])
def test_amounts_outside_1_to_999_are_refused_per_game(game, line):
    parsed = parse_list(line, game)

    assert parsed.lines == [] and "between 1 and 999" in parsed.errors[0].reason


def test_an_unknown_game_is_an_error():
    with pytest.raises(ValueError, match="no list format"):
        parse_list("4 Bolt", "chess")


def test_a_magic_list_still_reads_as_before_when_no_game_is_said():
    assert parse_list("4 Lightning Bolt (M10) 146 *F*").lines[0].set_code == "m10"


# --- Written by export ----------------------------------------------------------------------------

def test_pokemon_export_groups_by_section_writes_basic_energy_by_type_and_the_total():
    entries = [
        ListEntry("Rare Candy", 4, SpecValues("svi", "191"), "Trainer"),
        ListEntry("Charizard ex", 4, SpecValues("obf", "125"), "Pokémon"),
        ListEntry("Pikachu", 1, ANY_PRINTING, "Pokémon"),
        ListEntry("Fire Energy", 8, ANY_PRINTING, "Energy", energy="Fire"),
    ]

    assert ptcgl_text(entries) == (
        "Pokémon: 5\n4 Charizard ex OBF 125\n1 Pikachu\n\n"
        "Trainer: 4\n4 Rare Candy SVI 191\n\n"
        "Energy: 8\n8 Basic {R} Energy SVE 2\n\n"
        "Total Cards: 17\n"
    )


def test_one_piece_export_writes_the_leader_first_and_ids_glued_to_the_count():
    entries = [
        ListEntry("Nami", 4, SpecValues("op01", "OP01-016")),
        ListEntry("Roronoa Zoro", 1, SpecValues("op01", "OP01-001"), LEADER),
        ListEntry("Nami", 2),
    ]

    assert optcg_text(entries) == "1xOP01-001\n4xOP01-016\n2 Nami\n"


def test_lorcana_export_adds_up_a_cards_wants_since_the_list_names_no_printing():
    entries = [ListEntry("Elsa - Spirit of Winter", 2), ListEntry("Elsa - Spirit of Winter", 2, SpecValues("1", "207"))]

    assert lorcana_text(entries) == "4 Elsa - Spirit of Winter\n"


# --- Round trip over the real catalogs ------------------------------------------------------------

@cache
def pokemon_catalog() -> dict[str, list[tuple[str, str, str]]]:
    """name -> [(set code, number, supertype)] for the sample sets, as the catalog files them."""
    codes = {s["id"]: (s.get("ptcgoCode") or s["id"].upper()).lower() for s in _json("pokemon/sets_en.json")}
    catalog: dict[str, list[tuple[str, str, str]]] = {}
    for set_id in ("base1", "swsh1", "sv8pt5"):
        for card in _json(f"pokemon/cards_en_{set_id}.json"):
            catalog.setdefault(card["name"], []).append((codes[set_id], card["number"], card["supertype"]))
    return catalog


@cache
def lorcana_names() -> list[str]:
    return sorted({card["fullName"] for card in _json("lorcana/LorcanaJSON_setdata.1.json")["cards"]})


@cache
def one_piece_catalog() -> dict[str, tuple[str, str]]:
    """card id -> (name, type), parallels folded into their id as the catalog does."""
    catalog = {}
    for name in ("one-piece/cards_en_op01.json", "one-piece/cards_en_st14.json"):
        for card in _json(name):
            catalog[card["code"]] = (card["name"].strip(), card["type"])  # as the catalog loader keeps names
    return catalog


_ENERGY_TYPES = {"Fire Energy": "Fire", "Grass Energy": "Grass", "Water Energy": "Water",
                 "Lightning Energy": "Lightning", "Psychic Energy": "Psychic", "Fighting Energy": "Fighting"}


def _amounts(draw, count: int) -> list[int]:
    return [draw(st.integers(1, 999 // count)) for _ in range(count)]


@st.composite
def pokemon_lists(draw) -> list[ListEntry]:
    catalog = pokemon_catalog()
    names = draw(st.lists(st.sampled_from(sorted(catalog)), min_size=1, max_size=15, unique=True))
    entries = []
    for name in names:
        printings = catalog[name]
        if name in _ENERGY_TYPES:  # basic energy is any printing, by type
            entries.append(ListEntry(name, draw(st.integers(1, 999)), group="Energy", energy=_ENERGY_TYPES[name]))
            continue
        choices = [ANY_PRINTING, *(SpecValues(code, number) for code, number, _ in printings)]
        specs = draw(st.lists(st.sampled_from(choices), min_size=1, max_size=3, unique=True))
        for spec, amount in zip(specs, _amounts(draw, len(specs))):
            entries.append(ListEntry(name, amount, spec, printings[0][2]))
    return entries


@st.composite
def lorcana_lists(draw) -> list[ListEntry]:
    names = draw(st.lists(st.sampled_from(lorcana_names()), min_size=1, max_size=15, unique=True))
    return [ListEntry(name, draw(st.integers(1, 999))) for name in names]


@st.composite
def one_piece_lists(draw) -> list[ListEntry]:
    catalog = one_piece_catalog()
    ids = draw(st.lists(st.sampled_from(sorted(catalog)), min_size=1, max_size=15, unique=True))
    entries = []
    for card_id in ids:
        name, kind = catalog[card_id]
        spec = draw(st.sampled_from([SpecValues(card_id.split("-")[0].lower(), card_id), ANY_PRINTING]))
        entries.append(ListEntry(name, draw(st.integers(1, 999)), spec, LEADER if kind == "LEADER" else ""))
    return entries


def _wanted(entries: list[ListEntry]) -> Counter:
    """What a list says: copies per (card, set code, number); basic energy by type."""
    wanted: Counter = Counter()
    for e in entries:
        key = ("energy", e.energy) if e.energy else (e.name, e.spec.set_code, e.spec.collector_number)
        wanted[key] += e.amount
    return wanted


def _read_back(text: str, game: str) -> Counter:
    parsed = parse_list(text, game)
    assert parsed.errors == []
    read: Counter = Counter()
    for line in parsed.lines:
        if line.energy:
            key = ("energy", line.energy)
        elif line.card_id:  # the import resolves the id in the catalog
            key = (one_piece_catalog()[line.card_id][0], line.card_id.split("-")[0].lower(), line.card_id)
        else:
            key = (line.name, line.set_code, line.collector_number)
        read[key] += line.quantity
    return read


ROUND_TRIPS = settings(max_examples=120, deadline=None)


@ROUND_TRIPS
@given(entries=pokemon_lists())
def test_pokemon_lists_round_trip_through_export_and_parse(entries):
    assert _read_back(game_list_text("pokemon", entries), "pokemon") == _wanted(entries)


@ROUND_TRIPS
@given(entries=lorcana_lists())
def test_lorcana_lists_round_trip_through_export_and_parse(entries):
    assert _read_back(game_list_text("lorcana", entries), "lorcana") == _wanted(entries)


@ROUND_TRIPS
@given(entries=one_piece_lists())
def test_one_piece_lists_round_trip_through_export_and_parse_with_the_leader_first(entries):
    text = game_list_text("onepiece", entries)

    assert _read_back(text, "onepiece") == _wanted(entries)
    leaders = [e for e in entries if e.group == LEADER]
    if leaders:
        leader = leaders[0]
        written = f"{leader.amount}x{leader.spec.collector_number}" if leader.spec.collector_number else \
            f"{leader.amount} {leader.name}"
        assert text.splitlines()[0] == written
