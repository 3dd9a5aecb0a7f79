"""Loading Scryfall's card data into the catalog: sets, cards and their printings.

Scryfall's `default_cards` bulk file is one JSON array of about half a gigabyte, so it is read as a
stream (ijson) and written in batches: memory stays flat however big the file grows. Each batch is
compared with the rows already stored, so a second load of the same file writes nothing and
reports every row unchanged. Nothing is ever deleted: a tracked card must not vanish because a
download was cut short.
"""

from __future__ import annotations

import datetime
import gzip
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import ijson
import requests
from django.db import reset_queries, transaction
from django.db.models import Q

from cards.catalog.models import Card, MagicSet, Printing, search_key
from scrapers.games import MAGIC
from scrapers.vocabulary import FINISHES

# The sample catalog shipped with the code, in cards/data/ (made by cards/data/make_sample_catalog.py).
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
SAMPLE_CARDS = DATA_DIR / "sample-default-cards.json"
SAMPLE_SETS = DATA_DIR / "sample-sets.json"

# Scryfall asks API clients to say who they are.
USER_AGENT = "LGSStockChecker/0.1 (catalog loader)"
BATCH_SIZE = 1000
# Objects in default_cards that are not cards a player hunts for in a store, and whose names would
# clash with or duplicate real cards ("Glissa Sunslayer // Glissa Sunslayer" art cards, tokens).
SKIPPED_LAYOUTS = frozenset({"token", "double_faced_token", "emblem", "art_series"})

Progress = Callable[[int, int, int | None], None]
"""Called after each batch with (printings read, bytes read, total bytes or None)."""


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class LoadReport:
    """What a load did, per kind of row."""

    sets: Counts = field(default_factory=Counts)
    cards: Counts = field(default_factory=Counts)
    printings: Counts = field(default_factory=Counts)
    # Digital-only, not sold on paper, tokens and art cards, or missing a name, set or number.
    skipped: int = 0

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in (self.sets, self.cards, self.printings))

    def lines(self) -> list[str]:
        return [
            f"sets: {self.sets}",
            f"cards: {self.cards}",
            f"printings: {self.printings}",
            f"skipped: {self.skipped} (digital, not paper, tokens and art cards, incomplete)",
        ]

    def __str__(self) -> str:
        return "; ".join(self.lines())


@dataclass(frozen=True)
class ScryfallPrinting:
    """The fields of one Scryfall card object the catalog keeps."""

    name: str
    front_face_name: str
    layout: str
    set_code: str
    set_name: str
    released_at: datetime.date | None
    collector_number: str
    finishes: tuple[str, ...]
    # What the other games' loaders fill (cards/catalog/games.py); Scryfall's loader leaves them blank.
    rarity: str = ""
    treatment: str = ""
    kind: str = ""


# The row every game's loader writes: the writer below is the same for all of them.
CatalogPrinting = ScryfallPrinting


def printing_from_scryfall(data: dict) -> ScryfallPrinting | None:
    """The printing in a Scryfall card object, or None when the catalog skips it."""
    if data.get("digital") or "paper" not in data.get("games", ["paper"]):
        return None
    layout = data.get("layout") or ""
    name, set_code, number = data.get("name"), data.get("set"), data.get("collector_number")
    if layout in SKIPPED_LAYOUTS or not (name and set_code and number):
        return None
    faces = [face.get("name", "") for face in data.get("card_faces") or []]
    if layout == "reversible_card" and faces:
        # Scryfall names these "X // X": one card printed twice, not a two-faced card.
        name = faces[0]
        faces = []
    finishes = set(data.get("finishes") or [])
    return ScryfallPrinting(
        name=name,
        front_face_name=faces[0] if faces else _front_face(name),
        layout=layout,
        set_code=set_code.lower(),
        set_name=data.get("set_name") or set_code.upper(),
        released_at=_date(data.get("released_at")),
        collector_number=str(number),
        finishes=tuple(finish for finish in FINISHES if finish in finishes),
    )


def _front_face(name: str) -> str:
    # The rule Card.save() applies; bulk_create skips save(), so it is applied here too.
    return name.split(" // ")[0] if " // " in name else ""


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@contextmanager
def open_source(location: str | Path) -> Iterator[tuple[BinaryIO, int | None]]:
    """A binary stream of a local file (plain or .gz) or a URL, with its size when known."""
    location = str(location)
    if location.startswith(("http://", "https://")):
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        with requests.get(location, stream=True, timeout=60, headers=headers) as response:
            response.raise_for_status()
            response.raw.decode_content = True
            # Content-Length counts compressed bytes when the body is encoded: no percentage then.
            encoded = response.headers.get("Content-Encoding")
            size = response.headers.get("Content-Length")
            yield response.raw, int(size) if size and not encoded else None
        return
    path = Path(location)
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as stream:
            yield stream, None
        return
    with path.open("rb") as stream:
        yield stream, path.stat().st_size


class _CountingReader:
    """Counts the bytes the JSON parser has pulled, for the progress line."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.bytes_read = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.bytes_read += len(chunk)
        return chunk


def load_sets(stream: BinaryIO) -> Counts:
    """Create or update sets from Scryfall's set list (`{"data": [{code, name, ...}]}`)."""
    counts = Counts()
    existing = {magic_set.code: magic_set for magic_set in MagicSet.objects.filter(game=MAGIC)}
    to_create: list[MagicSet] = []
    to_update: list[MagicSet] = []
    for data in ijson.items(stream, "data.item"):
        code = (data.get("code") or "").lower()
        if not code or data.get("digital"):
            continue
        values = {
            "name": data.get("name") or code.upper(),
            "released_at": _date(data.get("released_at")),
            "set_type": data.get("set_type") or "",
        }
        magic_set = existing.get(code)
        if magic_set is None:
            magic_set = existing[code] = MagicSet(code=code, **values)
            to_create.append(magic_set)
        elif any(getattr(magic_set, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(magic_set, key, value)
            to_update.append(magic_set)
        else:
            counts.unchanged += 1
    with transaction.atomic():
        MagicSet.objects.bulk_create(to_create)
        MagicSet.objects.bulk_update(to_update, ["name", "released_at", "set_type"])
    counts.created, counts.updated = len(to_create), len(to_update)
    return counts


def load_printings(stream: BinaryIO, progress: Progress | None = None, size: int | None = None) -> LoadReport:
    """Create or update the cards and printings in a `default_cards` JSON array."""
    report = LoadReport()
    writer = _CatalogWriter(report)
    reader = _CountingReader(stream)
    batch: list[ScryfallPrinting] = []
    read = 0
    for data in ijson.items(reader, "item", use_float=True):
        read += 1
        printing = printing_from_scryfall(data)
        if printing is None:
            report.skipped += 1
            continue
        batch.append(printing)
        if len(batch) >= BATCH_SIZE:
            writer.write(batch)
            batch = []
            if progress:
                progress(read, reader.bytes_read, size)
    if batch:
        writer.write(batch)
    if progress:
        progress(read, reader.bytes_read, size)
    return report


def load_catalog(
    cards: str | Path = SAMPLE_CARDS, sets: str | Path | None = SAMPLE_SETS, progress: Progress | None = None
) -> LoadReport:
    """Load a set list (optional) and a default_cards file, each a path or a URL."""
    set_counts = Counts()
    if sets:
        with open_source(sets) as (stream, _size):
            set_counts = load_sets(stream)
    with open_source(cards) as (stream, size):
        report = load_printings(stream, progress, size)
    # Sets the list lacked were created from the printings; they count with the rest.
    report.sets.created += set_counts.created
    report.sets.updated += set_counts.updated
    report.sets.unchanged += set_counts.unchanged
    return report


class _CatalogWriter:
    """Writes batches of one game's printings, remembering across batches what this load already settled."""

    def __init__(self, report: LoadReport, game: str = MAGIC) -> None:
        self.report = report
        self.game = game
        self.set_ids: dict[str, int] = dict(MagicSet.objects.filter(game=game).values_list("code", "id"))
        # Name -> id of every card this load has written or checked: a card's first printing in
        # the file decides its layout, so a later printing can't flip it back and forth each run.
        self.card_ids: dict[str, int] = {}
        # Printings this load has written or checked: when two files of one load describe the same
        # printing (Lorcana's per-set file and allCards), the first decides, so a re-run is a no-op.
        self.printings_seen: set[tuple[int, str, str]] = set()

    def write(self, batch: list[ScryfallPrinting]) -> None:
        with transaction.atomic():
            self._create_missing_sets(batch)
            self._write_cards(batch)
            self._write_printings(batch)
        # With DEBUG on, Django keeps every query's SQL; on a 100k-printing load that alone would
        # grow by hundreds of megabytes.
        reset_queries()

    def _create_missing_sets(self, batch: list[ScryfallPrinting]) -> None:
        """Sets missing from the set list (or without one) are made from what the printings say."""
        missing: dict[str, MagicSet] = {}
        for p in batch:
            if p.set_code not in self.set_ids and p.set_code not in missing:
                missing[p.set_code] = MagicSet(
                    game=self.game, code=p.set_code, name=p.set_name, released_at=p.released_at
                )
        if missing:
            for magic_set in MagicSet.objects.bulk_create(missing.values()):
                self.set_ids[magic_set.code] = magic_set.pk
            self.report.sets.created += len(missing)

    def _write_cards(self, batch: list[ScryfallPrinting]) -> None:
        wanted: dict[str, ScryfallPrinting] = {}
        for p in batch:
            if p.name not in self.card_ids:
                wanted.setdefault(p.name, p)
        if not wanted:
            return
        existing = {card.name: card for card in Card.objects.filter(game=self.game, name__in=list(wanted))}
        to_create: list[Card] = []
        to_update: list[Card] = []
        for name, p in wanted.items():
            card = existing.get(name)
            if card is None:
                new_card = Card(game=self.game, name=name, search_name=search_key(name))
                new_card.front_face_name, new_card.layout, new_card.kind = p.front_face_name, p.layout, p.kind
                to_create.append(new_card)
            elif (card.front_face_name, card.layout, card.kind) != (p.front_face_name, p.layout, p.kind):
                card.front_face_name, card.layout, card.kind = p.front_face_name, p.layout, p.kind
                to_update.append(card)
            else:
                self.report.cards.unchanged += 1
        Card.objects.bulk_create(to_create)
        Card.objects.bulk_update(to_update, ["front_face_name", "layout", "kind"])
        self.report.cards.created += len(to_create)
        self.report.cards.updated += len(to_update)
        for card in [*existing.values(), *to_create]:
            self.card_ids[card.name] = card.pk

    def _write_printings(self, batch: list[ScryfallPrinting]) -> None:
        wanted: dict[tuple[int, str, str], ScryfallPrinting] = {}
        for p in batch:
            key = (self.set_ids[p.set_code], p.collector_number, p.treatment)
            if key in self.printings_seen:
                continue
            wanted.setdefault(key, p)
        self.printings_seen.update(wanted)
        existing = self._existing_printings(wanted)
        to_create: list[Printing] = []
        to_update: list[Printing] = []
        for (set_id, number, treatment), p in wanted.items():
            card_id, finishes = self.card_ids[p.name], list(p.finishes)
            printing = existing.get((set_id, number, treatment))
            if printing is None:
                to_create.append(
                    Printing(card_id=card_id, magic_set_id=set_id, collector_number=number, finishes=finishes,
                             rarity=p.rarity, treatment=treatment)
                )
            elif (printing.card_id, printing.finishes, printing.rarity) != (card_id, finishes, p.rarity):
                printing.card_id, printing.finishes, printing.rarity = card_id, finishes, p.rarity
                to_update.append(printing)
            else:
                self.report.printings.unchanged += 1
        Printing.objects.bulk_create(to_create)
        Printing.objects.bulk_update(to_update, ["card", "finishes", "rarity"])
        self.report.printings.created += len(to_create)
        self.report.printings.updated += len(to_update)

    def _existing_printings(
        self, wanted: dict[tuple[int, str, str], ScryfallPrinting]
    ) -> dict[tuple[int, str, str], Printing]:
        numbers_by_set: dict[int, list[str]] = {}
        for set_id, number, _treatment in wanted:
            numbers_by_set.setdefault(set_id, []).append(number)
        found: dict[tuple[int, str, str], Printing] = {}
        set_ids = list(numbers_by_set)
        # One OR'd condition per set; SQLite refuses expressions nested much deeper than this.
        for start in range(0, len(set_ids), 100):
            query = Q()
            for set_id in set_ids[start : start + 100]:
                query |= Q(magic_set_id=set_id, collector_number__in=numbers_by_set[set_id])
            fields = ["card_id", "magic_set_id", "collector_number", "finishes", "rarity", "treatment"]
            for printing in Printing.objects.filter(query).only(*fields):
                found[(printing.magic_set_id, printing.collector_number, printing.treatment)] = printing
        return found
