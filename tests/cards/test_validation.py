"""cards.catalog.validation and cards.wishlist.validation: resolving names and checking printings,
with the messages players see."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cards.catalog.models import Card
from cards.catalog.validation import resolve_card, set_code_for_name
from cards.wishlist.changes import ANY_PRINTING, SpecValues, Want, merged
from cards.wishlist.forms import checked_wish
from cards.wishlist.validation import validate_spec


def _message(call, *args) -> str:
    with pytest.raises(ValidationError) as error:
        call(*args)
    return "; ".join(error.value.messages)


@pytest.mark.parametrize("typed", ["Lightning Bolt", "lightning bolt", "  LIGHTNING   bolt "])
def test_it_resolves_names_whatever_the_case_and_spacing(catalog, typed):
    assert resolve_card(typed).name == "Lightning Bolt"


def test_it_resolves_names_without_their_accents(catalog):
    assert resolve_card("Lim-Dul's Vault").name == "Lim-Dûl's Vault"
    assert resolve_card("jotun grunt").name == "Jötun Grunt"


def test_it_resolves_a_double_faced_card_by_its_front_face(catalog):
    assert resolve_card("Delver of Secrets").name == "Delver of Secrets // Insectile Aberration"
    assert resolve_card("delver of secrets // insectile aberration").name == "Delver of Secrets // Insectile Aberration"


@pytest.mark.parametrize("typed", ["Fire // Ice", "Fire/Ice", "fire //ice", "Fire"])
def test_it_resolves_a_split_card_however_it_is_written(catalog, typed):
    assert resolve_card(typed).name == "Fire // Ice"


def test_a_front_face_shared_by_two_cards_is_not_guessed(catalog):
    Card.objects.create(name="Fire // Brimstone")  # not real: makes "Fire" ambiguous

    message = _message(resolve_card, "Fire")

    assert message.startswith('"Fire" is the front of more than one card:')
    assert '"Fire // Ice"' in message and '"Fire // Brimstone"' in message


def test_it_suggests_the_closest_name_for_a_typo(catalog):
    assert _message(resolve_card, "Lightnig Bolt") == 'no card named "Lightnig Bolt" — did you mean "Lightning Bolt"?'
    assert _message(resolve_card, "Counterspel") == 'no card named "Counterspel" — did you mean "Counterspell"?'


def test_it_points_a_back_face_at_its_card(catalog):
    assert _message(resolve_card, "Insectile Aberration") == (
        'no card named "Insectile Aberration" — did you mean "Delver of Secrets // Insectile Aberration"?'
    )


def test_it_rejects_unknown_card_without_a_suggestion_when_nothing_is_close(catalog):
    assert _message(resolve_card, "Qwxyzzy Plonk") == (
        'no card named "Qwxyzzy Plonk" (this site\'s card list holds only 278 sample cards so far; '
        "its admin can load the full one)"
    )


def test_it_rejects_an_empty_name(catalog):
    assert _message(resolve_card, "   ") == "no card name given"


def test_a_spec_in_a_set_the_card_never_saw_names_the_set(catalog):
    bolt = resolve_card("Lightning Bolt")

    assert _message(validate_spec, bolt, SpecValues("xyz")) == 'Lightning Bolt was never printed in set "XYZ"'


def test_a_wrong_collector_number_names_the_right_one(catalog):
    bolt = resolve_card("Lightning Bolt")

    assert _message(validate_spec, bolt, SpecValues("m10", "999")) == (
        'Lightning Bolt has no collector number "999" in M10 (it is 146 there)'
    )
    assert _message(validate_spec, bolt, SpecValues("", "999")) == (
        'Lightning Bolt has no collector number "999" in any set'
    )


def test_a_number_with_several_printings_in_the_set_lists_them(catalog):
    karn = resolve_card("Karn, the Great Creator")

    assert _message(validate_spec, karn, SpecValues("war", "5")) == (
        'Karn, the Great Creator has no collector number "5" in WAR (it is 1 or 1★ there)'
    )


def test_a_finish_the_printing_was_not_made_in_lists_the_ones_it_was(catalog):
    bolt = resolve_card("Lightning Bolt")

    assert _message(validate_spec, bolt, SpecValues("m10", "146", "etched")) == (
        "Lightning Bolt (M10) 146 was not made in etched (only nonfoil, foil)"
    )
    assert _message(validate_spec, bolt, SpecValues("jmp", "", "foil")) == (
        "Lightning Bolt (JMP) was not made in foil (only nonfoil)"
    )


def test_an_unknown_finish_says_which_finishes_exist(catalog):
    bolt = resolve_card("Lightning Bolt")

    assert _message(validate_spec, bolt, SpecValues("m10", "146", "shiny")) == (
        'unknown finish "shiny" (use nonfoil, foil or etched)'
    )


def test_a_valid_spec_comes_back_in_the_catalogs_spelling(catalog):
    bolt = resolve_card("Lightning Bolt")
    glissa = resolve_card("Glissa Sunslayer")

    assert validate_spec(bolt, SpecValues("M10", "0146", "Foil")) == SpecValues("m10", "146", "foil")
    assert validate_spec(glissa, SpecValues("PONE", "202P")) == SpecValues("pone", "202p", "")
    assert validate_spec(bolt, SpecValues()) == SpecValues()
    assert validate_spec(bolt, SpecValues(finish="etched")) == SpecValues(finish="etched")  # STA was etched


def test_checked_wish_collects_every_problem(catalog):
    with pytest.raises(ValidationError) as error:
        checked_wish("Lightning Bolt", 3, [(SpecValues("xyz"), None), (SpecValues("m10", "146", "etched"), None),
                                           (SpecValues("m11"), None)])

    assert error.value.messages == [
        'Lightning Bolt was never printed in set "XYZ"',
        "Lightning Bolt (M10) 146 was not made in etched (only nonfoil, foil)",
    ]


def test_checked_wish_returns_the_card_and_its_wants_in_the_catalogs_spelling(catalog):
    card, wants = checked_wish(
        "delver of secrets", 4, [(SpecValues("ISD", "51"), None), (SpecValues("isd", "051"), 2), (SpecValues(), None)]
    )

    assert card.name == "Delver of Secrets // Insectile Aberration"
    assert merged(wants) == [Want(SpecValues("isd", "51", ""), 3), Want(ANY_PRINTING, 1)]


def test_checked_wish_reports_an_unknown_card_before_its_specs(catalog):
    with pytest.raises(ValidationError) as error:
        checked_wish("Lightnig Bolt", None, [(SpecValues("xyz"), None)])

    assert error.value.messages == ['no card named "Lightnig Bolt" — did you mean "Lightning Bolt"?']


def test_set_names_map_to_codes(catalog):
    assert set_code_for_name("Magic 2010") == "m10"
    assert set_code_for_name("seventh edition") == "7ed"
    assert _message(set_code_for_name, "Magic 2099") == 'unknown set "Magic 2099"'
