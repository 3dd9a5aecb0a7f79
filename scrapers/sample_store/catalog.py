"""The sample store's whole catalog, for inventory sync: the sample cards, thousands of fillers, and the
other games' cards.

Real stores list tens of thousands of singles; a sync reads them all, page by page. The fillers
are generated deterministically (a fixed seed), so every run and every test sees the same
products, and their made-up names never contain a sample card's name, so a search and a sync
answer the sample cards identically.

Listing paths served (see `routes.py`):
- Shopify and BinderPOS: `GET /products.json?limit=250&page=N` (`{"products": [...]}`; an empty
  list past the last page), one product per printing as `products/<handle>.js` shows it, with
  `product_type` and dollar-string prices as in the real endpoint.
- WooCommerce: the Store API products path without `search=`, `per_page` up to 100, with
  `X-WP-Total` / `X-WP-TotalPages` headers.
- Crystal Commerce: `GET /catalog/magic_singles/8?page=N`, CATEGORY_PAGE_SIZE products a page,
  the same product grid as search, with a `next_page` link while more follow: the Magic singles
  (the sample cards and the fillers). Each other game has its own singles category
  (`CATEGORY_PATHS`), as real Crystal Commerce stores file them, linked from the home page.
The other games' cards come last in the Shopify and WooCommerce listings, which list every game.
"""

from __future__ import annotations

import functools
import math
import random
from decimal import Decimal
from typing import Any

from scrapers.sample_store import pages_json, themes_crystal
from scrapers.sample_store.inventory import OTHER_GAMES, SAMPLE_CARDS, Printing, Stock

FILLER_COUNT = 2400
CATEGORY_PATH = "/catalog/magic_singles/8"
# Each game's singles category (Magic's is CATEGORY_PATH); the slugs are the store's own.
CATEGORY_PATHS = {
    "magic": CATEGORY_PATH, "pokemon": "/catalog/pokemon_singles/226", "lorcana": "/catalog/lorcana_singles/231",
    "onepiece": "/catalog/one_piece_singles/236",
}
CATEGORY_PAGE_SIZE = 100
SHOPIFY_MAX_LIMIT = 250
WOOCOMMERCE_MAX_PER_PAGE = 100

_FIRST = ("Aether", "Briar", "Cinder", "Dusk", "Ember", "Frost", "Gloom", "Hollow", "Iron", "Jade", "Kestrel",
          "Lumen", "Mire", "Nettle", "Onyx", "Pyre", "Quill", "Rune", "Shale", "Thorn", "Umbral", "Vesper",
          "Wisp", "Yew", "Zephyr")
_SECOND = ("Adept", "Behemoth", "Chorus", "Drake", "Envoy", "Familiar", "Golem", "Herald", "Invoker",
           "Juggernaut", "Keeper", "Lancer", "Marauder", "Nomad", "Oracle", "Pilgrim", "Revenant", "Sentinel",
           "Tactician", "Usurper", "Vanguard", "Warden")
_SETS = (("Dominaria", "DOM"), ("Ixalan", "XLN"), ("Kaladesh", "KLD"), ("Theros", "THS"), ("Zendikar", "ZEN"),
         ("Innistrad", "ISD"), ("Eldraine", "ELD"), ("Kamigawa", "NEO"))
_CONDITIONS = ("NM", "NM", "NM", "LP", "MP", "HP")


@functools.cache
def fillers() -> tuple[Printing, ...]:
    """FILLER_COUNT made-up printings, some sold out, ids after the sample inventory's."""
    rng = random.Random(14)
    first_id = max(p.id for p in SAMPLE_CARDS) + 1
    names = [f"{a} {b}" for a in _FIRST for b in _SECOND]
    printings = []
    for index in range(FILLER_COUNT):
        name = names[index % len(names)]
        if index >= len(names):
            name = f"{name} of the {_FIRST[index // len(names) % len(_FIRST)]}"
        set_name, set_code = _SETS[index % len(_SETS)]
        stock = tuple(
            Stock(rng.choice(_CONDITIONS), "foil" if rng.random() < 0.2 else "nonfoil",
                  rng.choice((0, 1, 1, 2, 4)), Decimal(rng.randint(10, 2000)) / 100)
            for _ in range(rng.choice((1, 1, 2)))
        )
        # One row per (condition, finish), as stores list them.
        unique = tuple({(s.condition, s.finish): s for s in stock}.values())
        printings.append(Printing(first_id + index, name, set_name, set_code, str(index % 300 + 1), unique))
    return tuple(printings)


def catalog() -> tuple[Printing, ...]:
    """Everything the store lists, in listing order: the sample cards first, then the fillers, then
    the other games' cards."""
    return SAMPLE_CARDS + fillers() + OTHER_GAMES


def singles_of(game: str) -> tuple[Printing, ...]:
    """What a game's singles category lists: Magic's, the sample cards (their decoy from another
    game included, as stores misfile) and the fillers; another game's, its cards."""
    if game == "magic":
        return SAMPLE_CARDS + fillers()
    return tuple(printing for printing in OTHER_GAMES if printing.game == game)


# -- per platform ---------------------------------------------------------------------------------

def shopify_products_page(page: int, limit: int) -> dict[str, Any]:
    limit = max(1, min(limit, SHOPIFY_MAX_LIMIT))
    start = (max(page, 1) - 1) * limit
    return {"products": [_shopify_listing_product(p) for p in catalog()[start : start + limit]]}


def shopify_endless_page(page: int, limit: int) -> dict[str, Any]:
    """A full page at every page number (a listing that never ends): the catalog over and over, each
    round's products with handles and ids of their own, as a runaway store's would be."""
    limit = max(1, min(limit, SHOPIFY_MAX_LIMIT))
    printings = catalog()
    start = (max(page, 1) - 1) * limit
    products = []
    for index in range(start, start + limit):
        product = _shopify_listing_product(printings[index % len(printings)])
        round_ = index // len(printings)
        if round_:
            product = {**product, "id": product["id"] + round_ * 10_000_000, "handle": f"{product['handle']}-{round_}"}
        products.append(product)
    return {"products": products}


def _shopify_listing_product(printing: Printing) -> dict[str, Any]:
    """`products.json` differs from `products/<handle>.js`: `product_type`, dollar-string prices."""
    product = pages_json.shopify_product(printing)
    variants = [{**variant, "price": f"{Decimal(variant['price']) / 100:.2f}"}
                for variant in product["variants"]]
    return {**product, "product_type": product.pop("type"), "variants": variants}


@functools.cache
def _woocommerce_rows() -> tuple[tuple[Printing, Stock], ...]:
    return tuple(pages_json.woocommerce_rows(list(catalog())))


def woocommerce_products_page(
    page: int, per_page: int, site_url: str
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """One page of products and the headers saying how many there are."""
    rows = _woocommerce_rows()
    per_page = max(1, min(per_page, WOOCOMMERCE_MAX_PER_PAGE))
    start = (max(page, 1) - 1) * per_page
    products = [pages_json.woocommerce_product(p, s, p.stock.index(s), site_url)
                for p, s in rows[start : start + per_page]]
    headers = {"X-WP-Total": str(len(rows)), "X-WP-TotalPages": str(max(1, math.ceil(len(rows) / per_page)))}
    return products, headers


@functools.cache
def _crystal_commerce_products(theme: str, game: str) -> tuple[themes_crystal.Listing, ...]:
    return tuple(themes_crystal.listings(theme, list(singles_of(game))))


def crystal_commerce_category_page(page: int, site: str, theme: str = "default", game: str = "magic") -> str:
    products = _crystal_commerce_products(theme, game)
    start = (max(page, 1) - 1) * CATEGORY_PAGE_SIZE
    items = list(products[start : start + CATEGORY_PAGE_SIZE])
    has_next = start + CATEGORY_PAGE_SIZE < len(products)
    return themes_crystal.category_page(theme, items, page, has_next, site)
