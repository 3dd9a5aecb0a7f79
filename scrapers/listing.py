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

Games: every product carries its game (`scrapers.games`, Magic by default), and a lookup is for one
game: `card_key(name, game)`, `offers_for(card_name, listed, game)` (which keeps only that game's
products). A game whose players may search by card id (One Piece "OP01-016") keys an id search by
the id, so a listing is found under each of `card_keys(title, game)`: its name's key and one per id its
title states ("Nami - OP01-016 (Parallel)" -> "nami", "op01 016"). An index keeps one row per key;
for Magic there is only ever one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from scrapers import matching
from scrapers.games import MAGIC
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
    game: str = MAGIC  # the code of its game (`scrapers.games`)

    @property
    def card_key(self) -> str:
        return card_key(self.title, self.game)

    @property
    def card_keys(self) -> tuple[str, ...]:
        return card_keys(self.title, self.game)


@dataclass(frozen=True)
class ListingPage:
    products: list[ListedProduct]  # those with at least one offer in stock
    has_next: bool


def card_key(name: str, game: str = MAGIC) -> str:
    """The index key of a listing title or a searched card name (of a card id, for an id search)."""
    card_id = matching.searched_id(name, game)
    if card_id:
        return matching.normalize(card_id)[:KEY_LENGTH]
    faces = matching.card_faces(matching.strip_decorations(name, game))
    return faces[0][:KEY_LENGTH] if faces else ""


def card_keys(title: str, game: str = MAGIC) -> tuple[str, ...]:
    """Every key a listing is found under: its name's, then one per card id its title states."""
    keys = [card_key(title, game)]
    keys += sorted(matching.normalize(card_id)[:KEY_LENGTH] for card_id in matching.ids_in(title, game))
    return tuple(dict.fromkeys(key for key in keys if key))


def offers_for(card_name: str, listed: Iterable[ListedProduct], game: str = MAGIC) -> list[Offer]:
    """In-stock offers for exactly `card_name` (a card of `game`) among listed products, cheapest first
    (as `search`). Other games' products are never the card, whatever their title."""
    card = matching.CardMatcher(card_name, game)
    offers = [offer for product in listed if product.game == game and card.matches(product.title, product.set_name)
              for offer in product.offers if offer.in_stock]
    return sorted(offers, key=lambda offer: offer.price)
