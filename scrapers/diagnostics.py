"""An optional tally the searches fill while a store is being diagnosed: products seen and matched.

Each platform's search loop calls `tally(seen=…, matched=…)` once per results page it read, with
the counts its pure parser returned ("seen": every product listed, other cards included;
"matched": products that are the card, in stock or not). The call does nothing unless
`scrapers.probe.diagnose()` opened a tally in this context, so the parsers stay pure and searches
outside a diagnosis pay nothing. Detail requests (a product's variants, collector numbers) are not
counted: they read products already counted. The counts tell an admin "the page listed 12 products
and none was the card" (not carried), "the card is listed with no copy" (sold out) and "no page
was recognised" (the theme changed) apart.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass
class ParserTally:
    products_seen: int = 0
    products_matched: int = 0
    reported: bool = False  # False: this platform's parser does not report counts


_current: contextvars.ContextVar[ParserTally | None] = contextvars.ContextVar("parser_tally", default=None)


def tally(*, seen: int = 0, matched: int = 0) -> None:
    """Add one page's counts to the open tally, if any."""
    current = _current.get()
    if current is not None:
        current.products_seen += seen
        current.products_matched += matched
        current.reported = True


@contextlib.contextmanager
def open_tally() -> Iterator[ParserTally]:
    counts = ParserTally()
    token = _current.set(counts)
    try:
        yield counts
    finally:
        _current.reset(token)
