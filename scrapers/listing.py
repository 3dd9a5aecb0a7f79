"""A store's whole listing, read by an inventory sync, and how a card is looked up in it.

A sync reads every listing page of a store (see `scrapers.sync`) into `ListedProduct`s: a listing
title, its set and its in-stock offers. The Django side keeps them in an index under a lookup key,
`card_key(title)`, and answers a check with `offers_for(card_name, listed)`, which filters with the
same `CardMatcher` every platform's search uses, so an answer from the index lists the offers a
search would have found.

The key is the first face of the title less its decorations ("Lightning Bolt [Magic 2010]" ->
"lightning bolt", "Fire // Ice" -> "fire"): every listing the matcher can accept for a card has
the searched name's first face there (`card_key` of the searched name), so the key narrows the
index to a handful of rows and the matcher decides. (The matcher also accepts a title whose
undecorated spelling matches while its decorated one does not; that needs a card named like a
decoration, and such listings are not indexed under the right key. None is known.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from scrapers import matching
from scrapers.offer import Offer

KEY_LENGTH = 200


@dataclass(frozen=True)
class ListedProduct:
    """One product on a listing page: what the matcher reads, and its in-stock offers."""

    title: str
    set_name: str
    offers: tuple[Offer, ...]
    # When the listing page holding it was read (set by `scrapers.sync`): an answer from the index
    # is as old as the page its offers came from.
    read_at: datetime | None = None

    @property
    def card_key(self) -> str:
        return card_key(self.title)


@dataclass(frozen=True)
class ListingPage:
    products: list[ListedProduct]  # those with at least one offer in stock
    has_next: bool


def card_key(name: str) -> str:
    """The index key of a listing title or a searched card name."""
    faces = matching.card_faces(matching.strip_decorations(name))
    return faces[0][:KEY_LENGTH] if faces else ""


def offers_for(card_name: str, listed: Iterable[ListedProduct]) -> list[Offer]:
    """In-stock offers for exactly `card_name` among listed products, cheapest first (as `search`)."""
    card = matching.CardMatcher(card_name)
    offers = [offer for product in listed if card.matches(product.title, product.set_name)
              for offer in product.offers if offer.in_stock]
    return sorted(offers, key=lambda offer: offer.price)
