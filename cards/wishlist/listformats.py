"""Reading the card lists players paste or upload, whatever tool they came from.

Pure parsing: text in, `ParsedList` out, no database. Whether a name is a real card or a set code
exists is for `cards.catalog.validation` to say. The formats are described in docs/list-formats.md; the
format is detected, never asked for, because players rarely know which one they have.

Every line that is neither a card, a header, a comment nor blank ends up in `errors` with a reason,
so nothing a player pasted is dropped without a word.

Magic's formats are detected. The other games' lists (docs/games.md, "List formats") look too much
alike to tell apart ("4 Elsa - Spirit of Winter" could be any game's line), so their game is told:
`parse_list(text, game)`, each game reading its own format (`GAME_FORMATS`).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from lgs_checker.spreadsheet import read_cell
from scrapers.games import MAGIC, canonical_id

MAIN, SIDEBOARD, COMMANDER = "main", "sideboard", "commander"
COMPANION, MAYBEBOARD = "companion", "maybeboard"
# A wishlist of ten thousand lines is a collection dump, not a wishlist; refusing it early keeps one
# request from validating a whole collection against the catalog.
MAX_LINES = 5000
MAX_QUANTITY = 999


@dataclass(frozen=True)
class ParsedLine:
    """A line understood as a card: how many, and which printing if the line says so (blank = any)."""

    line_no: int
    text: str
    name: str
    quantity: int = 1
    set_code: str = ""
    collector_number: str = ""
    finish: str = ""
    # Deckbox and TCGplayer name the set instead of giving its code; validation maps it.
    set_name: str = ""
    section: str = MAIN
    # A Pokémon basic energy line ("Basic {R} Energy", "Fire Energy Energy 2"), by its type in words
    # ("Fire"): matched by type, whatever the line says about its printing.
    energy: str = ""
    # A One Piece line by card id ("4xOP01-016"): the id as the game's data writes it, which the
    # import resolves in the catalog (`name` is then what the line says beside it, often nothing).
    card_id: str = ""


@dataclass(frozen=True)
class LineError:
    """A line that is not a card, with why, so the player can fix it."""

    line_no: int
    text: str
    reason: str


# What the detected format is called on the preview page.
FORMAT_NAMES = {
    "arena": "Moxfield / Arena / ManaBox text",
    "plain": "MTGO or plain text",
    "forge": "Forge deck",
    "archidekt": "Archidekt text",
    "moxfield-csv": "Moxfield CSV",
    "deckbox-csv": "Deckbox CSV",
    "manabox-csv": "ManaBox CSV",
    "dragonshield-csv": "Dragon Shield CSV",
    "tcgplayer-csv": "TCGplayer CSV",
    "csv": "CSV",
    "ptcgl": "Pokémon TCG Live",
    "lorcana": "Lorcana deck list",
    "optcg": "One Piece deck list (OPTCGSim)",
}


@dataclass
class ParsedList:
    lines: list[ParsedLine] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    # What the text looked like: a key of FORMAT_NAMES.
    format: str = "plain"

    @property
    def format_name(self) -> str:
        return FORMAT_NAMES[self.format]


def parse_list(text: str, game: str = MAGIC) -> ParsedList:
    """Parse a pasted or uploaded list: Magic's in any format of docs/list-formats.md, another game's
    in its own (`GAME_FORMATS`); an unknown game is a ValueError."""
    if game != MAGIC and game not in GAME_FORMATS:
        raise ValueError(f"no list format for game {game!r} (one of {', '.join([MAGIC, *GAME_FORMATS])})")
    text = text.lstrip("\ufeff")
    raw_lines = text.splitlines()
    if len(raw_lines) > MAX_LINES:
        reason = f"the list is longer than {MAX_LINES} lines"
        return ParsedList(errors=[LineError(MAX_LINES + 1, raw_lines[MAX_LINES], reason)])
    if game != MAGIC:
        return _parse_game_text(raw_lines, game)
    csv_format = _detect_csv(raw_lines)
    if csv_format:
        return _parse_csv(raw_lines, *csv_format)
    return _parse_text(raw_lines)


# --- Text formats -------------------------------------------------------------------------------

# Section headers of Arena/MTGA, Moxfield, MTGO and the loose lists people type, with an optional
# colon and an optional count ("Sideboard (15)", "SIDEBOARD:").
_SECTION_WORDS = {
    "deck": MAIN, "main": MAIN, "maindeck": MAIN, "main deck": MAIN, "mainboard": MAIN,
    "sideboard": SIDEBOARD, "side": SIDEBOARD, "side board": SIDEBOARD, "sb": SIDEBOARD,
    "commander": COMMANDER, "commanders": COMMANDER,
    "companion": COMPANION, "companions": COMPANION,
    "maybeboard": MAYBEBOARD, "maybe": MAYBEBOARD, "maybe board": MAYBEBOARD, "considering": MAYBEBOARD,
    "wishlist": MAIN, "wish list": MAIN,
}
# Card-type group headers that deck sites put between lines; they don't change the section.
_GROUP_WORDS = {
    "creature", "creatures", "instant", "instants", "sorcery", "sorceries", "artifact", "artifacts",
    "enchantment", "enchantments", "planeswalker", "planeswalkers", "land", "lands", "battle",
    "battles", "spells", "other", "others", "tokens",
}
_HEADER = re.compile(r"^(?P<word>[a-z][a-z ]*?)\s*(?:\(\d+\))?\s*:?$", re.IGNORECASE)
_FORGE_SECTION = re.compile(r"^\[(?P<word>[A-Za-z ]+)\]$")
_FORGE_SECTIONS = {"main": MAIN, "sideboard": SIDEBOARD, "commander": COMMANDER, "maybe": MAYBEBOARD}

_COMMENT = re.compile(r"^(#|//)")
_SIDEBOARD_PREFIX = re.compile(r"^SB:\s*", re.IGNORECASE)
_QUANTITY_FIRST = re.compile(r"^(?P<qty>\d+)\s*[x×]?\s+(?P<rest>.+)$", re.IGNORECASE)
_QUANTITY_LAST = re.compile(r"^(?P<rest>.+?)\s+[x×]\s*(?P<qty>\d+)$", re.IGNORECASE)
# Archidekt's trailing "^tag,color^" and "[Category{flags},Other]" groups.
_ARCHIDEKT_TAGS = re.compile(r"\s*\^[^^]*\^\s*$")
_ARCHIDEKT_CATEGORY = re.compile(r"\s+\[(?P<category>[^\[\]]*)\]\s*$")
_FINISH_MARKER = re.compile(r"\s+\*(?P<mark>[FE])\*\s*$", re.IGNORECASE)
# "(ONE) 318", "(PLST) EVE-68", "(WAR) 1★", "(7ED)". Set codes have no spaces, which keeps names
# like "B.F.M. (Big Furry Monster)" whole.
_SET_AND_NUMBER = re.compile(r"^(?P<name>.+?)\s+\((?P<set>[A-Za-z0-9]{2,6})\)(?:\s+(?P<cn>[^\s()]+))?$")
# Forge: "4 Lightning Bolt|M10" or "4 Lightning Bolt|M10|1" (the last part is an art index).
_FORGE_SET = re.compile(r"^(?P<name>[^|]+)\|(?P<set>[A-Za-z0-9]{2,6})(?:\|\d+)?$")
_ONLY_QUANTITY = re.compile(r"^(\d+\s*[x×]|[x×]\s*\d+)$", re.IGNORECASE)
_DECK_NAME = re.compile(r"^name\s+\S", re.IGNORECASE)

# Arena spells a few set codes its own way; Scryfall's (and the catalog's) code is on the right.
ARENA_SET_CODES = {"dar": "dom", "conf": "con"}


@dataclass
class _TextState:
    section: str = MAIN
    explicit_sections: bool = False
    in_about: bool = False
    in_metadata: bool = False
    seen_card: bool = False
    format_hints: set[str] = field(default_factory=set)


def _parse_text(raw_lines: list[str]) -> ParsedList:
    result = ParsedList()
    state = _TextState()
    for line_no, raw in enumerate(raw_lines, start=1):
        line = raw.strip()
        if not line:
            _on_blank_line(state)
            continue
        if _COMMENT.match(line) or _is_header(line, state) or _is_metadata(line, state):
            continue
        parsed = _parse_card_line(line_no, raw, line, state)
        if isinstance(parsed, LineError):
            result.errors.append(parsed)
        else:
            state.seen_card = True
            result.lines.append(parsed)
    result.format = _text_format_name(state.format_hints)
    return result


def _on_blank_line(state: _TextState) -> None:
    state.in_about = False
    # MTGO and plain lists put the sideboard after the first blank line; lists with headers say
    # where each section starts, and Arena puts blank lines between them.
    if state.seen_card and not state.explicit_sections and state.section == MAIN:
        state.section = SIDEBOARD


def _is_header(line: str, state: _TextState) -> bool:
    forge = _FORGE_SECTION.match(line)
    if forge:
        word = forge["word"].strip().lower()
        state.format_hints.add("forge")
        state.explicit_sections = True
        state.in_metadata = word == "metadata"
        state.section = _FORGE_SECTIONS.get(word, state.section)
        return True
    header = _HEADER.match(line)
    if not header:
        return False
    word = " ".join(header["word"].lower().split())
    if word == "about":
        state.in_about = True
        state.format_hints.add("arena")
        return True
    if word in _SECTION_WORDS:
        state.section = _SECTION_WORDS[word]
        state.explicit_sections = True
        state.in_about = False
        if word in {"deck", "companion"}:
            state.format_hints.add("arena")
        return True
    return word in _GROUP_WORDS


def _is_metadata(line: str, state: _TextState) -> bool:
    """Arena's "About / Name My Deck" block and Forge's [metadata] "Name=..." lines are not cards."""
    if state.in_about or state.in_metadata:
        return True
    return not state.seen_card and bool(_DECK_NAME.match(line)) and not _QUANTITY_FIRST.match(line)


def _parse_card_line(line_no: int, raw: str, line: str, state: _TextState) -> ParsedLine | LineError:
    section = state.section
    if _SIDEBOARD_PREFIX.match(line):
        line = _SIDEBOARD_PREFIX.sub("", line)
        section = SIDEBOARD
    quantity, line = _split_quantity(line)

    line = _ARCHIDEKT_TAGS.sub("", line)
    category = _ARCHIDEKT_CATEGORY.search(line)
    if category:
        state.format_hints.add("archidekt")
        section = _section_of_category(category["category"], section)
        line = line[: category.start()]

    finish = ""
    marker = _FINISH_MARKER.search(line)
    if marker:
        finish = "foil" if marker["mark"].upper() == "F" else "etched"
        line = line[: marker.start()]

    name, set_code, collector_number = _split_printing(line.strip(), state)
    problem = _name_problem(name)
    if problem:
        return LineError(line_no, raw, problem)
    if not 1 <= quantity <= MAX_QUANTITY:
        return LineError(line_no, raw, f"quantity must be between 1 and {MAX_QUANTITY}, not {quantity}")
    return ParsedLine(
        line_no=line_no,
        text=raw,
        name=name,
        quantity=quantity,
        set_code=set_code,
        collector_number=collector_number,
        finish=finish,
        section=section,
    )


def _split_quantity(line: str) -> tuple[int, str]:
    """(quantity, rest) for "4 Bolt", "4x Bolt", "Bolt x4" and plain "Bolt" (one copy)."""
    first = _QUANTITY_FIRST.match(line)
    if first:
        return int(first["qty"]), first["rest"].strip()
    last = _QUANTITY_LAST.match(line)
    if last:
        return int(last["qty"]), last["rest"].strip()
    return 1, line


def _split_printing(line: str, state: _TextState) -> tuple[str, str, str]:
    """(name, set code, collector number) from "Name (SET) 123", "Name (SET)" or Forge "Name|SET"."""
    forge = _FORGE_SET.match(line)
    if forge:
        state.format_hints.add("forge")
        return forge["name"].strip(), _set_code(forge["set"]), ""
    printing = _SET_AND_NUMBER.match(line)
    if printing:
        if printing["cn"]:
            state.format_hints.add("arena")
        return printing["name"].strip(), _set_code(printing["set"]), printing["cn"] or ""
    return line, "", ""


def _set_code(code: str) -> str:
    code = code.lower()
    return ARENA_SET_CODES.get(code, code)


def _section_of_category(category: str, default: str) -> str:
    words = category.lower()
    for word, section in (("sideboard", SIDEBOARD), ("maybeboard", MAYBEBOARD), ("commander", COMMANDER)):
        if word in words:
            return section
    return default


def _name_problem(name: str) -> str:
    """Why `name` cannot be a card name, or "" when it might be one."""
    if not any(ch.isalpha() for ch in name) or _ONLY_QUANTITY.match(name):
        return "no card name"
    for opening, closing in (("(", ")"), ("[", "]")):
        if name.count(opening) != name.count(closing):
            return f'unbalanced "{opening}" in "{name}"'
    return ""


def _text_format_name(hints: set[str]) -> str:
    for name in ("forge", "archidekt", "arena"):
        if name in hints:
            return name
    return "plain"


# --- CSV formats --------------------------------------------------------------------------------

# Header signatures, checked in order: the first whose columns are all present wins. Moxfield and
# Deckbox share most columns; Deckbox's Edition is a set name and it says "Card Number".
_CSV_SIGNATURES: tuple[tuple[str, frozenset[str]], ...] = (
    ("dragonshield-csv", frozenset({"card name", "set code", "card number", "printing"})),
    ("manabox-csv", frozenset({"name", "set code", "collector number", "quantity"})),
    ("tcgplayer-csv", frozenset({"quantity", "name", "set", "card number", "printing"})),
    ("moxfield-csv", frozenset({"count", "name", "edition", "collector number"})),
    ("deckbox-csv", frozenset({"count", "name", "edition", "card number"})),
    ("csv", frozenset({"name"})),
    ("csv", frozenset({"card name"})),
)


@dataclass(frozen=True)
class _CsvColumns:
    """Which header holds what in one CSV format; the first non-empty column listed wins."""

    quantity: tuple[str, ...]
    name: tuple[str, ...]
    set_code: tuple[str, ...]
    set_name: tuple[str, ...]
    number: tuple[str, ...]
    finish: tuple[str, ...]


_CSV_COLUMNS = {
    "moxfield-csv": _CsvColumns(("count",), ("name",), ("edition",), (), ("collector number",), ("foil",)),
    "deckbox-csv": _CsvColumns(("count",), ("name",), (), ("edition",), ("card number",), ("foil",)),
    "manabox-csv": _CsvColumns(
        ("quantity",), ("name",), ("set code",), ("set name",), ("collector number",), ("foil",)
    ),
    "dragonshield-csv": _CsvColumns(
        ("quantity",), ("card name",), ("set code",), ("set name",), ("card number",), ("printing",)
    ),
    # TCGplayer's Name carries product suffixes ("Lightning Bolt (Borderless)"); Simple Name doesn't.
    "tcgplayer-csv": _CsvColumns(
        ("quantity",), ("simple name", "name"), ("set code",), ("set",), ("card number",), ("printing",)
    ),
    "csv": _CsvColumns(
        ("count", "quantity", "qty"),
        ("card name", "name"),
        ("set code", "edition", "set"),
        ("set name",),
        ("collector number", "card number", "number"),
        ("foil", "printing", "finish"),
    ),
}

_SEP_LINE = re.compile(r'^"?sep=(?P<sep>.)"?\s*$', re.IGNORECASE)


def _detect_csv(raw_lines: list[str]) -> tuple[str, int, str] | None:
    """(format, header line index, delimiter) when the text is a CSV with a known header."""
    index = 0
    while index < len(raw_lines) and not raw_lines[index].strip():
        index += 1
    delimiters = (",", ";", "\t")
    if index < len(raw_lines):
        sep = _SEP_LINE.match(raw_lines[index].strip())
        if sep:
            delimiters, index = (sep["sep"],), index + 1
    if index >= len(raw_lines):
        return None
    # Excel in many European locales writes ";" between fields.
    for delimiter in delimiters:
        if delimiter not in raw_lines[index]:
            continue
        header = {_column(name) for name in next(csv.reader([raw_lines[index]], delimiter=delimiter))}
        for fmt, required in _CSV_SIGNATURES:
            if required <= header:
                return fmt, index, delimiter
    return None


def _column(name: str) -> str:
    return " ".join(name.strip().lower().split())


def _parse_csv(raw_lines: list[str], fmt: str, header_index: int, delimiter: str) -> ParsedList:
    result = ParsedList(format=fmt)
    reader = csv.reader(io.StringIO("\n".join(raw_lines[header_index:])), delimiter=delimiter)
    header = [_column(name) for name in next(reader)]
    previous_end = reader.line_num
    while True:
        # Line numbers count from the top of the text, and csv counts the lines it has read.
        line_no = header_index + previous_end + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            result.errors.append(LineError(line_no, raw_lines[line_no - 1], f"not a CSV row ({error})"))
            break
        previous_line_end, previous_end = previous_end, reader.line_num
        raw = "\n".join(raw_lines[line_no - 1 : header_index + reader.line_num])
        if not any(cell.strip() for cell in row):
            continue
        if reader.line_num > previous_line_end + 1:
            # Card lists have no multi-line fields: this is an unclosed quote swallowing the
            # lines after it, which the error shows rather than losing them inside one cell.
            reason = 'a quoted field runs over several lines (a missing ")'
            result.errors.append(LineError(line_no, raw, reason))
            continue
        # A cell our export prefixed with ' so no spreadsheet runs it reads back as it was.
        values = dict(zip(header, (read_cell(cell).strip() for cell in row)))
        parsed = _csv_row(line_no, raw, values, _CSV_COLUMNS[fmt])
        (result.errors if isinstance(parsed, LineError) else result.lines).append(parsed)
    return result


def _first(values: dict[str, str], columns: tuple[str, ...]) -> str:
    for column in columns:
        if values.get(column):
            return values[column]
    return ""


def _csv_row(line_no: int, raw: str, values: dict[str, str], columns: _CsvColumns) -> ParsedLine | LineError:
    name = _first(values, columns.name)
    problem = _name_problem(name)
    if problem:
        return LineError(line_no, raw, problem)
    quantity_text = _first(values, columns.quantity) or "1"
    if not quantity_text.isdigit():
        return LineError(line_no, raw, f"quantity {quantity_text!r} is not a number")
    quantity = int(quantity_text)
    if not 1 <= quantity <= MAX_QUANTITY:
        return LineError(line_no, raw, f"quantity must be between 1 and {MAX_QUANTITY}, not {quantity}")
    finish_text = _first(values, columns.finish)
    finish = csv_finish(finish_text)
    if finish is None:
        return LineError(line_no, raw, f"unknown finish {finish_text!r}")
    set_code = _first(values, columns.set_code)
    return ParsedLine(
        line_no=line_no,
        text=raw,
        name=name,
        quantity=quantity,
        set_code=_set_code(set_code) if set_code else "",
        collector_number=_first(values, columns.number),
        finish=finish,
        set_name=_first(values, columns.set_name),
        section=SIDEBOARD if "sideboard" in values.get("board", "").lower() else MAIN,
    )


# "Normal" and an empty Foil column are the plain printing. A wisher who exported a collection did
# not mean "only non-foil", so they read as any finish; only foil and etched narrow the wish, and
# "nonfoil", the word our own export writes (Scryfall's), which no collection tool writes.
_PLAIN_FINISHES = {"", "normal", "non-foil", "non foil", "regular", "false", "no", "0"}
_NONFOIL_FINISHES = {"nonfoil"}
_FOIL_FINISHES = {"foil", "true", "yes", "1", "holofoil"}
_ETCHED_FINISHES = {"etched", "etched foil", "foil etched", "foil-etched"}


def csv_finish(value: str) -> str | None:
    """"foil", "etched", "nonfoil" or "" (any) for a Foil/Printing cell; None when the word is unknown."""
    value = " ".join(value.strip().lower().split())
    if value in _PLAIN_FINISHES:
        return ""
    if value in _NONFOIL_FINISHES:
        return "nonfoil"
    if value in _FOIL_FINISHES:
        return "foil"
    if value in _ETCHED_FINISHES:
        return "etched"
    return None


# --- Other games' lists (docs/games.md, "List formats") -------------------------------------------

POKEMON, LORCANA, ONE_PIECE = "pokemon", "lorcana", "onepiece"
# Each game's one format: the key of FORMAT_NAMES its lists are read and written in.
GAME_FORMATS = {POKEMON: "ptcgl", LORCANA: "lorcana", ONE_PIECE: "optcg"}

# Pokémon TCG Live: "Pokémon: 12", "Trainer: 36", "Energy: 12" (also "Pokemon:", and a count in
# brackets as deck sites write it) and "Total Cards: 60".
_PTCGL_HEADER = re.compile(r"^(?:pok[eé]mon|trainers?|energy)\s*(?:\(\d+\))?\s*(?::\s*\d*)?$", re.IGNORECASE)
_PTCGL_TOTAL = re.compile(r"^total\s*(?:cards)?\s*[:\-]?\s*\d+$", re.IGNORECASE)
# Read from the right: the number (letters allowed: "TG05", "SWSH061", "GG01"), then the PTCGO set
# code in capitals ("OBF", "PR-SV", "SI1"), or "Energy", a pseudo-set basic energy lines carry.
_PTCGL_NUMBER = re.compile(r"[A-Za-z]{0,6}\d{1,4}[A-Za-z]?")
_PTCGL_SET = re.compile(r"[A-Z][A-Z0-9]{1,5}(?:-[A-Z]{1,4})?|Energy")
# Basic energy, by a type symbol ("Basic {R} Energy") or in words ("Basic Fire Energy", "Fire Energy").
ENERGY_SYMBOLS = {
    "G": "Grass", "R": "Fire", "W": "Water", "L": "Lightning", "P": "Psychic", "F": "Fighting",
    "D": "Darkness", "M": "Metal", "Y": "Fairy",
}
_ENERGY_WORDS = {word.lower(): word for word in ENERGY_SYMBOLS.values()}
_BASIC_ENERGY = re.compile(
    r"^(?:basic\s+)?(?:\{(?P<symbol>[A-Za-z])\}|(?P<word>" + "|".join(_ENERGY_WORDS) + r"))\s+energy$",
    re.IGNORECASE,
)

# Deck sites' group headers between Lorcana and One Piece lines; they are not cards.
_GROUP_HEADER = re.compile(
    r"^(?:leaders?|characters?|events?|stages?|actions?|items?|locations?|songs?|dons?!*|deck)"
    r"\s*(?:\(\d+\))?\s*(?::\s*\d*)?$",
    re.IGNORECASE,
)

# One Piece: "4xOP01-016", "4 x OP01-016", "4 OP01-016 Nami", "1xOP01-001 (Roronoa Zoro)"; the id
# as scrapers.games reads it in listing titles, with its parallel-art suffix ("_p1").
_OPTCG_LINE = re.compile(
    r"^(?:(?P<qty>\d+)\s*[x×]?\s*)?"
    r"(?P<id>(?:OP|ST|EB|PRB)-?\d{2}-\d{3}|P-\d{3})(?P<art>_[pP]\d+)?"
    r"(?:\s+(?P<name>.*))?$",
    re.IGNORECASE,
)


def _parse_game_text(raw_lines: list[str], game: str) -> ParsedList:
    result = ParsedList(format=GAME_FORMATS[game])
    read_line = _GAME_LINE_READERS[game]
    for line_no, raw in enumerate(raw_lines, start=1):
        line = raw.strip()
        if not line or _COMMENT.match(line):
            continue
        parsed = read_line(line_no, raw, line)
        if parsed is None:
            continue
        (result.errors if isinstance(parsed, LineError) else result.lines).append(parsed)
    return result


def _card_line(line_no: int, raw: str, quantity: int, name: str, **printing: str) -> ParsedLine | LineError:
    problem = _name_problem(name)
    if problem:
        return LineError(line_no, raw, problem)
    if not 1 <= quantity <= MAX_QUANTITY:
        return LineError(line_no, raw, f"quantity must be between 1 and {MAX_QUANTITY}, not {quantity}")
    return ParsedLine(line_no=line_no, text=raw, name=name, quantity=quantity, **printing)


def _pokemon_line(line_no: int, raw: str, line: str) -> ParsedLine | LineError | None:
    """"4 Charizard ex OBF 125", read from the right; headers and the total are not cards."""
    if _PTCGL_HEADER.match(line) or _PTCGL_TOTAL.match(line):
        return None
    quantity, rest = _split_quantity(line)
    tokens = rest.split()
    name, set_code, number = rest, "", ""
    if len(tokens) >= 3 and _PTCGL_NUMBER.fullmatch(tokens[-1]) and _PTCGL_SET.fullmatch(tokens[-2]):
        name, set_code, number = " ".join(tokens[:-2]), tokens[-2].lower(), tokens[-1]
    energy = _BASIC_ENERGY.match(name)
    if energy:
        kind = ENERGY_SYMBOLS.get((energy["symbol"] or "").upper()) or _ENERGY_WORDS[energy["word"].lower()]
        # Versions of the game write basic energy differently; its printing says nothing a
        # wishlist needs, so it is matched by type (cards.wishlist.importing).
        return _card_line(line_no, raw, quantity, f"Basic {kind} Energy", energy=kind)
    if set_code == "energy":
        return LineError(line_no, raw, f'"Energy" is the set of basic energy only, not of "{name}"')
    return _card_line(line_no, raw, quantity, name, set_code=set_code, collector_number=number)


def _lorcana_line(line_no: int, raw: str, line: str) -> ParsedLine | LineError | None:
    """"4 Elsa - Spirit of Winter" (also "4x …"): a full name, no printing."""
    if _GROUP_HEADER.match(line):
        return None
    quantity, name = _split_quantity(line)
    return _card_line(line_no, raw, quantity, name)


def _one_piece_line(line_no: int, raw: str, line: str) -> ParsedLine | LineError | None:
    """"4xOP01-016" by card id, with or without a name after it; a line of a name alone ("4 Nami")
    names the card in any printing."""
    if _GROUP_HEADER.match(line):
        return None
    by_id = _OPTCG_LINE.match(line)
    if not by_id:
        quantity, name = _split_quantity(line)
        return _card_line(line_no, raw, quantity, name)
    quantity = int(by_id["qty"]) if by_id["qty"] else 1
    name = (by_id["name"] or "").strip().strip("()[]").strip()
    card_id = canonical_id(by_id["id"])
    if not 1 <= quantity <= MAX_QUANTITY:
        return LineError(line_no, raw, f"quantity must be between 1 and {MAX_QUANTITY}, not {quantity}")
    # A parallel art keeps its card's id: which art is a printing choice the list cannot make.
    return ParsedLine(line_no=line_no, text=raw, name=name, quantity=quantity, card_id=card_id)


_GAME_LINE_READERS = {POKEMON: _pokemon_line, LORCANA: _lorcana_line, ONE_PIECE: _one_piece_line}
