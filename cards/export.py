"""A user's wishlist written out for other tools: Moxfield text, Moxfield CSV, TCGplayer Mass Entry."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from urllib.parse import quote

from cards.models import TrackedCard
from cards.wishlist import SpecValues

MOXFIELD_CSV_COLUMNS = [
    "Count", "Tradelist Count", "Name", "Edition", "Condition", "Language", "Foil", "Tags",
    "Last Modified", "Collector Number", "Alter", "Proxy", "Purchase Price",
]
TCGPLAYER_MASS_ENTRY = "https://www.tcgplayer.com/massentry?productline=Magic&c="
_FINISH_MARKERS = {"foil": " *F*", "etched": " *E*"}


def wishlist_of(user) -> list[TrackedCard]:
    tracked = TrackedCard.objects.filter(user=user).select_related("card").prefetch_related("specs")
    return list(tracked.order_by("card__name"))


def _specs(tracked: TrackedCard) -> list[SpecValues]:
    """The wanted printings, or one blank spec (any printing) when none is named."""
    return [SpecValues.of(spec) for spec in tracked.specs.all()] or [SpecValues()]


def moxfield_line(amount: int, name: str, spec: SpecValues) -> str:
    """"4 Lightning Bolt (M10) 146 *F*"; parts the spec leaves open are left out."""
    line = f"{amount} {name}"
    if spec.set_code:
        line += f" ({spec.set_code.upper()})"
        if spec.collector_number:
            line += f" {spec.collector_number}"
    return line + _FINISH_MARKERS.get(spec.finish, "")


def moxfield_text(wishlist: Iterable[TrackedCard]) -> str:
    """One line per wanted printing; each line carries the whole amount wanted of the card."""
    lines = [moxfield_line(t.amount, t.card.name, spec) for t in wishlist for spec in _specs(t)]
    return "".join(f"{line}\n" for line in lines)


def moxfield_csv(wishlist: Iterable[TrackedCard]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(MOXFIELD_CSV_COLUMNS)
    for tracked in wishlist:
        for spec in _specs(tracked):
            writer.writerow([
                tracked.amount, 0, tracked.card.name, spec.set_code, "", "",
                spec.finish if spec.finish in _FINISH_MARKERS else "", "",
                tracked.updated_at.strftime("%Y-%m-%d %H:%M:%S.%f"), spec.collector_number,
                "False", "False", "",
            ])
    return out.getvalue()


def tcgplayer_mass_entry_url(wishlist: Iterable[TrackedCard]) -> str:
    """A link that opens TCGplayer's Mass Entry with the list filled in; one line per card."""
    lines = [f"{tracked.amount} {tracked.card.name}" for tracked in wishlist]
    return TCGPLAYER_MASS_ENTRY + "||".join(quote(line, safe="") for line in lines)
