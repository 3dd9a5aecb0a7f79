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

Bounds: a hostile or runaway store could say "more" for ever (one answered 250 products on every
page: 2,000 pages, 500,000 rows, 757 MB of worker memory). So a sync stops at `MAX_PAGES` pages and
at `max_products` products listed (the site's INVENTORY_MAX_PRODUCTS, 100,000 by default, four times
the biggest real store we know); past either it is an error that says so ("stopped at 100,000
products: the store lists more than this app indexes"), and the caller keeps its old index. Memory
stays flat: with `on_products`, each page's products are handed over as soon as the page is read
(the Django side writes them to a staging index) and not kept here, so a sync holds one page at a
time (at most the client's `max_bytes` of answer). The exception is a platform with a completer
(Crystal Commerce's collector numbers need every product of a card first): its products are kept
until the end, and the product cap bounds them.

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
MAX_PRODUCTS = 100_000  # products listed, in stock or not; the Django side passes its setting
ProductSink = Callable[[list[ListedProduct]], None]


def supports_sync(platform: str) -> bool:
    return platform in SYNC_PLATFORMS


@dataclass(frozen=True)
class SyncResult:
    status: str  # OK or ERROR
    products: list[ListedProduct] = field(default_factory=list)  # empty when they went to `on_products`
    pages: int = 0  # listing pages read (successfully)
    requests: int = 0  # every request sent, retries and product pages included
    reason: str = ""
    product_count: int = 0  # in-stock products found, wherever they went
    offer_count: int = 0

    @property
    def offers(self) -> int:
        return self.offer_count


def too_many_products(cap: int) -> str:
    return f"stopped at {cap:,} products: the store lists more than this app indexes"


class _TooMany(Exception):
    pass


class _SinkFailed(Exception):
    """`on_products` raised: the caller's own failure (its database), not the store's; re-raised as is."""


def read_inventory(
    store: StoreConfig, client: HttpClient | None = None, on_page: Callable[[int], None] | None = None, *,
    on_products: ProductSink | None = None, max_products: int = MAX_PRODUCTS,
) -> SyncResult:
    """Every in-stock product of the store's listing, of every game it sells; `on_page(n)` after each
    page read (n counts every page of the sync, across games). With `on_products`, the products go
    there page by page (ready for users: `offers_for_users` applied) instead of into the result."""
    reader = SYNC_PLATFORMS.get(store.platform)
    if reader is None:
        reason = f"{store.platform} stores have no listing to sync; search them card by card"
        return SyncResult(ERROR, reason=reason)
    client = client or default_client()
    completer = _COMPLETERS.get(store.platform)
    kept: list[ListedProduct] = []  # until the end: no sink, or a completer that needs them all
    counts = {"products": 0, "offers": 0, "listed": 0}

    def hand_over(products: list[ListedProduct]) -> None:
        ready = [replace(product, offers=tuple(offers_for_users(product.offers, store, product.game)))
                 for product in products]
        counts["products"] += len(ready)
        counts["offers"] += sum(len(product.offers) for product in ready)
        if on_products is None:
            kept.extend(ready)
        elif ready:
            try:
                on_products(ready)
            except Exception as exc:
                raise _SinkFailed from exc

    pages = 0
    where = "page 1"  # the page being read, for a failure's reason
    # As in a search: the store's configured addresses are trusted, redirects elsewhere are guarded.
    with client.count_requests() as counter, client.store_scope(store.trusted_urls()):
        try:
            for label, read in _listings(store, reader):
                number = 0
                while True:
                    if number >= MAX_PAGES:
                        raise _TooMany(f"stopped at {MAX_PAGES:,} pages: the store lists more than this app indexes")
                    where = f"{label}page {number + 1}"
                    listing = read(client, store, number + 1)
                    read_at = datetime.now(UTC)
                    number += 1
                    pages += 1
                    counts["listed"] += len(listing.products)
                    if counts["listed"] > max_products:
                        raise _TooMany(too_many_products(max_products))
                    page = [replace(product, read_at=read_at) for product in listing.products]
                    if completer is None:
                        hand_over(page)
                    else:
                        kept.extend(page)
                    if on_page is not None:
                        on_page(pages)
                    if not listing.has_next:
                        break
            if completer is not None:
                where = "collector numbers"
                completed, kept[:] = completer(client, store, kept), []
                hand_over(completed)
        except _TooMany as exc:
            return SyncResult(ERROR, pages=pages, requests=counter.count, reason=str(exc))
        except _SinkFailed as exc:
            assert exc.__cause__ is not None
            raise exc.__cause__ from None
        except ScraperError as exc:
            return SyncResult(ERROR, pages=pages, requests=counter.count, reason=f"{where}: {exc.reason}")
        except Exception:
            logger.exception("unexpected error syncing %s at %s", store.slug, where)
            return SyncResult(ERROR, pages=pages, requests=counter.count,
                              reason=f"{where}: the store returned a page we could not read")
    return SyncResult(OK, kept, pages=pages, requests=counter.count, product_count=counts["products"],
                      offer_count=counts["offers"])


def _listings(store: StoreConfig, reader: PageReader) -> list[tuple[str, PageReader]]:
    """The listings a sync reads, each with the label its failures carry: one per game the store sells
    on a per-game platform ("Pokémon page 2" when it sells more than one), else the one listing."""
    per_game = PER_GAME_PLATFORMS.get(store.platform)
    if per_game is None:
        return [("", reader)]
    sold = [game for game in store.games if game in GAMES] or [MAGIC]
    return [(f"{GAMES[game].short_name} " if len(sold) > 1 else "", partial(per_game, game=game)) for game in sold]
