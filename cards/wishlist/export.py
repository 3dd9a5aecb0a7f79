"""A user's wishlist written out for other tools: Moxfield text, Moxfield CSV, TCGplayer Mass Entry
for Magic; Pokémon TCG Live, Lorcana and One Piece deck lists for the other games (each export holds
one game's cards: `wishlist_of(user, game)`).

One line per want (cards.wishlist.changes): a card wanted as 1 of any printing and 4 M10 foils is two lines,
"1 Lightning Bolt" and "4 Lightning Bolt (M10) 146 *F*", so the amounts add up to what is wanted.
The CSV says everything a want can say, and importing it with "make my list match this file" gives
the same list back. Moxfield text has no way to say "non-foil only" or a collector number without
a set: such a want is written as the nearest line the text can say (README, "Export and import").

The other games' lines are written by pure functions over `ListEntry` values (`game_list_text`), so
the round trip of each format is tested without a database; what each format cannot say is in
docs/games.md, "List formats".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from cards.catalog.models import Printing
from cards.wishlist.changes import ANY_PRINTING, SpecValues, wants_of
from cards.wishlist.listformats import ENERGY_SYMBOLS, LORCANA, ONE_PIECE, POKEMON
from cards.wishlist.models import TrackedCard
from lgs_checker import spreadsheet
from scrapers.games import MAGIC

MOXFIELD_CSV_COLUMNS = [
    "Count", "Tradelist Count", "Name", "Edition", "Condition", "Language", "Foil", "Tags",
    "Last Modified", "Collector Number", "Alter", "Proxy", "Purchase Price",
]
TCGPLAYER_MASS_ENTRY = "https://www.tcgplayer.com/massentry?productline=Magic&c="
_FINISH_MARKERS = {"foil": " *F*", "etched": " *E*"}


def wishlist_of(user, game: str = MAGIC) -> list[TrackedCard]:
    """The user's tracked cards of one game, by name."""
    tracked = TrackedCard.objects.filter(user=user, card__game=game)
    return list(tracked.select_related("card").prefetch_related("specs").order_by("card__name"))


def moxfield_line(amount: int, name: str, spec: SpecValues) -> str:
    """"4 Lightning Bolt (M10) 146 *F*"; parts the spec leaves open are left out."""
    line = f"{amount} {name}"
    if spec.set_code:
        line += f" ({spec.set_code.upper()})"
        if spec.collector_number:
            line += f" {spec.collector_number}"
    return line + _FINISH_MARKERS.get(spec.finish, "")


def moxfield_text(wishlist: Iterable[TrackedCard]) -> str:
    """One line per want, with that want's amount."""
    lines = [moxfield_line(w.amount, t.card.name, w.spec) for t in wishlist for w in wants_of(t)]
    return "".join(f"{line}\n" for line in lines)


def moxfield_csv(wishlist: Iterable[TrackedCard]) -> str:
    out = io.StringIO()
    writer = spreadsheet.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")  # formulas stay text
    writer.writerow(MOXFIELD_CSV_COLUMNS)
    for tracked in wishlist:
        for want in wants_of(tracked):
            spec = want.spec
            writer.writerow([
                # "nonfoil" is Scryfall's word; an empty Foil cell reads back as any finish.
                want.amount, 0, tracked.card.name, spec.set_code, "", "", spec.finish, "",
                tracked.updated_at.strftime("%Y-%m-%d %H:%M:%S.%f"), spec.collector_number,
                "False", "False", "",
            ])
    return out.getvalue()


def tcgplayer_mass_entry_url(wishlist: Iterable[TrackedCard]) -> str:
    """A link that opens TCGplayer's Mass Entry with the list filled in; one line per card."""
    lines = [f"{tracked.amount} {tracked.card.name}" for tracked in wishlist]
    return TCGPLAYER_MASS_ENTRY + "||".join(quote(line, safe="") for line in lines)


# --- Other games' lists ---------------------------------------------------------------------------

# Pokémon TCG Live's sections, in the order it writes them; a card is filed by its catalog kind.
PTCGL_SECTIONS = ("Pokémon", "Trainer", "Energy")
# How Pokémon TCG Live writes each basic energy: its Scarlet & Violet Energy printing. Basic energy
# lines are read back by type (cards.wishlist.listformats), so the printing is a label here.
BASIC_ENERGY_NUMBERS = {
    "Grass": 1, "Fire": 2, "Water": 3, "Lightning": 4, "Psychic": 5, "Fighting": 6, "Darkness": 7, "Metal": 8,
    "Fairy": 9,
}
_ENERGY_SYMBOL = {word: symbol for symbol, word in ENERGY_SYMBOLS.items()}
LEADER = "leader"


@dataclass(frozen=True)
class ListEntry:
    """One want as a game's list writes it: the card's name, how many, which printing, and how the
    format files it: Pokémon's section ("Trainer"), One Piece's LEADER (written first), a Pokémon
    basic energy's type ("Fire", written by type)."""

    name: str
    amount: int
    spec: SpecValues = ANY_PRINTING
    group: str = ""
    energy: str = ""


def ptcgl_text(entries: Iterable[ListEntry]) -> str:
    """Pokémon TCG Live: "4 Charizard ex OBF 125" under "Pokémon: N", "Trainer: N", "Energy: N",
    then "Total Cards: N". A want without both a set and a number is written by name alone (the
    game itself needs both; this app reads it as any printing); finishes are not written."""
    entries = list(entries)
    blocks = []
    for section in PTCGL_SECTIONS:
        lines = [e for e in entries if (e.group if e.group in PTCGL_SECTIONS else "Pokémon") == section]
        if lines:
            count = sum(e.amount for e in lines)
            blocks.append(f"{section}: {count}\n" + "".join(f"{_ptcgl_line(e)}\n" for e in lines))
    blocks.append(f"Total Cards: {sum(e.amount for e in entries)}\n")
    return "\n".join(blocks)


def _ptcgl_line(entry: ListEntry) -> str:
    if entry.energy in _ENERGY_SYMBOL:
        number = BASIC_ENERGY_NUMBERS[entry.energy]
        return f"{entry.amount} Basic {{{_ENERGY_SYMBOL[entry.energy]}}} Energy SVE {number}"
    spec = entry.spec
    if spec.set_code and spec.collector_number:
        return f"{entry.amount} {entry.name} {spec.set_code.upper()} {spec.collector_number}"
    return f"{entry.amount} {entry.name}"


def lorcana_text(entries: Iterable[ListEntry]) -> str:
    """"4 Elsa - Spirit of Winter": a card's wants add up to one line, since the list names no printing."""
    amounts: dict[str, int] = {}
    for entry in entries:
        amounts[entry.name] = amounts.get(entry.name, 0) + entry.amount
    return "".join(f"{amount} {name}\n" for name, amount in amounts.items())


def optcg_text(entries: Iterable[ListEntry]) -> str:
    """"4xOP01-016", the leader first; a want without a card id is written by name ("4 Nami"), which
    this app reads back as any printing and OPTCGSim does not."""
    entries = sorted(entries, key=lambda entry: entry.group != LEADER)
    return "".join(f"{_optcg_line(entry)}\n" for entry in entries)


def _optcg_line(entry: ListEntry) -> str:
    if entry.spec.collector_number:
        return f"{entry.amount}x{entry.spec.collector_number}"
    return f"{entry.amount} {entry.name}"


GAME_LIST_WRITERS = {POKEMON: ptcgl_text, LORCANA: lorcana_text, ONE_PIECE: optcg_text}


def game_list_text(game: str, entries: Iterable[ListEntry]) -> str:
    """A game's list of `entries` in its own format (Magic's is `moxfield_text`)."""
    return GAME_LIST_WRITERS[game](entries)


def list_entries(wishlist: Iterable[TrackedCard], game: str) -> list[ListEntry]:
    """One entry per want of `wishlist` (one game's cards), with what the game's format files it by."""
    wishlist = list(wishlist)
    leaders = _leader_ids(wishlist) if game == ONE_PIECE else set()
    entries = []
    for tracked in wishlist:
        card = tracked.card
        energy = _basic_energy_type(card.name, card.kind) if game == POKEMON else ""
        for want in wants_of(tracked):
            if game == ONE_PIECE:
                leader = want.spec.collector_number.upper() in leaders or (
                    not want.spec.collector_number and card.kind.upper() == "LEADER")
                group = LEADER if leader else ""
            else:
                group = card.kind
            entries.append(ListEntry(card.name, want.amount, want.spec, group, energy))
    return entries


def wishlist_text(wishlist: Iterable[TrackedCard], game: str) -> str:
    """The wishlist (one game's cards) as that game's list: Moxfield text for Magic."""
    if game == MAGIC:
        return moxfield_text(wishlist)
    return game_list_text(game, list_entries(wishlist, game))


def _basic_energy_type(name: str, kind: str) -> str:
    """"Fire" for "Basic Fire Energy" or "Fire Energy" (an Energy card), else ""."""
    words = name.split()
    if words and words[0] == "Basic":
        words = words[1:]
    if len(words) == 2 and words[1] == "Energy" and words[0] in _ENERGY_SYMBOL and kind in ("", "Energy"):
        return words[0]
    return ""


def _leader_ids(wishlist: list[TrackedCard]) -> set[str]:
    """The One Piece card ids of the wishlist's cards that are leaders (their rarity is "L"): a name
    may be a leader under one id and a character under another (Roronoa Zoro OP01-001 and OP01-025)."""
    leaders = Printing.objects.filter(card__in=[tracked.card_id for tracked in wishlist], rarity__iexact="L")
    return {number.upper() for number in leaders.values_list("collector_number", flat=True)}
