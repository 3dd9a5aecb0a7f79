"""Importing a pasted or uploaded card list into a user's wishlist, in two steps and two modes.

`preview_import` parses the text and checks every line against the catalog without saving
anything, and says per line what the user's list will hold for that card afterwards;
`confirm_import` does the same again from the same text (never from values the browser posts back)
and saves it. Each line is a want: this many copies of this printing (cards.wishlist.changes).

- ADD ("add to my list"): each line's copies are added to the card's want of the same printing;
  lines that fail are reported, not imported, and the others are.
- MATCH ("make my list match this file"): afterwards the list holds exactly the file's cards,
  amounts and printings; cards not in the file are removed. Because it removes, it is refused while
  any line fails: a misspelt name must not cost the user the card they meant.

Lines of the same card and printing add up ("4 Bolt" twice is 8), as in a deck list.

A list is of one game (Magic unless told): its lines are read in that game's format
(`cards.wishlist.listformats.parse_list`) and resolved in that game's catalog, and match mode
removes only that game's cards: importing a Pokémon deck leaves the user's Magic cards alone. Where
a line names a printing, the printing decides the card and the name must agree with it ("Pikachu
PRE 28" is refused: PRE 28 is Pikachu ex); a One Piece card id is looked up, a Pokémon basic energy
by its type (docs/games.md, "List formats").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from cards.catalog.collector_numbers import same_collector_number
from cards.catalog.models import Card, Printing, search_key
from cards.catalog.validation import clean_name, resolve_card, set_code_for_name
from cards.wishlist.changes import (
    AmountError,
    SpecValues,
    Want,
    after_adding,
    check_wants,
    describe_wants,
    save_wants,
    wants_of,
)
from cards.wishlist.listformats import FORMAT_NAMES, GAME_FORMATS, LineError, ParsedLine, parse_list
from cards.wishlist.models import TrackedCard
from cards.wishlist.validation import validate_spec
from scrapers.games import GAMES, MAGIC

ADD, MATCH = "add", "match"
MODES = (ADD, MATCH)
# The games whose lists can be imported and exported: Magic's formats, and each other game's own.
LIST_GAMES = (MAGIC, *GAME_FORMATS)


@dataclass
class ImportRow:
    """A recognised line, the card and printing it resolved to, or why it can't be imported."""

    line: ParsedLine
    card: Card | None = None
    spec: SpecValues = SpecValues()
    problems: list[str] = field(default_factory=list)
    # What the user's list will hold for this card once imported, e.g. "5: 1 any printing, 4 M10 146 foil".
    after: str = ""

    @property
    def want(self) -> Want:
        return Want(self.spec, self.line.quantity)

    @property
    def ok(self) -> bool:
        return self.card is not None and not self.problems

    @property
    def line_no(self) -> int:
        return self.line.line_no


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    errors: list[LineError]
    format: str
    mode: str = ADD
    game: str = MAGIC
    # Match mode: the tracked cards the file does not name, which importing removes.
    removed: list[TrackedCard] = field(default_factory=list)
    # Per card, its wants once imported.
    outcome: dict[Card, list[Want]] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        """Every line understood and valid: the condition for match mode."""
        return not self.errors and not self.rejected

    @property
    def importable(self) -> list[ImportRow]:
        return [row for row in self.rows if row.ok]

    @property
    def rejected(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.ok]

    @property
    def format_name(self) -> str:
        return FORMAT_NAMES[self.format]

    @property
    def game_name(self) -> str:
        return GAMES[self.game].name


def in_line_order(rows: list[ImportRow], errors: list[LineError]) -> list[ImportRow | LineError]:
    """Rows and lines not understood together, as they appear in the list."""
    return sorted([*rows, *errors], key=lambda entry: entry.line_no)


# Looking for a "did you mean" name costs tens of milliseconds; a pasted text that is not a card
# list at all would otherwise keep the request busy for a minute.
MAX_SUGGESTIONS = 25


def preview_import(text: str, user=None, mode: str = ADD, game: str = MAGIC) -> ImportPreview:
    """Every line of `text` (a list of `game`'s cards) parsed and validated, and what `user`'s list
    becomes; nothing is saved."""
    if mode not in MODES:
        raise ValueError(f"unknown import mode {mode!r}")
    if game not in LIST_GAMES:
        raise ValueError(f"no list format for game {game!r} (one of {', '.join(LIST_GAMES)})")
    parsed = parse_list(text, game)
    names = _ResolvedNames(game)
    rows = [_validated(line, names) for line in parsed.lines]
    preview = ImportPreview(rows=rows, errors=parsed.errors, format=parsed.format, mode=mode, game=game)
    _work_out_outcome(preview, user)
    return preview


def _work_out_outcome(preview: ImportPreview, user) -> None:
    """Fill each row's `after`, the preview's `outcome` and, in match mode, `removed`."""
    tracked = {}
    if user is not None:
        owned = TrackedCard.objects.filter(user=user, card__game=preview.game)
        owned = owned.select_related("card").prefetch_related("specs")
        tracked = {t.card: t for t in owned}
    by_card: dict[Card, list[ImportRow]] = defaultdict(list)
    for row in preview.importable:
        by_card[row.card].append(row)
    for card, rows in by_card.items():
        current = wants_of(tracked[card]) if card in tracked and preview.mode == ADD else []
        outcome = after_adding(current, [row.want for row in rows])
        try:
            check_wants(outcome, card.name)
        except AmountError as error:
            for row in rows:
                row.problems.extend(error.messages)
            continue
        preview.outcome[card] = outcome
        for row in rows:
            row.after = describe_wants(outcome)
    if preview.mode == MATCH:
        named = {row.card for row in preview.rows if row.card is not None}
        preview.removed = [t for card, t in sorted(tracked.items(), key=lambda i: i[0].name) if card not in named]


class _ResolvedNames:
    """Collection exports repeat a name once per printing; each name is resolved once, in the
    list's game."""

    def __init__(self, game: str = MAGIC) -> None:
        self.game = game
        self.found: dict[str, Card | ValidationError] = {}
        self.suggestions = 0

    def resolve(self, name: str) -> Card | ValidationError:
        key = clean_name(name).casefold()
        if key not in self.found:
            try:
                suggest = self.suggestions < MAX_SUGGESTIONS
                self.found[key] = resolve_card(name, suggest=suggest, game=self.game)
            except ValidationError as error:
                self.found[key] = error
                self.suggestions += 1
        return self.found[key]


class MatchRefused(Exception):
    """Match mode with lines that fail: nothing was changed."""


@transaction.atomic
def confirm_import(user, text: str, mode: str = ADD, game: str = MAGIC) -> ImportPreview:
    """Save what `preview_import` showed for `text` in `mode` (see the module's docstring)."""
    # Locked first, so the list the preview starts from is the one saved over.
    owned = {t.card_id: t for t in TrackedCard.objects.select_for_update().filter(user=user)}
    preview = preview_import(text, user, mode, game)
    if mode == MATCH and not preview.clean:
        raise MatchRefused("fix or remove the lines that cannot be imported first; nothing was changed")
    for card, wants in preview.outcome.items():
        tracked = owned.get(card.pk) or TrackedCard(user=user, card=card)
        save_wants(tracked, wants)
    for tracked in preview.removed:
        tracked.delete()
    return preview


def _validated(line: ParsedLine, names: _ResolvedNames) -> ImportRow:
    if line.card_id:
        return _by_card_id(line, names.game)
    if line.energy:
        return _basic_energy(line, names.game)
    card = _card_of_printing(line, names.game) or names.resolve(line.name)
    if isinstance(card, ValidationError):
        return ImportRow(line, problems=card.messages)
    spec = SpecValues(line.set_code, line.collector_number, line.finish)
    try:
        if line.set_name and not line.set_code:
            spec = replace(spec, set_code=set_code_for_name(line.set_name, card))
        return ImportRow(line, card, validate_spec(card, spec))
    except ValidationError as error:
        return ImportRow(line, card, problems=error.messages)


def _card_of_printing(line: ParsedLine, game: str) -> Card | ValidationError | None:
    """The card a game's set code and number name (Pokémon's "OBF 125"), refused when the line's
    name is another card's; None when the line names no printing or the catalog has no such one
    (the name then decides, and the printing is checked against it as for Magic)."""
    if game == MAGIC or not (line.set_code and line.collector_number):
        return None
    number = line.collector_number
    in_set = Printing.objects.filter(
        Q(collector_number__iexact=number) | Q(collector_number__iexact=number.lstrip("0")),
        card__game=game, magic_set__game=game, magic_set__code=line.set_code,
    )
    in_set = in_set.select_related("card")
    printings = [p for p in in_set if same_collector_number(p.collector_number, number)]
    if not printings:
        return None
    card = printings[0].card
    if card.search_name != search_key(clean_name(line.name)):
        printing = f"{line.set_code.upper()} {printings[0].collector_number}"
        return ValidationError(f'{printing} is "{card.name}", not "{clean_name(line.name)}"')
    return card


def _by_card_id(line: ParsedLine, game: str) -> ImportRow:
    """A One Piece line by card id: the id names the card and its printing; a name beside it must
    be that card's."""
    printing = (
        Printing.objects.filter(card__game=game, collector_number__iexact=line.card_id)
        .select_related("card", "magic_set").order_by("treatment", "pk").first()
    )
    if printing is None:
        return ImportRow(line, problems=[f'no card with the id "{line.card_id}"'])
    card = printing.card
    if line.name and card.search_name != search_key(clean_name(line.name)):
        return ImportRow(line, problems=[f'{line.card_id} is "{card.name}", not "{clean_name(line.name)}"'])
    return ImportRow(line, card, SpecValues(printing.magic_set.code, printing.collector_number))


def _basic_energy(line: ParsedLine, game: str) -> ImportRow:
    """A Pokémon basic energy line, matched by its type: sets since Scarlet & Violet call it "Basic
    Fire Energy", older ones "Fire Energy"; any printing of it will do."""
    names = [f"Basic {line.energy} Energy", f"{line.energy} Energy"]
    found = Card.objects.filter(game=game, search_name__in=[search_key(name) for name in names])
    cards = {card.search_name: card for card in found}
    card = next((cards[search_key(name)] for name in names if search_key(name) in cards), None)
    if card is None:
        return ImportRow(line, problems=[f"no basic {line.energy} Energy in the catalog"])
    return ImportRow(line, card)
