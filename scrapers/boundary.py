"""The one way offers leave the library, whether a search or an inventory sync found them.

Store data is hostile: every offer is bounded and cleaned (`Offer.normalised`: web links only, text
cut to its column, an ISO 4217 currency), copies not in stock are dropped, the cheapest come first,
and Shopify-based stores' offers get their cart permalink. Offers of a game other than Magic are read
the game's way first (`game_offers.read_offer`: its finish words, its printing numbers in the title).
"""

from __future__ import annotations

from collections.abc import Iterable

from scrapers.cart import with_cart_links
from scrapers.game_offers import read_offer
from scrapers.games import MAGIC
from scrapers.offer import Offer
from scrapers.store import StoreConfig


def offers_for_users(offers: Iterable[Offer], store: StoreConfig, game: str = MAGIC) -> list[Offer]:
    kept = (clean for clean in (read_offer(offer, game).normalised(store.currency) for offer in offers) if clean)
    in_stock = sorted((offer for offer in kept if offer.in_stock), key=lambda offer: offer.price)
    return with_cart_links(in_stock, store.platform, store.base_url)
