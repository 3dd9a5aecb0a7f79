"""Importing a list: preview (nothing saved), confirm (merged into the wishlist), through the client."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cards.catalog.models import Card
from cards.wishlist.changes import SpecValues, add_wants, spread
from cards.wishlist.importing import MAX_SUGGESTIONS, preview_import
from cards.wishlist.models import CardSpec, TrackedCard

IMPORT = reverse("wishlist_import")
CONFIRM = reverse("wishlist_import_confirm")


def _preview(client, text: str):
    response = client.post(IMPORT, {"text": text})
    assert response.status_code == 200
    return response


def _confirm(client, preview_response, text: str | None = None):
    token = re.search(r'name="token" value="([^"]+)"', preview_response.content.decode())[1]
    return client.post(CONFIRM, {"text": text if text is not None else preview_response.context["text"], "token": token})


def _wishlist(user) -> dict[str, tuple[int, set[tuple[str, str, str]]]]:
    return {
        tracked.card.name: (tracked.amount, {(s.set_code, s.collector_number, s.finish) for s in tracked.specs.all()})
        for tracked in TrackedCard.objects.filter(user=user).prefetch_related("specs").select_related("card")
    }


def test_the_import_page_needs_a_signed_in_user(client):
    assert client.get(IMPORT).status_code == 302
    assert client.post(CONFIRM, {"text": "Lightning Bolt"}).status_code == 302


def test_the_preview_shows_each_line_and_saves_nothing(alice_client, alice, catalog, list_text):
    response = _preview(alice_client, list_text("moxfield.txt"))

    page = response.content.decode()
    assert "Glissa Sunslayer" in page and "EVE-68" in page
    assert response.context["preview"].format == "arena"
    assert len(response.context["preview"].importable) == 7
    assert TrackedCard.objects.count() == 0


def test_the_preview_shows_validation_messages_and_unparsed_lines(alice_client, alice, catalog):
    text = "4 Lightnig Bolt\n1 Lightning Bolt (M10) 999\n2 Counterspell (XYZ)\n1 Lightning Bolt (M10) 146 *E*\n4x\n"

    page = _preview(alice_client, text).content.decode()

    assert "no card named &quot;Lightnig Bolt&quot; — did you mean &quot;Lightning Bolt&quot;?" in page
    assert "Lightning Bolt has no collector number &quot;999&quot; in M10 (it is 146 there)" in page
    assert "Counterspell was never printed in set &quot;XYZ&quot;" in page
    assert "Lightning Bolt (M10) 146 was not made in etched (only nonfoil, foil)" in page
    assert "not understood: no card name" in page
    assert "No line of this list can be imported" in page
    assert 'name="token"' not in page
    assert TrackedCard.objects.count() == 0


def test_confirming_adds_the_valid_lines_and_lists_the_rest(alice_client, alice, catalog):
    text = "4 Lightning Bolt (M10) 146 *F*\n2 Fire/Ice\n1 Qwxyzzy Plonk\nSB: 2 Duress\n"
    preview = _preview(alice_client, text)

    response = _confirm(alice_client, preview)

    assert response.status_code == 200
    assert _wishlist(alice) == {
        "Lightning Bolt": (4, {("m10", "146", "foil")}),
        "Fire // Ice": (2, set()),
        "Duress": (2, set()),
    }
    page = response.content.decode()
    assert "Not imported" in page and "Qwxyzzy Plonk" in page
    assert "Imported 3 lines into your wishlist." in page


def test_confirming_merges_quantities_and_never_duplicates_a_spec(alice_client, alice, catalog):
    bolt = Card.objects.get(name="Lightning Bolt")
    add_wants(alice, bolt, spread(2, [SpecValues("m10", "146", "foil")]))
    text = "4 Lightning Bolt (M10) 146 *F*\n1 Lightning Bolt (M11) 149\n1 Lightning Bolt (m10) 0146 *F*\n"

    _confirm(alice_client, _preview(alice_client, text))

    assert _wishlist(alice) == {"Lightning Bolt": (8, {("m10", "146", "foil"), ("m11", "149", "")})}
    assert CardSpec.objects.filter(tracked_card__user=alice, set_code="m10").count() == 1


def test_confirming_leaves_other_users_wishlists_alone(alice_client, alice, bob, catalog):
    bolt = Card.objects.get(name="Lightning Bolt")
    add_wants(bob, bolt, spread(1, [SpecValues("m11", "149")]))

    _confirm(alice_client, _preview(alice_client, "4 Lightning Bolt (M10) 146\n"))

    assert _wishlist(bob) == {"Lightning Bolt": (1, {("m11", "149", "")})}
    assert _wishlist(alice) == {"Lightning Bolt": (4, {("m10", "146", "")})}


def test_confirm_reparses_the_text_and_ignores_posted_parsed_values(alice_client, alice, catalog):
    preview = _preview(alice_client, "1 Sol Ring")
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode())[1]

    alice_client.post(CONFIRM, {"text": "1 Sol Ring", "token": token, "name": "Black Lotus", "quantity": "99"})

    assert _wishlist(alice) == {"Sol Ring": (1, set())}


def test_a_confirm_cannot_be_replayed(alice_client, alice, catalog):
    preview = _preview(alice_client, "2 Counterspell (7ED)")
    _confirm(alice_client, preview)

    again = _confirm(alice_client, preview)

    assert again.status_code == 302
    assert _wishlist(alice) == {"Counterspell": (2, {("7ed", "", "")})}


def test_an_uploaded_deckbox_csv_maps_set_names_to_codes(alice_client, alice, catalog, list_text):
    upload = SimpleUploadedFile("deckbox.csv", list_text("deckbox.csv").encode("utf-8"), content_type="text/csv")

    preview = alice_client.post(IMPORT, {"file": upload})
    _confirm(alice_client, preview)

    wishlist = _wishlist(alice)
    assert wishlist["Lightning Bolt"] == (4, {("m10", "146", "foil")})
    assert wishlist["Llanowar Elves"] == (2, {("dom", "168", "")})
    assert wishlist["Counterspell"] == (1, {("7ed", "67", "")})
    assert "no card name" in preview.content.decode()


def test_an_empty_submission_asks_for_a_list(alice_client, catalog):
    response = alice_client.post(IMPORT, {"text": "  "})

    assert "Paste a list or choose a file." in response.content.decode()


@pytest.mark.parametrize(
    "fixture, importable, not_understood",
    [
        ("moxfield.txt", 7, 0),
        ("arena.txt", 7, 0),
        ("mtgo.txt", 6, 0),
        ("forge.dck", 4, 0),
        ("loose.txt", 9, 3),
        ("archidekt.txt", 6, 0),
        ("manabox.txt", 4, 0),
        ("moxfield.csv", 4, 1),
        ("deckbox.csv", 4, 1),
        ("manabox.csv", 4, 1),
        ("dragonshield.csv", 3, 1),
        ("dragonshield-wishlist.csv", 2, 0),
        ("tcgplayer.csv", 4, 0),
    ],
)
def test_every_sample_list_validates_against_the_sample_catalog(catalog, list_text, fixture, importable, not_understood):
    preview = preview_import(list_text(fixture))

    assert [(row.line.line_no, row.problems) for row in preview.rejected] == []
    assert (len(preview.importable), len(preview.errors)) == (importable, not_understood)


def test_a_text_that_is_no_card_list_gets_a_bounded_number_of_suggestions(catalog):
    text = "\n".join(f"Lightnig Bolt {i}" for i in range(40))

    rows = preview_import(text).rows

    suggested = [row for row in rows if "did you mean" in row.problems[0]]
    assert len(suggested) == MAX_SUGGESTIONS
    assert rows[-1].problems == ['no card named "Lightnig Bolt 39"']
