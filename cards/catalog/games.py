"""Loading the other games' public card data into the catalog: Pokémon, Lorcana, One Piece, Yu-Gi-Oh!.

    load_game_catalog("pokemon", ["sets/en.json", "cards/en/base1.json", "cards/en/swsh1.json"])

Each game's data comes as one or more JSON files (paths or URLs, in the order given); each is read
as a stream (ijson), turned into `CatalogPrinting`s and written in batches by the same writer as
Scryfall's (cards/catalog/loader.py): a re-run writes nothing, nothing is ever deleted, and card
names and set codes are unique within their game only. The formats, from `../shared/catalog-samples/`
(docs/games.md, "A catalog loader"):

- **Pokémon** (pokemon-tcg-data): a sets file (`sets/en.json`: `id`, `name`, `ptcgoCode`,
  `releaseDate`) and one cards file per set (`cards/en/<set id>.json`). A card names its set by the
  set's id (the part of its own id before the last "-"), so the sets file comes first in the same
  load. The set code is the PTCGO code stores print ("OBF"), else the set's id; sets sharing a PTCGO
  code (a set and its trainer gallery) are one set, their numbers ("TG05" beside "125") apart. The
  data names no finishes: Common, Uncommon and Rare exist non-holo and reverse holo (nonfoil, foil),
  every rarer one is holo (foil).
- **Lorcana** (LorcanaJSON): `allCards.json` (`sets` by number, then `cards` with `fullName`,
  `setCode`, `number`, `rarity`, `foilTypes`) or the older `setdata.<N>.json` (the set's `code`
  and `name`, and its `cards`, without `foilTypes`: N, from the file's name, is the set number).
  The set code is the set number ("1"), as stores print it. `foilTypes` "None" is nonfoil, any
  other foil; without them, Enchanted, Iconic and Epic cards are foil only, others both.
- **One Piece** (one-piece-tcg-data): an optional sets file (`sets/en.json`: `id` "op01", `name`)
  and cards files (`cards/en/<set>.json`: `id` "OP01-016" or "OP01-016_p1", `name`, `rarity`,
  `type`). The set is the id's prefix ("op01"); the collector number is the card id, which a
  parallel art keeps (treatment "Parallel", "Parallel 2"…). Commons and uncommons are nonfoil, the
  rest foil.
- **Yu-Gi-Oh!** (YGOPRODeck `cardinfo.php`): `data[]` with `card_sets[]`; one printing per set code
  ("MAGO-EN016", the collector number; its prefix the set) and rarity (the treatment).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import ijson
from ijson.common import ObjectBuilder

from cards.catalog.loader import (
    BATCH_SIZE,
    CatalogPrinting,
    Counts,
    LoadReport,
    _CatalogWriter,
    _date,
    open_source,
)
from cards.catalog.models import MagicSet
from scrapers.games import MAGIC


class CatalogError(ValueError):
    """The data given cannot be loaded as this game's catalog (the wrong file, or files in the wrong order)."""


@dataclass
class SetInfo:
    code: str
    name: str
    released_at: object = None


def _parts(stream: BinaryIO, wanted: Iterable[str]) -> Iterator[tuple[str, object]]:
    """(prefix, value) for each value at one of the `wanted` ijson prefixes, built one at a time, so
    a file of many cards is never held whole ("cards.item" yields each card of a `cards` array)."""
    wanted = set(wanted)
    builder: ObjectBuilder | None = None
    building = ""
    for prefix, event, value in ijson.parse(stream, use_float=True):
        if builder is not None:
            builder.event(event, value)
            if prefix == building and event in ("end_map", "end_array"):
                yield building, builder.value
                builder = None
            continue
        if prefix in wanted:
            if event in ("start_map", "start_array"):
                builder, building = ObjectBuilder(), prefix
                builder.event(event, value)
            elif event != "map_key":
                yield prefix, value


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _code(value: str) -> str:
    """A set code as the catalog keeps it: lower case, at most the column's 10 characters."""
    return value.strip().lower()[:10]


class GameReader:
    """Turns one game's files into printings; `sets` are the sets its files described."""

    game = ""

    def __init__(self) -> None:
        self.sets: dict[str, SetInfo] = {}  # by the data's own set id

    def printings(self, location: str, stream: BinaryIO) -> Iterator[CatalogPrinting | None]:
        """The printings in one file (None for an entry skipped)."""
        raise NotImplementedError


class PokemonReader(GameReader):
    game = "pokemon"
    PLAIN_RARITIES = frozenset({"common", "uncommon", "rare"})

    def printings(self, location, stream):
        for _prefix, item in _parts(stream, ["item"]):
            if not isinstance(item, dict):
                raise CatalogError(f"{location}: not pokemon-tcg-data JSON (an array of sets or of cards)")
            if "supertype" in item or "number" in item:
                yield self._printing(location, item)
            elif "printedTotal" in item or "ptcgoCode" in item or "series" in item:
                self._add_set(item)
            else:
                yield None

    def _add_set(self, item: dict) -> None:
        set_id = _text(item.get("id"))
        if not set_id:
            return
        code = _code(_text(item.get("ptcgoCode")) or set_id)
        first = next((info for info in self.sets.values() if info.code == code), None)
        released = _date(_text(item.get("releaseDate")).replace("/", "-"))
        # A trainer gallery or shiny vault shares its main set's code: the main set (listed first) names it.
        self.sets[set_id] = first or SetInfo(code, _text(item.get("name")) or code.upper(), released)

    def _printing(self, location: str, card: dict) -> CatalogPrinting | None:
        card_id, name, number = _text(card.get("id")), _text(card.get("name")), _text(card.get("number"))
        if not (card_id and name and number) or "-" not in card_id:
            return None
        set_id = card_id.rsplit("-", 1)[0]
        info = self.sets.get(set_id)
        if info is None:
            raise CatalogError(
                f"{location}: card {card_id} is of set {set_id!r}, which no sets file given before it lists; "
                "give the sets file first (--file sets/en.json --file cards/en/<set>.json …)"
            )
        rarity = _text(card.get("rarity"))
        plain = not rarity or rarity.casefold() in self.PLAIN_RARITIES
        return CatalogPrinting(
            name=name, front_face_name="", layout="", set_code=info.code, set_name=info.name,
            released_at=info.released_at, collector_number=number,
            finishes=("nonfoil", "foil") if plain else ("foil",), rarity=rarity,
            kind=_text(card.get("supertype")),
        )


class LorcanaReader(GameReader):
    game = "lorcana"
    FOIL_ONLY = frozenset({"enchanted", "iconic", "epic"})
    _SETDATA_NAME = re.compile(r"setdata\.(\w+)\.json", re.IGNORECASE)

    def printings(self, location, stream):
        old_set: dict[str, object] = {}
        for prefix, value in _parts(stream, ["sets", "cards.item", "code", "name", "releaseDate"]):
            if prefix == "sets" and isinstance(value, dict):
                for number, data in value.items():
                    if isinstance(data, dict):
                        self.sets[str(number)] = SetInfo(
                            _code(str(number)), _text(data.get("name")) or str(number),
                            _date(_text(data.get("releaseDate"))),
                        )
            elif prefix in ("code", "name", "releaseDate"):
                old_set[prefix] = value
            elif prefix == "cards.item" and isinstance(value, dict):
                yield self._printing(location, value, old_set)

    def _printing(self, location: str, card: dict, old_set: dict) -> CatalogPrinting | None:
        name, number = _text(card.get("fullName")), _text(card.get("number"))
        if not (name and number):
            return None
        set_number = _text(card.get("setCode"))
        if not set_number:  # the per-set format: the set is the file's
            named = self._SETDATA_NAME.search(Path(location).name)
            set_number = named.group(1) if named else _text(old_set.get("code"))
            if set_number and set_number not in self.sets:
                self.sets[set_number] = SetInfo(
                    _code(set_number), _text(old_set.get("name")) or set_number,
                    _date(_text(old_set.get("releaseDate"))),
                )
        info = self.sets.get(set_number) or SetInfo(_code(set_number), f"Set {set_number}")
        if not info.code:
            return None
        rarity = _text(card.get("rarity"))
        foil_types = card.get("foilTypes")
        if isinstance(foil_types, list) and foil_types:
            finishes = tuple(
                finish for finish, present in (
                    ("nonfoil", any(_text(kind).casefold() == "none" for kind in foil_types)),
                    ("foil", any(_text(kind).casefold() != "none" for kind in foil_types)),
                ) if present
            )
        else:
            finishes = ("foil",) if rarity.casefold() in self.FOIL_ONLY else ("nonfoil", "foil")
        return CatalogPrinting(
            name=name, front_face_name="", layout="", set_code=info.code, set_name=info.name,
            released_at=info.released_at, collector_number=number, finishes=finishes, rarity=rarity,
            kind=_text(card.get("type")),
        )


class OnePieceReader(GameReader):
    game = "onepiece"
    PLAIN_RARITIES = frozenset({"c", "uc"})
    _ID = re.compile(r"^(?P<set>[A-Za-z]+\d*)-(?P<number>\w+?)(?:_p(?P<art>\d+))?$")
    _SET_NAME = re.compile(r"^-?(?P<name>.*?)-?\s*\[[^\]]*\]\s*$")

    def printings(self, location, stream):
        for _prefix, item in _parts(stream, ["item"]):
            if not isinstance(item, dict):
                raise CatalogError(f"{location}: not one-piece-tcg-data JSON (an array of sets or of cards)")
            if "rarity" in item or "type" in item:
                yield self._printing(item)
            elif item.get("id") and item.get("name"):
                set_id = _text(item["id"]).lower()
                self.sets[set_id] = SetInfo(
                    _code(set_id), _text(item["name"]), _date(_text(item.get("releaseDate")).replace("/", "-"))
                )

    def _printing(self, card: dict) -> CatalogPrinting | None:
        card_id, name = _text(card.get("id")), _text(card.get("name"))
        matched = self._ID.match(card_id)
        if not (matched and name):
            return None
        set_id = matched.group("set").lower()
        info = self.sets.get(set_id)
        if info is None:
            printed = _text((card.get("set") or {}).get("name")) if isinstance(card.get("set"), dict) else ""
            named = self._SET_NAME.match(printed)
            info = self.sets[set_id] = SetInfo(_code(set_id), (named.group("name").strip(" -") if named else printed)
                                               or set_id.upper())
        art = matched.group("art")
        rarity = _text(card.get("rarity"))
        return CatalogPrinting(
            name=name, front_face_name="", layout="", set_code=info.code, set_name=info.name,
            released_at=info.released_at, collector_number=card_id.split("_")[0].upper(),
            finishes=("foil",) if art or rarity.casefold() not in self.PLAIN_RARITIES else ("nonfoil",),
            rarity=rarity, treatment="" if not art else ("Parallel" if art == "1" else f"Parallel {art}"),
            kind=_text(card.get("type")),
        )


class YugiohReader(GameReader):
    game = "yugioh"

    def printings(self, location, stream):
        for _prefix, card in _parts(stream, ["data.item"]):
            if not isinstance(card, dict) or not _text(card.get("name")):
                yield None
                continue
            for printed in card.get("card_sets") or []:
                yield self._printing(card, printed)

    def _printing(self, card: dict, printed: dict) -> CatalogPrinting | None:
        number, set_name = _text(printed.get("set_code")), _text(printed.get("set_name"))
        if "-" not in number:
            return None
        code = _code(number.split("-")[0])
        self.sets.setdefault(code, SetInfo(code, set_name or code.upper()))
        return CatalogPrinting(
            name=_text(card["name"]), front_face_name="", layout="", set_code=code,
            set_name=self.sets[code].name, released_at=None, collector_number=number, finishes=("nonfoil",),
            rarity=_text(printed.get("set_rarity"))[:40], treatment=_text(printed.get("set_rarity"))[:40],
            kind=_text(card.get("type"))[:40],
        )


READERS: dict[str, type[GameReader]] = {
    reader.game: reader for reader in (PokemonReader, LorcanaReader, OnePieceReader, YugiohReader)
}
# Every game the catalog can load: Magic's loader is cards/catalog/loader.py.
LOADABLE_GAMES = (MAGIC, *READERS)


def load_game_catalog(
    game: str, sources: Iterable[str | Path], progress: Callable[[int, int, int | None], None] | None = None
) -> LoadReport:
    """Load one game's files (paths or URLs, in order) into the catalog; see the module's docstring."""
    if game not in READERS:
        known = ", ".join(READERS)
        raise CatalogError(f"no catalog loader for {game!r} here; the games loaded this way are {known}")
    reader = READERS[game]()
    report = LoadReport()
    writer = _CatalogWriter(report, game)
    read = 0
    for source in sources:
        with open_source(source) as (stream, size):
            batch: list[CatalogPrinting] = []
            for printing in reader.printings(str(source), stream):
                read += 1
                if printing is None:
                    report.skipped += 1
                    continue
                batch.append(printing)
                if len(batch) >= BATCH_SIZE:
                    writer.write(batch)
                    batch = []
            if batch:
                writer.write(batch)
            if progress:
                progress(read, size or 0, size)
    _write_set_details(game, reader.sets.values(), report.sets)
    return report


def _write_set_details(game: str, sets: Iterable[SetInfo], counts: Counts) -> None:
    """Sets the files described: created when no card of theirs was, their names and dates kept
    up to date; counted once each (created sets were counted as the writer made them)."""
    wanted = {info.code: info for info in sets if info.code}
    existing = {s.code: s for s in MagicSet.objects.filter(game=game, code__in=list(wanted))}
    created_now = counts.created
    to_create, to_update = [], []
    for code, info in wanted.items():
        magic_set = existing.get(code)
        if magic_set is None:
            to_create.append(MagicSet(game=game, code=code, name=info.name, released_at=info.released_at))
        elif (magic_set.name, magic_set.released_at) != (info.name, info.released_at or magic_set.released_at):
            magic_set.name, magic_set.released_at = info.name, info.released_at or magic_set.released_at
            to_update.append(magic_set)
        elif created_now:
            created_now -= 1  # made by the writer in this load: already counted
        else:
            counts.unchanged += 1
    MagicSet.objects.bulk_create(to_create)
    MagicSet.objects.bulk_update(to_update, ["name", "released_at"])
    counts.created += len(to_create)
    counts.updated += len(to_update)
