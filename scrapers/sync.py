"""Inventory sync: read a store's whole singles listing, page by page, instead of card by card.

    result = read_inventory(store_config, client)   # never raises for store problems
    result.status, result.products, result.pages, result.reason

Platforms with a listing (`SYNC_PLATFORMS`): Shopify and BinderPOS (`/products.json`, 250 a page),
WooCommerce (the Store API, 100 a page) and Crystal Commerce (the singles category pages). Each
platform module reads one page (`read_catalog_page`) with the same product-to-offer code its
search uses; this module pages until the store says there is no more.

Every request goes through the shared `HttpClient`, so it is spaced by the store's rate limit (the
limiter books one slot per request, across worker processes on the Django side) and obeys
whatever else the client enforces (retries, pauses, robots.txt). A sync
of a big store therefore takes `pages / requests_per_second` seconds, spread out, not a burst.

Each product carries the time its page was read (`ListedProduct.read_at`, taken when the page's
answer arrived): a big store's listing is read over many minutes, and an answer from the index is
as old as the page it came from, not as the sync's end.

A sync is all or nothing: a page that fails (after the client's retries) ends it with status
`error`, the page number and the reason, and none of its products; the caller keeps the previous
index.

Games: a sync indexes every game the store sells (`StoreConfig.games`), each product carrying its
game (`ListedProduct.game`). Shopify, BinderPOS and WooCommerce list every game at once, and their
page readers file each product under its game (product types, categories); Crystal Commerce lists
each game in its own singles category, so it is read once per game, one listing after another
(`PER_GAME_PLATFORMS`). A game whose listing fails fails the sync, as any page does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial

from scrapers import binderpos, crystal_commerce, shopify, woocommerce
from scrapers.boundary import offers_for_users
from scrapers.errors import ScraperError
from scrapers.games import GAMES, MAGIC
from scrapers.http import HttpClient, default_client
from scrapers.listing import ListedProduct, ListingPage
from scrapers.result import ERROR, OK
from scrapers.store import StoreConfig

logger = logging.getLogger(__name__)

PageReader = Callable[[HttpClient, StoreConfig, int], ListingPage]
SYNC_PLATFORMS: dict[str, PageReader] = {
    "shopify": shopify.read_catalog_page,
    "binderpos": binderpos.read_catalog_page,
    "woocommerce": woocommerce.read_catalog_page,
    "crystal_commerce": crystal_commerce.read_catalog_page,
}
# Platforms whose listing is one per game: their reader takes the game (`read_catalog_page(…, game)`).
PER_GAME_PLATFORMS: dict[str, Callable[..., ListingPage]] = {"crystal_commerce": crystal_commerce.read_catalog_page}
# Work after the last page, where a platform's search does more than read result pages.
_COMPLETERS = {"crystal_commerce": crystal_commerce.complete_catalog}
# A hostile store could say "more" forever; 2,000 pages is 500,000 Shopify products.
MAX_PAGES = 2000


def supports_sync(platform: str) -> bool:
    return platform in SYNC_PLATFORMS


@dataclass(frozen=True)
class SyncResult:
    status: str  # OK or ERROR
    products: list[ListedProduct] = field(default_factory=list)
    pages: int = 0  # listing pages read (successfully)
    requests: int = 0  # every request sent, retries and product pages included
    reason: str = ""

    @property
    def offers(self) -> int:
        return sum(len(product.offers) for product in self.products)


def read_inventory(
    store: StoreConfig, client: HttpClient | None = None, on_page: Callable[[int], None] | None = None
) -> SyncResult:
    """Every in-stock product of the store's listing, of every game it sells; `on_page(n)` after each
    page read (n counts every page of the sync, across games)."""
    reader = SYNC_PLATFORMS.get(store.platform)
    if reader is None:
        reason = f"{store.platform} stores have no listing to sync; search them card by card"
        return SyncResult(ERROR, reason=reason)
    client = client or default_client()
    products: list[ListedProduct] = []
    pages = 0
    where = "page 1"  # the page being read, for a failure's reason
    # As in a search: the store's configured addresses are trusted, redirects elsewhere are guarded.
    with client.count_requests() as counter, client.store_scope(store.trusted_urls()):
        try:
            for label, read in _listings(store, reader):
                number = 0
                while number < MAX_PAGES:
                    where = f"{label}page {number + 1}"
                    listing = read(client, store, number + 1)
                    read_at = datetime.now(UTC)
                    number += 1
                    pages += 1
                    products.extend(replace(product, read_at=read_at) for product in listing.products)
                    if on_page is not None:
                        on_page(pages)
                    if not listing.has_next:
                        break
            completer = _COMPLETERS.get(store.platform)
            if completer is not None:
                where = "collector numbers"
                products = completer(client, store, products)
        except ScraperError as exc:
            return SyncResult(ERROR, pages=pages, requests=counter.count, reason=f"{where}: {exc.reason}")
        except Exception:
            logger.exception("unexpected error syncing %s at %s", store.slug, where)
            return SyncResult(ERROR, pages=pages, requests=counter.count,
                              reason=f"{where}: the store returned a page we could not read")
    products = [replace(product, offers=tuple(offers_for_users(product.offers, store, product.game)))
                for product in products]
    return SyncResult(OK, products, pages=pages, requests=counter.count)


def _listings(store: StoreConfig, reader: PageReader) -> list[tuple[str, PageReader]]:
    """The listings a sync reads, each with the label its failures carry: one per game the store sells
    on a per-game platform ("Pokémon page 2" when it sells more than one), else the one listing."""
    per_game = PER_GAME_PLATFORMS.get(store.platform)
    if per_game is None:
        return [("", reader)]
    sold = [game for game in store.games if game in GAMES] or [MAGIC]
    return [(f"{GAMES[game].short_name} " if len(sold) > 1 else "", partial(per_game, game=game)) for game in sold]
