"""`manage.py parse_list FILE --json` prints what the parser understood, without the database."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.cards.conftest import LISTS


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("parse_list", *args, stdout=out)
    return out.getvalue()


def test_it_prints_lines_and_errors_as_json():
    # No `db` fixture: pytest-django fails the test if the command touches the database.
    output = json.loads(_run(str(LISTS / "loose.txt"), "--json"))

    assert output["lines"][0] == {
        "line": 3, "name": "Lightning Bolt", "quantity": 1, "set_code": "", "collector_number": "", "finish": "",
    }
    assert {"line": 6, "name": "Counterspell", "quantity": 1, "set_code": "7ed", "collector_number": "",
            "finish": ""} in output["lines"]
    assert output["errors"] == [
        {"line": 16, "text": "4x", "reason": "no card name"},
        {"line": 17, "text": "Lightning Bolt (M10", "reason": 'unbalanced "(" in "Lightning Bolt (M10"'},
        {"line": 18, "text": "0 Llanowar Elves", "reason": "quantity must be between 1 and 999, not 0"},
    ]


def test_it_keeps_non_ascii_collector_numbers_readable_in_json():
    output = _run(str(LISTS / "moxfield.txt"), "--json")

    assert '"1★"' in output
    assert json.loads(output)["lines"][0]["finish"] == "foil"


def test_it_prints_a_table_without_json():
    output = _run(str(LISTS / "deckbox.csv"))

    assert "format: deckbox-csv" in output
    assert "4 Lightning Bolt  Magic 2010 146 foil" in output
    assert "not understood" in output and "no card name" in output


def test_it_fails_clearly_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        _run(str(tmp_path / "nope.txt"), "--json")


def test_it_reads_another_games_list_when_told_the_game(tmp_path):
    deck = tmp_path / "deck.txt"
    deck.write_text("Pokémon: 4\n4 Pikachu ex PRE 28\n\nEnergy: 8\n8 Basic {R} Energy SVE 2\nTotal Cards: 12\n")

    output = json.loads(_run(str(deck), "--game", "pokemon", "--json"))

    assert output["errors"] == []
    assert [(line["quantity"], line["name"], line["set_code"], line["collector_number"], line.get("energy"))
            for line in output["lines"]] == [(4, "Pikachu ex", "pre", "28", None), (8, "Basic Fire Energy", "", "", "Fire")]
