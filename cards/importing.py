"""Importing a pasted or uploaded card list into a user's wishlist, in two steps.

`preview_import` parses the text and checks every line against the catalog without saving
anything; `confirm_import` does the same again from the same text (never from values the browser
posts back) and adds the lines that passed. Lines that fail are reported, not imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import transaction

from cards.listformats import FORMAT_NAMES, LineError, ParsedLine, parse_list
from cards.models import Card
from cards.validation import clean_name, resolve_card, set_code_for_name, validate_spec
from cards.wishlist import SpecValues, add_to_wishlist


@dataclass
class ImportRow:
    """A recognised line, the card and printing it resolved to, or why it can't be imported."""

    line: ParsedLine
    card: Card | None = None
    spec: SpecValues = SpecValues()
    problems: list[str] = field(default_factory=list)

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

    @property
    def importable(self) -> list[ImportRow]:
        return [row for row in self.rows if row.ok]

    @property
    def rejected(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.ok]

    @property
    def format_name(self) -> str:
        return FORMAT_NAMES[self.format]


def in_line_order(rows: list[ImportRow], errors: list[LineError]) -> list[ImportRow | LineError]:
    """Rows and lines not understood together, as they appear in the list."""
    return sorted([*rows, *errors], key=lambda entry: entry.line_no)


# Looking for a "did you mean" name costs tens of milliseconds; a pasted text that is not a card
# list at all would otherwise keep the request busy for a minute.
MAX_SUGGESTIONS = 25


def preview_import(text: str) -> ImportPreview:
    """Every line of `text` parsed and validated; nothing is saved."""
    parsed = parse_list(text)
    names = _ResolvedNames()
    rows = [_validated(line, names) for line in parsed.lines]
    return ImportPreview(rows=rows, errors=parsed.errors, format=parsed.format)


class _ResolvedNames:
    """Collection exports repeat a name once per printing; each name is resolved once."""

    def __init__(self) -> None:
        self.found: dict[str, Card | ValidationError] = {}
        self.suggestions = 0

    def resolve(self, name: str) -> Card | ValidationError:
        key = clean_name(name).casefold()
        if key not in self.found:
            try:
                self.found[key] = resolve_card(name, suggest=self.suggestions < MAX_SUGGESTIONS)
            except ValidationError as error:
                self.found[key] = error
                self.suggestions += 1
        return self.found[key]


@transaction.atomic
def confirm_import(user, text: str) -> ImportPreview:
    """Add every line of `text` that validates to `user`'s wishlist; quantities of cards already
    tracked are added to, and a printing already wanted is not wanted twice."""
    preview = preview_import(text)
    for row in preview.importable:
        specs = [row.spec] if row.spec != SpecValues() else []
        add_to_wishlist(user, row.card, row.line.quantity, specs)
    return preview


def _validated(line: ParsedLine, names: _ResolvedNames) -> ImportRow:
    card = names.resolve(line.name)
    if isinstance(card, ValidationError):
        return ImportRow(line, problems=card.messages)
    spec = SpecValues(line.set_code, line.collector_number, line.finish)
    try:
        if line.set_name and not line.set_code:
            spec = replace(spec, set_code=set_code_for_name(line.set_name, card))
        return ImportRow(line, card, validate_spec(card, spec))
    except ValidationError as error:
        return ImportRow(line, card, problems=error.messages)
