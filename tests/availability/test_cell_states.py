"""One status vocabulary: the cell states are named once (`availability.live.states.CellState`), and
each cell's markup tells the browser what its script needs (final or not, in stock or not), so the
script keeps no list or rule of its own."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from availability.checks.results import StoreAnswer
from availability.live.cells import cell_update
from availability.live.states import CellState

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
OFFER = {"name": "Lightning Bolt", "set_code": "m10", "collector_number": "146", "finish": "nonfoil",
         "condition": "NM", "language": "English", "price": "2.00", "currency": "USD", "quantity": 1,
         "url": "https://shop.example/products/bolt", "variant_id": "1"}


def answers() -> dict[str, tuple[StoreAnswer | None, bool]]:
    now = timezone.now()
    return {
        "checking": (None, False),
        "in_stock": (StoreAnswer("ok", [OFFER], checked_at=now), False),
        "out_of_stock": (StoreAnswer("not_found", checked_at=now), False),
        "error": (StoreAnswer("error", reason="the store answered HTTP 503", checked_at=now), False),
        "paused": (StoreAnswer("error", reason="paused", checked_at=now, paused_until=now + timedelta(hours=1)), False),
        "stale in stock": (StoreAnswer("ok", [OFFER], checked_at=now - timedelta(hours=2)), True),
        "stale out of stock": (StoreAnswer("not_found", checked_at=now - timedelta(hours=2)), True),
    }


# state, final, what the cell says of the store's stock
EXPECTED = {
    "checking": ("checking", "false", "unknown"),
    "in_stock": ("in_stock", "true", "yes"),
    "out_of_stock": ("out_of_stock", "true", "no"),
    "error": ("error", "true", "unknown"),
    "paused": ("paused", "true", "unknown"),
    "stale in stock": ("stale", "false", "yes"),  # the old price is still on the shelf, as far as we know
    "stale out of stock": ("stale", "false", "unknown"),
}


def test_a_store_that_does_not_sell_the_cards_game_says_so_and_is_never_asked(make_store, choose, alice, bolt):
    from availability.checks.pipeline import queue_check
    from cards.catalog.models import Card

    pikachu = Card.objects.create(game="pokemon", name="Pikachu")
    store = make_store("magic-only")  # sells Magic, as every store did before games
    message = cell_update(pikachu, store, None, [], ZoneInfo("UTC"))
    cell = BeautifulSoup(message["html"], "html.parser").td
    assert (cell["data-state"], cell["data-final"], cell["data-in-stock"]) == ("not_sold", "true", "unknown")
    assert cell.get_text(" ", strip=True) == "does not sell Pokémon singles"
    assert message["game"] == "pokemon" and "game" not in cell_update(bolt, store, None, [], ZoneInfo("UTC"))
    assert queue_check(store, pikachu) is False
    store.games = ["magic", "pokemon"]
    assert cell_update(pikachu, store, None, [], ZoneInfo("UTC"))["state"] == "checking"


@pytest.mark.parametrize("case", list(EXPECTED))
def test_each_cell_tells_the_browser_its_state_whether_it_is_an_answer_and_its_stock(case, bolt, make_store):
    store = make_store("bolt-shop")
    answer, stale = answers()[case]

    message = cell_update(bolt, store, answer, [], ZoneInfo("UTC"), stale=stale)

    cell = BeautifulSoup(message["html"], "html.parser").td
    assert (cell["data-state"], cell["data-final"], cell["data-in-stock"]) == EXPECTED[case]
    assert message["state"] == cell["data-state"] and message["final"] is (cell["data-final"] == "true")


def test_every_state_is_covered_and_final_means_an_answer() -> None:
    assert {state for state, _final, _stock in EXPECTED.values()} | {"not_sold"} == set(CellState.values)
    assert {state.value for state in CellState if not state.final} == {"checking", "stale"}


def test_no_script_names_a_cell_state() -> None:
    """The browser reads the cells' attributes; a state name in a script is a second vocabulary."""
    names = "|".join(CellState.values)
    for script in (ROOT / "static" / "js").glob("*.js"):
        code = "\n".join(line for line in script.read_text().splitlines() if not line.strip().startswith("//"))
        found = re.findall(rf"[\"'`]({names})[\"'`]", code)
        # "error" is also a message type ({"type": "error"}), never compared with a cell's state.
        assert set(found) <= {"error"}, (script.name, found)
        assert not re.search(r"dataset\.state\b", code), script.name
