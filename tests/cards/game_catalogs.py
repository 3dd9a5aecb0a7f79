"""Pokémon, Lorcana and One Piece catalogs for the list tests, from the real data in
`../shared/catalog-samples/` (never copied into the repository), written straight into the catalog
tables in one bulk insert per table: the list tests need the rows, not a loader run."""

from __future__ import annotations

import json
import subprocess
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@cache
def samples() -> Path:
    """`../shared/catalog-samples/` beside the repository, or beside the main checkout of a worktree."""
    beside = REPO.parent / "shared" / "catalog-samples"
    if beside.is_dir():
        return beside
    common = subprocess.run(["git", "rev-parse", "--git-common-dir"], cwd=REPO, capture_output=True, text=True)
    return (REPO / common.stdout.strip()).resolve().parent.parent / "shared" / "catalog-samples"


@cache
def sample(name: str):
    return json.loads((samples() / name).read_text(encoding="utf-8"))


# (game, set code, set name, [(name, number, kind, rarity, treatment)])
Printings = list[tuple[str, str, str, list[tuple[str, str, str, str, str]]]]


@cache
def pokemon_printings() -> Printings:
    sets = {s["id"]: s for s in sample("pokemon/sets_en.json")}
    found = []
    for set_id in ("base1", "swsh1", "sv8pt5"):
        code = (sets[set_id].get("ptcgoCode") or set_id.upper()).lower()
        cards = [(c["name"], c["number"], c["supertype"], c.get("rarity", ""), "")
                 for c in sample(f"pokemon/cards_en_{set_id}.json")]
        found.append(("pokemon", code, sets[set_id]["name"], cards))
    # Near misses the three sample sets lack (Obsidian Flames, Vivid Voltage), by their real numbers.
    found.append(("pokemon", "obf", "Obsidian Flames", [("Charizard ex", "125", "Pokémon", "Double Rare", "")]))
    found.append(("pokemon", "viv", "Vivid Voltage", [("Pikachu V", "43", "Pokémon", "Ultra Rare", "")]))
    return found


@cache
def lorcana_printings() -> Printings:
    data = sample("lorcana/LorcanaJSON_setdata.1.json")
    cards = [(c["fullName"], str(c["number"]), c.get("type", ""), c.get("rarity", ""), "") for c in data["cards"]]
    return [("lorcana", "1", data["name"], cards)]


@cache
def one_piece_printings() -> Printings:
    names = {s["id"]: s["name"] for s in sample("one-piece/sets_en.json")}
    found = []
    for set_id in ("op01", "st14"):
        cards = [(c["name"].strip(), c["code"], c["type"], c["rarity"], "Parallel" if "_p" in c["id"] else "")
                 for c in sample(f"one-piece/cards_en_{set_id}.json")]
        found.append(("onepiece", set_id, names.get(set_id, set_id.upper()), cards))
    return found


def load_game_catalogs() -> None:
    """The three games' sample catalogs as catalog rows (within a test's database)."""
    from cards.catalog.models import Card, MagicSet, Printing, search_key

    printings = [*pokemon_printings(), *lorcana_printings(), *one_piece_printings()]
    sets = MagicSet.objects.bulk_create(
        [MagicSet(game=game, code=code, name=name) for game, code, name, _ in printings]
    )
    cards: dict[tuple[str, str], Card] = {}
    for game, _, _, rows in printings:
        for name, _, kind, _, _ in rows:
            cards.setdefault((game, name), Card(game=game, name=name, search_name=search_key(name), kind=kind))
    Card.objects.bulk_create(cards.values())
    rows_of_sets = []
    for magic_set, (game, _, _, rows) in zip(sets, printings):
        # One row per number and treatment: One Piece's parallel arts of an id are one printing.
        unique = {(number, treatment): (name, rarity) for name, number, _, rarity, treatment in rows}
        rows_of_sets += [
            Printing(card=cards[game, name], magic_set=magic_set, collector_number=number,
                     finishes=["nonfoil", "foil"], rarity=rarity, treatment=treatment)
            for (number, treatment), (name, rarity) in unique.items()
        ]
    Printing.objects.bulk_create(rows_of_sets)
