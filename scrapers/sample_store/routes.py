"""What the sample store answers on each platform's paths (faults aside; see server.py).

Every platform sells every sample game (`inventory.SAMPLE_GAMES`) and filters by game where the real
one does: the BinderPOS API by its `game`, TCGplayer Pro by the product line asked, Conduct by the
product type id, Crystal Commerce's category pages by category (its search, like the real one,
answers every game). Asked for Magic they answer as they always did, other games' same-named
decoys included, so the scrapers' own filters stay tested.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qs

from scrapers.sample_store import catalog, inventory, pages_html, pages_json, shelves
from scrapers.sample_store import themes_binderpos, themes_crystal
from scrapers.sample_store.inventory import Printing

SHOP_DOMAIN = "sample-games.myshopify.com"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # below the platform prefix, e.g. "/products/search"
    query: dict[str, list[str]]
    body: bytes
    headers: dict[str, str]
    site_url: str  # the platform's base URL on this server
    site_path: str  # its path prefix, e.g. "/crystal_commerce": root-relative links need it
    host: str  # "127.0.0.1:PORT"
    page_size: int
    theme: str = ""  # the theme the platform's store wears (Crystal Commerce: themes_crystal.THEMES)

    def arg(self, name: str, default: str = "") -> str:
        return self.query.get(name, [default])[0]

    def int_arg(self, name: str, default: int) -> int:
        try:
            return int(self.arg(name, str(default)))
        except ValueError:
            return default

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None


def html(text: str, status: int = 200) -> Reply:
    return Reply(status, text.encode("utf-8"))


def as_json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, json.dumps(data).encode(), "application/json; charset=utf-8", headers or {})


NOT_FOUND = Reply(404, b"<html><body><h1>404 Not Found</h1></body></html>")


def _paged(items: list[Any], page: int, size: int) -> tuple[list[Any], bool]:
    start = (max(page, 1) - 1) * size
    return items[start : start + size], start + size < len(items)


def _magic_in_stock(printings: list[Printing]) -> list[Printing]:
    return [p for p in printings if p.in_stock]


def _of_game(printings: list[Printing], game: str | None) -> list[Printing]:
    """A platform's answer for a game: Magic's as it always was (every game's products with the words,
    for the parser to filter), another game's only its own products, an unknown one's nothing."""
    if game == "magic":
        return printings
    return [p for p in printings if p.game == game] if game else []


# -- per platform ---------------------------------------------------------------------------------

def crystal_commerce(request: Request) -> Reply:
    theme = request.theme or "default"
    if request.path == "/products/search":
        query = request.arg("q")
        results = inventory.search(query)
        if request.arg("c") not in ("", "1"):
            results = []
        products = themes_crystal.listings(theme, results)
        page = request.int_arg("page", 1)
        page_items, has_next = _paged(products, page, request.page_size)
        return html(themes_crystal.search_page(theme, page_items, page, has_next, query, request.site_path))
    game = next((game for game, path in catalog.CATEGORY_PATHS.items() if path == request.path), None)
    if game is not None:
        return html(catalog.crystal_commerce_category_page(request.int_arg("page", 1), request.site_path, theme, game))
    if request.path.startswith("/catalog/"):
        last = request.path.rstrip("/").rsplit("/", 1)[-1]
        found = inventory.from_product_id(int(last)) if last.isdigit() else None
        return html(pages_html.cc_product_page(*found, site=request.site_path)) if found else NOT_FOUND
    return NOT_FOUND


def cart_permalink(request: Request, schemes: list[tuple[int, int]]) -> Reply:
    """`/cart/<variant>:<qty>,…`, Shopify's cart permalink: the cart page with those lines in it.
    `schemes` are the (base, step) numberings of this platform's variant ids (inventory.by_variant)."""
    lines = []
    for part in request.path.removeprefix("/cart/").split(","):
        variant, _, quantity = part.partition(":")
        if not variant.isdigit() or not quantity.isdigit():
            return html("<html><body><h1>Cart link not understood</h1></body></html>", 400)
        found = next((hit for base, step in schemes if (hit := inventory.by_variant(int(variant), base, step))), None)
        lines.append((variant, int(quantity), *(found or (None, None))))
    return html(pages_html.cart_page(lines))


def shopify(request: Request) -> Reply:
    if request.path.startswith("/cart/"):
        return cart_permalink(request, [(0, 1000)])
    if request.path == "/products.json":  # the whole catalog, for inventory sync
        page, limit = request.int_arg("page", 1), request.int_arg("limit", 30)
        return as_json(catalog.shopify_products_page(page, limit))
    if request.path == "/search/suggest.json":
        limit = min(request.int_arg("resources[limit]", 10), 10)
        return as_json(pages_json.shopify_suggest(inventory.search(request.arg("q"))[:limit]))
    if request.path.startswith("/products/") and request.path.endswith(".js"):
        handle = request.path[len("/products/") : -len(".js")]
        printing = next((p for p in inventory.INVENTORY if pages_json.shopify_handle(p) == handle), None)
        return as_json(pages_json.shopify_product(printing)) if printing else as_json({"status": 404}, 404)
    return NOT_FOUND


def binderpos(request: Request) -> Reply:
    """The BinderPOS theme's search page, and the Shopify cart and catalog every BinderPOS store
    also serves."""
    if request.path.startswith("/cart/"):
        return cart_permalink(request, [(900000, 1000), (0, 100)])  # API variant ids, theme chips
    if request.path == "/products.json":
        return shopify(request)
    if request.path == "/search":
        query = request.arg("q")
        page = request.int_arg("page", 1)
        items, has_next = _paged(inventory.search(query), page, request.page_size)
        return html(pages_html.binderpos_search_page(items, page, has_next, query, request.site_path))
    return NOT_FOUND


def binderpos_themes(request: Request) -> Reply:
    """`/binderpos-themes/<theme>/…`: the BinderPOS store's search page in another theme
    (`themes_binderpos`); everything else is the same shop's Shopify answers."""
    theme, _, rest = request.path.lstrip("/").partition("/")
    if theme not in themes_binderpos.THEMES:
        return NOT_FOUND
    request = replace(request, path="/" + rest, site_path=f"/{themes_binderpos.PATH_PREFIX}/{theme}")
    if request.path == "/search":
        query, page = request.arg("q"), request.int_arg("page", 1)
        items, has_next = _paged(inventory.search(query), page, request.page_size)
        return html(themes_binderpos.THEMES[theme](items, page, has_next, query, request.site_path))
    return shopify(request)


def binderpos_api(request: Request) -> Reply:
    if request.method != "POST" or request.path != "/external/shopify/products/forStore":
        return as_json({"error": "Not found"}, 404)
    body = request.json()
    if not isinstance(body, dict) or body.get("storeUrl") != SHOP_DOMAIN:
        return as_json({"error": "Store not found"}, 400)
    results = _of_game(inventory.search(str(body.get("title", ""))), shelves.BINDERPOS_GAMES.get(str(body.get("game"))))
    if body.get("instockOnly"):
        results = _magic_in_stock(results)
    return as_json(pages_json.binderpos_products(results, int(body.get("offset") or 0), int(body.get("limit") or 18)))


def conduct(request: Request) -> Reply:
    """The storefront itself: only item pages, which the scraper links to."""
    if request.path.startswith("/store/item/"):
        return html("<html><body><h1>Item</h1></body></html>")
    return NOT_FOUND


def conduct_api(request: Request) -> Reply:
    operation = request.path.removeprefix("/v1/")
    if operation not in ("advancedSearch", "getProductListings", "getProductDetails", "getStoreSettings"):
        return Reply(502, b"Bad Gateway", "text/plain")  # what Conduct answers to an unknown operation
    body = request.json()
    if not isinstance(body, dict):
        return as_json(pages_json.conduct_refusal("Invalid request."))
    if body.get("host") != request.host:
        return as_json(pages_json.conduct_refusal("Invalid store."))
    if operation == "getStoreSettings":
        return as_json(pages_json.conduct_store_settings())
    if operation in ("advancedSearch", "getProductListings"):
        name = str(body.get("name") or body.get("search") or "")
        game = next((game for type_id, _, game in shelves.CONDUCT_PRODUCT_TYPES
                     if type_id == body.get("productTypeID")), None)
        return as_json(pages_json.conduct_listings([p for p in inventory.search(name) if game and p.game == game]))
    found = inventory.from_product_id(int(body.get("inventoryID") or 0))
    return as_json(pages_json.conduct_details(*found) if found else pages_json.conduct_refusal("Not found."))


def tcgplayer_pro(request: Request) -> Reply:
    if not request.headers.get("user-agent", "").startswith("Mozilla/5.0"):
        return Reply(403, b"<html><body><h1>403 Forbidden</h1></body></html>")
    if request.path == "/api/catalog/search" and request.method == "POST":
        body = request.json() if isinstance(request.json(), dict) else {}
        line = str((body.get("context") or {}).get("productLineName") or "Magic: The Gathering")
        game = shelves.TCGPLAYER_LINES.get(line, (None, ""))[0]
        results = _magic_in_stock(_of_game(inventory.search(str(body.get("query", ""))), game))
        return as_json(pages_json.tcgplayer_search(results, int(body.get("from") or 0), int(body.get("size") or 24)))
    if request.path == "/api/inventory/skus":
        ids = {int(i) for i in request.arg("productIds").split(",") if i.strip().isdigit()}
        return as_json(pages_json.tcgplayer_skus([p for p in inventory.INVENTORY if 200000 + p.id in ids]))
    return NOT_FOUND


def woocommerce(request: Request) -> Reply:
    if request.path.rstrip("/") not in ("/wp-json/wc/store/v1/products", "/wp-json/wc/store/products"):
        return NOT_FOUND
    if "search" not in request.query:  # the whole catalog, for inventory sync
        products, headers = catalog.woocommerce_products_page(
            request.int_arg("page", 1), request.int_arg("per_page", 10), request.site_url)
        return as_json(products, headers=headers)
    term = request.arg("search").lower()
    rows = pages_json.woocommerce_rows([p for p in inventory.INVENTORY
                                        if term and term in inventory.searched_text(p).lower()])
    per_page = max(1, min(request.int_arg("per_page", 10), 100))
    page = request.int_arg("page", 1)
    start = (page - 1) * per_page
    # The stock's place within its printing, not in the results: a product keeps its id on every page.
    products = [pages_json.woocommerce_product(p, s, p.stock.index(s), request.site_url)
                for p, s in rows][start : start + per_page]
    total_pages = max(1, math.ceil(len(rows) / per_page))
    return as_json(products, headers={"X-WP-Total": str(len(rows)), "X-WP-TotalPages": str(total_pages)})


def css(request: Request) -> Reply:
    if request.path == "/search":
        query = request.arg("q")
        # This shop sells the sample games but not Flesh and Blood, whose "Lightning Bolt" only its
        # name would tell from Magic's: a custom search page has no product type to filter by.
        rows = [(p, s) for p in inventory.search(query) if p.game != "fab" for s in p.stock]
        page = request.int_arg("page", 1)
        items, has_next = _paged(rows, page, request.page_size)
        return html(pages_html.css_search_page(items, page, has_next, query, request.site_path))
    return NOT_FOUND


# Path prefix -> (platform whose switches and counters apply, handler).
ROUTES = {
    "crystal_commerce": ("crystal_commerce", crystal_commerce),
    "shopify": ("shopify", shopify),
    "binderpos": ("binderpos", binderpos),
    "binderpos-api": ("binderpos", binderpos_api),
    themes_binderpos.PATH_PREFIX: ("binderpos", binderpos_themes),
    "conduct": ("conduct", conduct),
    "conduct-api": ("conduct", conduct_api),
    "tcgplayer_pro": ("tcgplayer_pro", tcgplayer_pro),
    "woocommerce": ("woocommerce", woocommerce),
    "css": ("css", css),
}
PLATFORM_PREFIXES = ("crystal_commerce", "shopify", "binderpos", "conduct", "tcgplayer_pro", "woocommerce", "css")


def parse_query(raw: str) -> dict[str, list[str]]:
    return parse_qs(raw, keep_blank_values=True)
