"""What a tracked card means, on every path that changes it: adding a printing of a card already
tracked, importing in "add" and in "match" mode (the preview says what the list will hold), and the
1–999 limit on amounts."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cards.catalog.models import Card
from cards.wishlist.changes import SpecValues, Want, add_wants, spread
from cards.wishlist.importing import ADD, MATCH, MatchRefused, confirm_import, preview_import
from cards.wishlist.models import TrackedCard

IMPORT = reverse("wishlist_import")
CONFIRM = reverse("wishlist_import_confirm")


def _wants(user) -> dict[str, set[tuple[int, str]]]:
    """Card name → {(amount, printing)}; a card with no specs is all "any printing"."""
    result = {}
    for tracked in TrackedCard.objects.filter(user=user).select_related("card").prefetch_related("specs"):
        wants = {(s.amount, s.printing) for s in tracked.specs.all()} or {(tracked.amount, "any printing")}
        assert sum(amount for amount, _ in wants) == tracked.amount
        result[tracked.card.name] = wants
    return result


def _card(name: str) -> Card:
    return Card.objects.get(name=name)


def _import(client, text: str, mode: str):
    preview = client.post(IMPORT, {"text": text, "mode": mode})
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode())
    assert token, "the preview offers no confirm button"
    return preview, client.post(CONFIRM, {"text": text, "token": token[1], "mode": mode})


# --- adding a printing of a card already tracked -------------------------------------------------


def test_adding_a_printing_to_a_card_tracked_as_any_printing_keeps_both(alice, catalog):
    add_wants(alice, _card("Lightning Bolt"), spread(1, []))

    add_wants(alice, _card("Lightning Bolt"), spread(4, [SpecValues("m10", "146", "foil")]))

    assert _wants(alice) == {"Lightning Bolt": {(1, "any printing"), (4, "M10 146 foil")}}


def test_adding_the_same_printing_again_adds_to_it(alice, catalog):
    add_wants(alice, _card("Lightning Bolt"), spread(4, [SpecValues("M10", "146", "foil")]))

    add_wants(alice, _card("Lightning Bolt"), spread(2, [SpecValues("m10", "146", "FOIL")]))

    assert _wants(alice) == {"Lightning Bolt": {(6, "M10 146 foil")}}


def test_adding_a_printing_through_the_add_form_keeps_the_any_printing_copy(alice_client, alice, catalog):
    alice_client.post(reverse("card_add"), {"card": "Lightning Bolt", "amount": 1})
    alice_client.post(
        reverse("card_add"),
        {"card": "Lightning Bolt", "amount": 4, "set_code": "M10", "collector_number": "146", "finish": "foil"},
    )

    assert _wants(alice) == {"Lightning Bolt": {(1, "any printing"), (4, "M10 146 foil")}}


# --- import, "add to my list" --------------------------------------------------------------------


def test_add_mode_keeps_the_files_printings_beside_the_tracked_ones(alice_client, alice, catalog):
    add_wants(alice, _card("Swords to Plowshares"), spread(4, [SpecValues("sta")]))
    add_wants(alice, _card("Lightning Bolt"), spread(4, []))
    text = "2 Swords to Plowshares\n1 Counterspell (7ED) 67\n4 Lightning Bolt\n"

    preview, _ = _import(alice_client, text, ADD)

    assert _wants(alice) == {
        "Swords to Plowshares": {(4, "STA"), (2, "any printing")},
        "Counterspell": {(1, "7ED 67")},
        "Lightning Bolt": {(8, "any printing")},
    }
    afters = [row.after for row in preview.context["preview"].rows]
    assert afters == ["6: 4 STA, 2 any printing", "1: 1 7ED 67", "8: 8 any printing"]
    page = preview.content.decode()
    assert "Swords to Plowshares × 6: 4 STA, 2 any printing" in page
    assert "Add 3 lines to my list" in page


def test_add_mode_past_999_copies_refuses_that_cards_lines_and_imports_the_rest(alice, catalog):
    add_wants(alice, _card("Lightning Bolt"), spread(999, []))

    result = confirm_import(alice, "999 Lightning Bolt (M10)\n2 Counterspell\n", ADD)

    assert [row.problems for row in result.rejected] == [
        ["you can want 1 to 999 copies of Lightning Bolt; this would make 1,998"]
    ]
    assert _wants(alice) == {"Lightning Bolt": {(999, "any printing")}, "Counterspell": {(2, "any printing")}}


def test_lines_of_one_card_past_999_copies_are_refused_even_when_each_line_is_under(alice, catalog):
    preview = preview_import("600 Lightning Bolt\n600 Lightning Bolt (M10)\n", alice, MATCH)

    assert len(preview.rows) == 2 and all("this would make 1,200" in row.problems[0] for row in preview.rows)
    with pytest.raises(MatchRefused):
        confirm_import(alice, "600 Lightning Bolt\n600 Lightning Bolt (M10)\n", MATCH)


# --- import, "make my list match this file" ------------------------------------------------------


def test_match_mode_makes_the_list_exactly_the_file(alice_client, alice, catalog):
    add_wants(alice, _card("Swords to Plowshares"), spread(4, [SpecValues("sta")]))
    add_wants(alice, _card("Sol Ring"), spread(1, []))
    text = "2 Swords to Plowshares\n1 Counterspell (7ED) 67\n"

    preview, done = _import(alice_client, text, MATCH)

    assert _wants(alice) == {"Swords to Plowshares": {(2, "any printing")}, "Counterspell": {(1, "7ED 67")}}
    assert [t.card.name for t in preview.context["preview"].removed] == ["Sol Ring"]
    assert "these cards are removed" in preview.content.decode() and "1× Sol Ring" in preview.content.decode()
    assert "1 card not in it removed" in done.content.decode()


def test_match_mode_is_refused_while_a_line_fails_and_changes_nothing(alice_client, alice, catalog):
    add_wants(alice, _card("Lightning Bolt"), spread(4, []))
    text = "2 Lightnig Bolt\n1 Counterspell\n"

    preview = alice_client.post(IMPORT, {"text": text, "mode": MATCH})

    assert "can only be made to match a file whose every line can be imported" in preview.content.decode()
    assert 'name="token"' not in preview.content.decode()
    with pytest.raises(MatchRefused):
        confirm_import(alice, text, MATCH)
    assert _wants(alice) == {"Lightning Bolt": {(4, "any printing")}}


def test_the_preview_offers_the_other_mode(alice_client, alice, catalog):
    page = alice_client.post(IMPORT, {"text": "1 Sol Ring", "mode": ADD}).content.decode()
    assert 'value="match"' in page and "make my list match this file" in page


def test_an_unknown_mode_is_a_400(alice_client, alice, catalog):
    assert alice_client.post(CONFIRM, {"text": "1 Sol Ring", "token": "x", "mode": "replace"}).status_code == 400


# --- amounts stay within 1–999 -------------------------------------------------------------------


def test_three_adds_of_999_stop_at_999_with_a_clear_error(alice, catalog):
    add_wants(alice, _card("Lightning Bolt"), spread(999, []))

    with pytest.raises(ValidationError, match="you can want 1 to 999 copies of Lightning Bolt; this would make 1,998"):
        add_wants(alice, _card("Lightning Bolt"), spread(999, [SpecValues("m10")]))

    assert _wants(alice) == {"Lightning Bolt": {(999, "any printing")}}


@pytest.mark.parametrize("amount", [0, -1, 1000])
def test_an_amount_outside_1_to_999_is_refused(alice, catalog, amount):
    with pytest.raises(ValidationError, match="you can want 1 to 999 copies"):
        add_wants(alice, _card("Lightning Bolt"), [Want(SpecValues(), amount)])
    assert not TrackedCard.objects.filter(user=alice).exists()


# --- amounts given per printing, or shared -------------------------------------------------------


def test_printings_without_an_amount_share_what_the_others_leave():
    from cards.wishlist.changes import wants_for

    m10, m11, any_ = SpecValues("m10"), SpecValues("m11"), SpecValues()
    assert wants_for(5, [(m10, None), (m11, None)]) == [Want(m10, 3), Want(m11, 2)]
    assert wants_for(6, [(m10, 4), (m11, None), (any_, None)]) == [Want(m10, 4), Want(m11, 1), Want(any_, 1)]
    assert wants_for(None, [(m10, 4), (m11, 2)]) == [Want(m10, 4), Want(m11, 2)]
    assert wants_for(None, []) == [Want(any_, 1)]
    for total, specs, message in [
        (1, [(m10, None), (m11, None)], "1 copy cannot be shared over 2 printings"),
        (4, [(m10, 4), (m11, None)], "the printings with amounts already take 4 of 4"),
        (5, [(m10, 4), (m11, 2)], "the printings' amounts add up to 6, not 5"),
    ]:
        with pytest.raises(ValidationError, match=message):
            wants_for(total, specs)
