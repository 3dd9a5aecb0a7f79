"""Set codes for offers from stores that only name the set ("Magic 2010", not "M10").

A user's spec names a set by code; without this, a Crystal Commerce or TCGplayer Pro offer could
never match a spec with a set. The name-to-code rule itself is `MagicSet.codes_for_names`.
"""

from __future__ import annotations

from dataclasses import replace

from cards.catalog.models import MagicSet
from scrapers import Offer
from scrapers.games import MAGIC


def with_set_codes(offers: list[Offer], game: str = MAGIC) -> list[Offer]:
    """`offers` (of `game`), each named set given its code where the store left the code out (one
    query), from the sets of that game only."""
    named = {offer.set_name for offer in offers if offer.set_name and not offer.set_code}
    codes = MagicSet.codes_for_names(named, game=game)
    return [
        replace(offer, set_code=codes[offer.set_name].upper()) if not offer.set_code and offer.set_name in codes
        else offer
        for offer in offers
    ]
