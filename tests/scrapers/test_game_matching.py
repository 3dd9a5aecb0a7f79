"""Matching that knows each game's names: near misses never match, store decorations do (Django-free).

Magic's own rules are tested in test_scrapers_matching.py, unchanged; here the same matcher reads
Pokémon, Lorcana, One Piece (and the registry's two example games) the way their stores write them.
"""

from __future__ import annotations

import pytest

from scrapers import games
from scrapers.listing import ListedProduct, card_key, card_keys, offers_for
from scrapers.matching import CardMatcher, is_same_card, strip_decorations
from scrapers.offer import Offer

# -- Pokémon ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("listing", [
    "Pikachu", "Pikachu - 065/202 - Sword & Shield (Reverse Holo)", "Pikachu (065/202) [Sword & Shield]",
    "Pikachu - 58/102 - Base", "Pikachu [Base Set]", "Pikachu - SSH 65",
])
def test_pikachu_is_found_however_a_store_writes_its_printing(listing: str) -> None:
    assert is_same_card(listing, "Pikachu", game="pokemon")


@pytest.mark.parametrize("listing", [
    "Pikachu V", "Pikachu VMAX", "Pikachu ex", "Flying Pikachu V", "Pikachu & Zekrom GX", "Detective Pikachu",
    "Pikachu V - 043/185 - Vivid Voltage", "Pikachu VMAX (044/185) [Vivid Voltage]", "Surfing Pikachu",
    "Pikachu - 065/202 (Jumbo)", "Pikachu Code Card",
])
def test_pikachu_is_none_of_the_cards_named_after_it(listing: str) -> None:
    assert not is_same_card(listing, "Pikachu", game="pokemon")


@pytest.mark.parametrize("listing", [
    "Charizard ex - 125/197 - Obsidian Flames", "Charizard ex (125/197) [Obsidian Flames]", "Charizard ex - OBF 125",
    "Charizard ex 125/197", "Charizard ex - 125/197 - Double Rare", "CHARIZARD EX",
])
def test_charizard_ex_is_found_with_its_number_set_or_rarity(listing: str) -> None:
    assert is_same_card(listing, "Charizard ex", game="pokemon")


@pytest.mark.parametrize("listing", ["Charizard", "Charizard V", "Charizard VSTAR", "Charizard - 4/102 - Base (Holo)",
                                     "Radiant Charizard", "Mega Charizard X ex"])
def test_charizard_ex_is_not_charizard_nor_its_other_cards(listing: str) -> None:
    assert not is_same_card(listing, "Charizard ex", game="pokemon")


def test_charizard_is_not_charizard_ex_either() -> None:
    assert not is_same_card("Charizard ex - 125/197 - Obsidian Flames", "Charizard", game="pokemon")
    assert is_same_card("Charizard - 4/102 - Base (Holo)", "Charizard", game="pokemon")


# -- Lorcana ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("listing", [
    "Elsa - Spirit of Winter", "Elsa - Spirit of Winter (Enchanted) [The First Chapter]",
    "Elsa - Spirit of Winter - 207/204 - Enchanted", "Elsa - Spirit of Winter - 42/204", "Elsa Spirit of Winter",
    "Elsa - Spirit of Winter - Cold Foil", "Elsa - Spirit of Winter #42/204",
])
def test_elsa_spirit_of_winter_is_one_card_however_written(listing: str) -> None:
    assert is_same_card(listing, "Elsa - Spirit of Winter", game="lorcana")


@pytest.mark.parametrize("listing", ["Elsa - Snow Queen", "Elsa - Ice Maker", "Elsa - Queen Regent", "Elsa",
                                     "Elsa - Snow Queen - 41/204", "Elsa - Ice Surfer (Enchanted)"])
def test_elsa_spirit_of_winter_is_none_of_the_other_elsas(listing: str) -> None:
    assert not is_same_card(listing, "Elsa - Spirit of Winter", game="lorcana")


def test_a_lorcana_card_named_like_a_foil_kind_keeps_its_name() -> None:
    # "Enchanted" after " - " is a printing; a card whose own name holds the word is still that card.
    assert strip_decorations("Enchanted Rose - 33/204", "lorcana") == "Enchanted Rose"
    assert is_same_card("Enchanted Rose (Foil)", "Enchanted Rose", game="lorcana")


# -- One Piece ----------------------------------------------------------------------------------------

NAMI_LISTINGS = ["Nami - OP01-016 (Parallel)", "Nami (016) [Romance Dawn]", "Nami [OP01-016]", "Nami - OP01-016"]


@pytest.mark.parametrize("listing", NAMI_LISTINGS + ["Nami - ST14-006", "Nami [ST14-006] (3D2Y)"])
def test_a_name_search_finds_every_id_of_that_name(listing: str) -> None:
    assert is_same_card(listing, "Nami", game="onepiece")


@pytest.mark.parametrize("listing", ["Nico Robin [OP01-017]", "Nami & Robin", "Nefeltari Vivi - OP01-016"])
def test_a_name_search_finds_no_other_card(listing: str) -> None:
    assert not is_same_card(listing, "Nami", game="onepiece")


@pytest.mark.parametrize("listing", ["Nami - OP01-016 (Parallel)", "Nami [OP01-016]", "Nami - OP01-016",
                                     "Nami (OP-01-016)", "NAMI OP01-016 SP"])
def test_an_id_search_finds_the_listings_that_state_that_id(listing: str) -> None:
    assert is_same_card(listing, "OP01-016", game="onepiece")
    assert is_same_card(listing, "op01-016", game="onepiece")


@pytest.mark.parametrize("listing", ["Nami - ST14-006", "Nami [OP01-017]", "Roronoa Zoro [OP01-001]", "Nami",
                                     "Nami (016) [Romance Dawn]"])
def test_an_id_search_finds_only_that_id(listing: str) -> None:
    # A listing stating only a number and a set name may be the id, but says so nowhere: the name
    # search finds it, and the catalog tells which id it is.
    assert not is_same_card(listing, "OP01-016", game="onepiece")


def test_an_id_search_with_a_parallel_suffix_takes_only_the_parallel_arts() -> None:
    assert is_same_card("Nami - OP01-016 (Parallel)", "OP01-016_p1", game="onepiece")
    assert is_same_card("Nami [OP01-016] (Alternate Art)", "OP01-016_p1", game="onepiece")
    assert not is_same_card("Nami [OP01-016]", "OP01-016_p1", game="onepiece")


def test_an_id_search_reads_the_id_in_the_set_text_too() -> None:
    assert CardMatcher("OP01-016", "onepiece").matches("Nami", "Romance Dawn [OP01-016]")
    assert not CardMatcher("OP01-016", "onepiece").matches("Nami", "Romance Dawn")


# -- the example games --------------------------------------------------------------------------------


def test_a_flesh_and_blood_pitch_is_part_of_the_name_unless_the_search_leaves_it_out() -> None:
    assert is_same_card("Snatch (Red) [Arcane Rising]", "Snatch (Red)", game="fab")
    assert not is_same_card("Snatch (Blue) - Rainbow Foil", "Snatch (Red)", game="fab")
    assert is_same_card("Snatch (Blue) - Rainbow Foil", "Snatch", game="fab")
    assert not is_same_card("Snatch Back (Red)", "Snatch", game="fab")


def test_a_yu_gi_oh_card_is_read_past_its_set_code_and_rarity() -> None:
    listing = "Ash Blossom & Joyous Spring - MAGO-EN010 - Premium Gold Rare (1st Edition)"
    assert is_same_card(listing, "Ash Blossom & Joyous Spring", game="yugioh")
    assert is_same_card(listing, "MAGO-EN010", game="yugioh")
    assert not is_same_card(listing, "MACR-EN036", game="yugioh")


# -- Magic stays Magic --------------------------------------------------------------------------------


@pytest.mark.parametrize("listing, card", [
    ("Lightning Bolt - 435 - Borderless", "Lightning Bolt"), ("Thrum of the Vestige - Lightning Bolt", "Lightning Bolt"),
    ("Fire // Ice", "Fire"), ("Sol Ring (0912) (Rainbow Foil) [Secret Lair Drop Series]", "Sol Ring"),
])
def test_magic_is_the_default_game_and_reads_as_it_always_did(listing: str, card: str) -> None:
    assert is_same_card(listing, card) == is_same_card(listing, card, game="magic")
    assert strip_decorations(listing) == strip_decorations(listing, "magic")


def test_a_magic_name_read_with_another_games_rules_is_no_looser() -> None:
    # A Magic listing is never matched by another game's search of the same words, beyond what the
    # words say: the game's filters at each platform keep the games apart.
    assert not is_same_card("Thrum of the Vestige - Lightning Bolt", "Lightning Bolt", game="pokemon")


# -- the index, game by game --------------------------------------------------------------------------


def _offer(name: str) -> Offer:
    from decimal import Decimal

    return Offer(name, "Romance Dawn", "", None, "nonfoil", "NM", "NM", None, Decimal("1.00"), "USD", 1, "", None)


def test_an_index_lookup_finds_a_card_of_its_game_only() -> None:
    listed = [ListedProduct("Lightning Bolt [Magic 2010]", "Magic 2010", (_offer("Lightning Bolt"),)),
              ListedProduct("Lightning Bolt [Flesh and Blood Promos]", "", (_offer("Lightning Bolt"),), game="fab")]
    assert len(offers_for("Lightning Bolt", listed)) == 1
    assert len(offers_for("Lightning Bolt", listed, "fab")) == 1
    assert offers_for("Lightning Bolt", listed, "pokemon") == []


def test_a_one_piece_listing_is_indexed_under_its_name_and_its_id() -> None:
    product = ListedProduct("Nami - OP01-016 (Parallel)", "Romance Dawn", (_offer("Nami"),), game="onepiece")
    assert product.card_keys == ("nami", "op01 016")
    assert card_key("Nami", "onepiece") in product.card_keys
    assert card_key("OP01-016", "onepiece") in product.card_keys
    assert card_key("op01-016_p1", "onepiece") in product.card_keys
    assert offers_for("OP01-016", [product], "onepiece") and offers_for("Nami", [product], "onepiece")


def test_magic_listings_have_one_key_as_before() -> None:
    assert card_keys("Lightning Bolt [Magic 2010]") == (card_key("Lightning Bolt"),) == ("lightning bolt",)
    assert card_key("Charizard ex - 125/197 - Obsidian Flames", "pokemon") == card_key("Charizard ex", "pokemon")


# -- the registry ---------------------------------------------------------------------------------------


def test_game_codes_are_short_lowercase_and_magic_comes_first() -> None:
    assert list(games.GAMES) == ["magic", "pokemon", "lorcana", "onepiece", "yugioh", "fab"]
    assert all(code.isascii() and code.islower() and code.isalpha() and len(code) <= 10 for code in games.GAMES)


def test_every_game_maps_its_finishes_onto_the_apps_finishes() -> None:
    from scrapers.vocabulary import FINISHES

    for game in games.GAMES.values():
        assert set(game.finishes) <= set(FINISHES), game.code
        assert {finish for _, finish in game.finish_words} <= set(FINISHES), game.code


def test_an_unknown_game_is_refused_by_name() -> None:
    with pytest.raises(games.UnknownGame, match="unknown game 'digimon'"):
        CardMatcher("Agumon", "digimon")
