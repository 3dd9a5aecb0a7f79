"""Never a silent "not in stock": what a results page said about the card, listing by listing.

A parser that finds the card listed but reads no copy of it has two honest answers: the listing says
it is sold out (no add-to-cart form and a "sold out" / "out of stock" mark, a `no-stock` row, an
`available: false` variant), or we could not read it (a theme we do not know, a price where we did
not look). Only the first is "not in stock". Each HTML platform counts its listings into a
`Readout` as it parses, and the search ends with `Readout.require_readable()`, which turns "the card
is listed, no copy was read, nothing says sold out" into a store error that says so:

    3 listings for Tarmogoyf could not be read

A readout adds up over every results page of one search. When some copies were read and another
listing of the card was not, the copies read are still the truth about those listings: the check
answers with them (a partial answer beats an error), and `unread` stays in the readout for
`manage.py check_store` to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrapers.errors import UnreadablePage


@dataclass
class Readout:
    """Listings of the searched card on the results pages read so far."""

    card_name: str
    named: int = 0  # listings that are the card (the matcher accepted their title)
    offered: int = 0  # of those, listings that gave at least one in-stock offer
    sold_out: int = 0  # of those, listings that say they have no copy
    offers: int = 0  # in-stock offers read from them

    def listing(self, *, offers: int, sold_out: bool) -> None:
        """Count one listing of the card: how many offers it gave, and whether it says sold out."""
        self.named += 1
        self.offers += offers
        if offers:
            self.offered += 1
        elif sold_out:
            self.sold_out += 1

    @property
    def unread(self) -> int:
        """Listings of the card that gave no offer and do not say they are sold out."""
        return self.named - self.offered - self.sold_out

    def add(self, other: Readout) -> None:
        """Fold another page's readout of the same search into this one."""
        self.named += other.named
        self.offered += other.offered
        self.sold_out += other.sold_out
        self.offers += other.offers

    def require_readable(self) -> None:
        """Raise `UnreadablePage` when the card is listed, no copy was read and nothing says sold out."""
        if self.offers == 0 and self.unread > 0:
            raise UnreadablePage(unread_reason(self.unread, self.card_name))


def unread_reason(count: int, card_name: str) -> str:
    listings = "listing" if count == 1 else "listings"
    return f"{count} {listings} for {card_name} could not be read"
