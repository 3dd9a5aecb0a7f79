"""A user's wishlist written out for other tools: Moxfield text, Moxfield CSV, TCGplayer Mass Entry.

One line per want (cards.wishlist.changes): a card wanted as 1 of any printing and 4 M10 foils is two lines,
"1 Lightning Bolt" and "4 Lightning Bolt (M10) 146 *F*", so the amounts add up to what is wanted.
The CSV says everything a want can say, and importing it with "make my list match this file" gives
the same list back. Moxfield text has no way to say "non-foil only" or a collector number without
a set: such a want is written as the nearest line the text can say (README, "Export and import").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from urllib.parse import quote

from cards.wishlist.changes import SpecValues, wants_of
from cards.wishlist.models import TrackedCard
from lgs_checker import spreadsheet

MOXFIELD_CSV_COLUMNS = [
    "Count", "Tradelist Count", "Name", "Edition", "Condition", "Language", "Foil", "Tags",
    "Last Modified", "Collector Number", "Alter", "Proxy", "Purchase Price",
]
TCGPLAYER_MASS_ENTRY = "https://www.tcgplayer.com/massentry?productline=Magic&c="
_FINISH_MARKERS = {"foil": " *F*", "etched": " *E*"}


def wishlist_of(user) -> list[TrackedCard]:
    tracked = TrackedCard.objects.filter(user=user).select_related("card").prefetch_related("specs")
    return list(tracked.order_by("card__name"))


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
