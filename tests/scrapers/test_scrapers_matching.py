from __future__ import annotations

import pytest

from scrapers import matching, vocabulary
from scrapers.matching import collector_number_in, is_same_card, normalize, strip_decorations


@pytest.mark.parametrize(
    "listing",
    [
        "Lightning Bolt", "LIGHTNING BOLT", "Lightning Bolt - Foil", "Lightning Bolt - Borderless",
        "Lightning Bolt - Etched Foil", "Lightning Bolt [M10]", "Lightning Bolt (Borderless)", "Lightning Bolt (0301)",
        "Lightning Bolt - 435 - Borderless", "Lightning Bolt (084)", "Lightning Bolt [117] [Double Masters 2022] [Foil]",
        "Lightning Bolt — Near Mint · Spanish", "Lightning Bolt - Foil - Borderless", "Lightning  Bolt",
    ],
)
def test_it_matches_store_decorated_names_of_the_card(listing: str) -> None:
    assert is_same_card(listing, "Lightning Bolt")


@pytest.mark.parametrize(
    "listing",
    [
        "Lightning Helix", "Thrum of the Vestige - Lightning Bolt", "Thrum of the Vestige - Lightning Bolt (Showcase)",
        "Lightning Bolt // Lightning Bolt", "Lightning Bolt (Art Series)", "Art Series: Lightning Bolt",
        "Lightning Bolt Art Card", "Lightning Bolt Token", "Lightning Bolt Playmat", "Chain Lightning", "Lightning",
    ],
)
def test_it_rejects_other_cards_art_series_tokens_and_products(listing: str) -> None:
    assert not is_same_card(listing, "Lightning Bolt")


def test_it_rejects_a_card_whose_set_is_an_art_series_or_tokens() -> None:
    assert not is_same_card("Lightning Bolt", "Lightning Bolt", "Strixhaven Art Series")
    assert not is_same_card("Llanowar Elves", "Llanowar Elves", "Dominaria Tokens")
    assert is_same_card("Lightning Bolt", "Lightning Bolt", "Magic 2010")


@pytest.mark.parametrize(
    ("listing", "wanted"),
    [
        ("Fire // Ice", "Fire // Ice"), ("Fire/Ice", "Fire // Ice"), ("Fire / Ice - Foil", "Fire // Ice"),
        ("Fire // Ice", "Fire"), ("Delver of Secrets // Insectile Aberration", "Delver of Secrets"),
        ("Delver of Secrets", "Delver of Secrets // Insectile Aberration"),
    ],
)
def test_it_matches_split_and_double_faced_cards_by_full_name_or_front_face(listing: str, wanted: str) -> None:
    assert is_same_card(listing, wanted)


def test_it_does_not_match_a_double_faced_card_by_its_back_face() -> None:
    assert not is_same_card("Insectile Aberration", "Delver of Secrets // Insectile Aberration")
    assert not is_same_card("Fire // Ice", "Ice")


def test_it_ignores_case_accents_and_punctuation() -> None:
    assert normalize("Æther Vial") == normalize("aether vial")
    assert is_same_card("Lim-Dûl's Vault", "Lim-Dul's Vault")
    assert is_same_card("Urza’s Saga", "Urza's Saga")


def test_it_allows_marker_words_that_are_part_of_the_card_name() -> None:
    assert is_same_card("Booster Tutor", "Booster Tutor")


def test_it_strips_decorations_down_to_the_card_name() -> None:
    assert strip_decorations("Sol Ring (0912) (Rainbow Foil) [Secret Lair Drop Series]") == "Sol Ring"
    assert strip_decorations("Fire // Ice - Foil") == "Fire // Ice"
    assert strip_decorations("Thrum of the Vestige - Lightning Bolt") == "Thrum of the Vestige - Lightning Bolt"


@pytest.mark.parametrize(
    ("listing", "number"),
    [("Swamp (0301) - Foil", "0301"), ("Lightning Bolt - 435 - Borderless", "435"), ("Lightning Bolt (084)", "084"),
     ("Lightning Bolt", None), ("Lightning Bolt (Borderless)", None)],
)
def test_it_reads_collector_numbers_embedded_in_titles(listing: str, number: str | None) -> None:
    assert collector_number_in(listing) == number


@pytest.mark.parametrize(
    ("listing", "expected"),
    [
        ("Lightning Bolt (Foil Etched) [Commander Masters]", "Lightning Bolt [Commander Masters]"),
        ("Lightning Bolt - Foil", "Lightning Bolt"), ("Fire // Ice - Non-Foil", "Fire // Ice"),
        ("Sol Ring (0912) (Rainbow Foil) [Secret Lair Drop Series]", "Sol Ring (0912) (Rainbow Foil) [Secret Lair Drop Series]"),
        ("Thrum of the Vestige - Lightning Bolt", "Thrum of the Vestige - Lightning Bolt"),
        ("X - 435 - Borderless", "X - 435 - Borderless"),
    ],
)
def test_plain_finish_words_leave_the_name_but_named_foils_stay(listing: str, expected: str) -> None:
    assert matching.without_finish_words(listing) == expected


def test_finish_words_inside_a_card_name_are_not_a_finish() -> None:
    assert vocabulary.parse_finish(matching.decorations_of("Etched Champion [Scars of Mirrodin]")) == "nonfoil"
    assert vocabulary.parse_finish(matching.decorations_of("Gilded Lotus (Foil Etched) [Dominaria United]")) == "etched"


@pytest.mark.parametrize(
    ("listing", "related"),
    [("Opt", True), ("Opt (Foil)", True), ("Ponder // Ponder", True), ("Thopter Foundry", False),
     ("Optimus Prime, Hero", False), ("Thrum of the Vestige - Opt", True)],
)
def test_a_listing_is_related_when_it_names_the_card_as_whole_words(listing: str, related: bool) -> None:
    card = "Ponder" if listing.startswith("Ponder") else "Opt"
    assert matching.CardMatcher(card).is_related(listing) is related
