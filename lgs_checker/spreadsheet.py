"""CSV a spreadsheet opens as data, never as formulas: every CSV the app writes goes through `writer`.

A store writes its own names, languages and links, and a spreadsheet runs a cell that starts with
`=`, `+`, `-` or `@` (and, in some, a tab or carriage return before one) as a formula:
`=HYPERLINK(...)` in a store's name would become a link in the player's buy plan. OWASP's rule
(CSV injection): such a cell is written with a `'` in front, which spreadsheets show as text and
do not display. Numbers the app writes are never negative, so no number is touched.

The prefix is reversible, so a file the app wrote reads back as it was (`read_cell`, which the
wishlist import applies to every cell): a cell that already starts with `'`s before a trigger
character gets one more on the way out, and exactly one is taken off on the way in. "+2 Mace" (a
real card) is exported as "'+2 Mace" and imported as "+2 Mace".
"""

from __future__ import annotations

import csv
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _needs_prefix(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_STARTS)


def safe_cell(value: Any) -> Any:
    """`value` as a CSV cell no spreadsheet runs: text starting like a formula gets a `'` in front."""
    if isinstance(value, str) and _needs_prefix(value):
        return "'" + value
    return value


def read_cell(text: str) -> str:
    """A cell as it was before `safe_cell` (a cell it did not change comes back as it is)."""
    if text.startswith("'") and _needs_prefix(text[1:]):
        return text[1:]
    return text


class _SafeWriter:
    """`csv.writer` with every cell through `safe_cell`."""

    def __init__(self, out, **options) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row) -> Any:
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def writer(out, **options) -> _SafeWriter:
    """A CSV writer on `out` (options as `csv.writer`'s) that writes no cell a spreadsheet runs."""
    return _SafeWriter(out, **options)
