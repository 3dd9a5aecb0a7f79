"""Exporting the wishlist: Moxfield text and CSV downloads, and the TCGplayer Mass Entry link."""

from __future__ import annotations

import csv
import io
from urllib.parse import unquote

import pytest
from django.urls import reverse

from cards.catalog.models import Card
from cards.wishlist.changes import SpecValues, Want, add_wants, spread
from cards.wishlist.export import MOXFIELD_CSV_COLUMNS
from cards.wishlist.importing import preview_import

EXPORT = reverse("wishlist_export")


@pytest.fixture
def wishlist(catalog, alice, bob):
    card = Card.objects.get
    add_wants(alice, card(name="Lightning Bolt"), [Want(SpecValues("m10", "146", "foil"), 4), Want(SpecValues("m11"), 4)])
    add_wants(alice, card(name="Fire // Ice"), spread(2, []))
    add_wants(alice, card(name="Counterspell"), spread(1, [SpecValues("mh2", "267", "etched")]))
    add_wants(bob, card(name="Sol Ring"), spread(1, []))


def test_moxfield_text_has_one_line_per_printing_with_its_own_amount(alice_client, wishlist):
    response = alice_client.get(EXPORT, {"format": "moxfield"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert 'attachment; filename="wishlist-moxfield.txt"' == response["Content-Disposition"]
    assert response.content.decode().splitlines() == [
        "1 Counterspell (MH2) 267 *E*",
        "2 Fire // Ice",
        "4 Lightning Bolt (M10) 146 *F*",
        "4 Lightning Bolt (M11)",
    ]


def test_moxfield_csv_has_moxfields_columns(alice_client, wishlist):
    response = alice_client.get(EXPORT, {"format": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == MOXFIELD_CSV_COLUMNS
    assert [(r["Count"], r["Name"], r["Edition"], r["Collector Number"], r["Foil"]) for r in rows] == [
        ("1", "Counterspell", "mh2", "267", "etched"),
        ("2", "Fire // Ice", "", "", ""),
        ("4", "Lightning Bolt", "m10", "146", "foil"),
        ("4", "Lightning Bolt", "m11", "", ""),
    ]


@pytest.mark.parametrize("fmt", ["moxfield", "csv"])
def test_an_export_reads_back_in_as_the_same_printings(alice_client, wishlist, fmt):
    exported = alice_client.get(EXPORT, {"format": fmt}).content.decode()

    preview = preview_import(exported)

    assert preview.errors == [] and preview.rejected == []
    assert {(row.card.name, row.spec) for row in preview.importable} == {
        ("Counterspell", SpecValues("mh2", "267", "etched")),
        ("Fire // Ice", SpecValues()),
        ("Lightning Bolt", SpecValues("m10", "146", "foil")),
        ("Lightning Bolt", SpecValues("m11", "", "")),
    }


def test_the_export_page_links_to_tcgplayer_mass_entry_with_one_line_per_card(alice_client, wishlist):
    response = alice_client.get(EXPORT)

    url = response.context["tcgplayer_url"]
    prefix = "https://www.tcgplayer.com/massentry?productline=Magic&c="
    assert url.startswith(prefix)
    assert [unquote(part) for part in url[len(prefix):].split("||")] == [
        "1 Counterspell", "2 Fire // Ice", "8 Lightning Bolt",
    ]
    assert " " not in url and "/" not in url[len(prefix):]
    assert url.replace("&", "&amp;") in response.content.decode()


def test_an_export_holds_only_the_users_own_cards(alice_client, wishlist):
    assert "Sol Ring" not in alice_client.get(EXPORT, {"format": "moxfield"}).content.decode()


def test_an_unknown_format_is_a_400(alice_client, wishlist):
    assert alice_client.get(EXPORT, {"format": "xml"}).status_code == 400


def test_an_empty_wishlist_says_so(alice_client, catalog):
    assert "Your wishlist is empty" in alice_client.get(EXPORT).content.decode()


def test_anonymous_users_cannot_export(client):
    assert client.get(EXPORT, {"format": "moxfield"}).status_code == 302
