"""The pages a buyer opens on the sample stores: home pages and product pages.

The search routes (`routes.py`) answer the scrapers; these answer people and `add_store`:
- `/` of each platform: a home page carrying that platform's markers, as real shops do
  (`Shopify.shop = "…"`, BinderPOS's `portal-url`, Crystal Commerce asset URLs, …), so
  `scrapers.detect` can tell the platform and its settings from it, and a menu naming the games it
  sells (Magic, Pokémon, Lorcana, One Piece singles; sealed product beside them), from which
  `scrapers.detect` reads them (and a Crystal Commerce sync finds each game's singles category);
- every offer link a scraper builds (`/products/<handle>`, `/catalog/…`, `/producto/…/`,
  `/store/item/<id>`, `/cards/<id>`)
  opens a product page, so "Buy at store" works in `make run`;
- Shopify and BinderPOS cart permalinks `/cart/<variant_id>:<qty>,…` are `routes.cart_permalink`.
"""

from __future__ import annotations

import re
from html import escape

from scrapers.sample_store import catalog, inventory, pages_json
from scrapers.sample_store.inventory import Printing, slug
from scrapers.sample_store.pages_html import variant_title
from scrapers.sample_store.routes import NOT_FOUND, Reply, Request, html

SHOPIFY_DOMAIN = "sample-games.myshopify.com"


def answer(prefix: str, request: Request, server_url: str) -> Reply | None:
    """A buyer's page for `request` under the platform `prefix`, or None to leave it to routes.py."""
    path = request.path.rstrip("/") or "/"
    if request.method == "GET" and path == "/" and prefix in HOME_PAGES:
        return html(HOME_PAGES[prefix](request, server_url))
    if request.method != "GET":
        return None
    printing = _product_for(prefix, path)
    if printing is False:
        return None
    return html(_product_page(printing)) if printing else NOT_FOUND


# -- home pages -------------------------------------------------------------------------------------

def _home(title: str, head: str, body: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title>{head}</head>'
            f'<body><header><h1>{escape(title)}</h1></header><main>{body}'
            '<p>Singles, sealed product and supplies. Open Tuesday to Sunday.</p></main></body></html>')


def _shopify_head(currency: str = "USD") -> str:
    return ('<link rel="stylesheet" href="//cdn.shopify.com/s/files/1/0000/theme.css">'
            f'<script>var Shopify = Shopify || {{}};\nShopify.shop = "{SHOPIFY_DOMAIN}";\n'
            f'Shopify.currency = {{"active":"{currency}","rate":"1.0"}};</script>')


def _menu(links: list[tuple[str, str]]) -> str:
    return '<nav class="menu">' + "".join(f'<a href="{href}">{escape(text)}</a>' for href, text in links) + "</nav>"


# The games every sample shop sells, as a Shopify-style menu names them; sealed product beside them.
_COLLECTIONS = _menu([("/collections/mtg-singles", "MTG Singles"), ("/collections/pokemon-singles", "Pokemon Singles"),
                      ("/collections/lorcana-singles", "Lorcana Singles"),
                      ("/collections/one-piece-singles", "One Piece Singles"),
                      ("/collections/yu-gi-oh-sealed", "Yu-Gi-Oh! Sealed")])


def _crystal_commerce_home(request: Request, server_url: str) -> str:
    head = ('<link rel="stylesheet" href="https://crystalcommerce.com/themes/clients/samplegames/assets/app.css">'
            '<meta name="generator" content="Crystal Commerce">')
    # Real Crystal Commerce themes list the category tree in the menu; add_store finds the
    # Magic singles category there (here the platform's usual one), and a sync each game's.
    games = [(catalog.CATEGORY_PATHS["pokemon"], "Pokemon Singles"), (catalog.CATEGORY_PATHS["lorcana"], "Lorcana Singles"),
             (catalog.CATEGORY_PATHS["onepiece"], "One Piece Singles")]
    body = ('<nav class="category-tree"><a href="/catalog/magic_singles/8">Magic Singles</a>'
            '<a href="/catalog/magic_singles-dominaria/77">Dominaria</a>'
            + "".join(f'<a href="{request.site_path}{path}">{text}</a>' for path, text in games) + '</nav>'
            '<form action="/products/search"><input name="q"><input type="hidden" name="c" value="1"></form>')
    return _home("Sample Games", head, body)


def _shopify_home(request: Request, server_url: str) -> str:
    return _home("Sample Games", _shopify_head(), _COLLECTIONS + '<form action="/search"><input name="q"></form>')


def _binderpos_home(request: Request, server_url: str) -> str:
    # Real BinderPOS themes load the portal's scripts with the API address in `portal-url`.
    head = _shopify_head() + (
        f'<script class="binderpos-buylist-js" portal-url="{server_url}/binderpos-api" '
        f'src="{server_url}/binderpos-api/shopify/js/buylist.js" defer></script>'
    )
    return _home("Sample Games", head, _COLLECTIONS + '<div class="productCard__grid"></div>')


def _conduct_home(request: Request, server_url: str) -> str:
    head = (f'<script>window.conductConfig = {{"apiUrl": "{server_url}/conduct-api/v1/", '
            f'"host": "{request.host}"}};</script>'
            '<link rel="preconnect" href="https://conduct-catalog-images.s3-us-west-2.amazonaws.com">')
    menu = _menu([("/store/category/magic-singles", "Magic Singles"), ("/store/category/pokemon-singles", "Pokemon Singles"),
                  ("/store/category/lorcana-singles", "Lorcana Singles"),
                  ("/store/category/one-piece-singles", "One Piece Singles")])
    return _home("Sample Games", head, menu + '<div id="conductcommerce-root"></div>')


def _tcgplayer_pro_home(request: Request, server_url: str) -> str:
    head = ('<link rel="stylesheet" href="https://storefront.tcgplayerpro.com/assets/app.css">'
            '<meta name="application-name" content="TCGplayer Pro">')
    menu = _menu([("/search/magic/product", "Magic: The Gathering"), ("/search/pokemon/product", "Pokemon"),
                  ("/search/lorcana-tcg/product", "Lorcana TCG"),
                  ("/search/one-piece-card-game/product", "One Piece Card Game")])
    return _home("Sample Games", head, menu + '<div id="app"></div>')


def _woocommerce_home(request: Request, server_url: str) -> str:
    head = (f'<link rel="https://api.w.org/" href="{request.site_url}/wp-json/">'
            f'<link rel="stylesheet" href="{request.site_url}/wp-content/plugins/woocommerce/assets/woo.css">')
    body = (f'<ul class="product-categories">'
            f'<li><a href="{request.site_url}/product-category/mtg/">Magic: The Gathering</a></li>'
            f'<li><a href="{request.site_url}/product-category/fab/">Flesh and Blood</a></li>'
            f'<li><a href="{request.site_url}/product-category/pokemon/">Pokémon</a></li>'
            f'<li><a href="{request.site_url}/product-category/lorcana/">Disney Lorcana</a></li>'
            f'<li><a href="{request.site_url}/product-category/one-piece/">One Piece Card Game</a></li></ul>')
    return _home("Tienda Sample", head, body)


def _css_home(request: Request, server_url: str) -> str:
    return _home("Sample Games", "", _COLLECTIONS + '<form action="/search"><input name="q"></form>')


HOME_PAGES = {
    "crystal_commerce": _crystal_commerce_home, "shopify": _shopify_home, "binderpos": _binderpos_home,
    "conduct": _conduct_home, "tcgplayer_pro": _tcgplayer_pro_home, "woocommerce": _woocommerce_home,
    "css": _css_home,
}


# -- product pages ------------------------------------------------------------------------------------

_WOO_PRODUCT = re.compile(r"^/producto/[a-z0-9-]*-(\d+)$")
_TCG_PRODUCT = re.compile(r"^/catalog/[^/]+/[^/]+/[^/]+/(\d+)$")
_CSS_PRODUCT = re.compile(r"^/cards/(\d+)$")
_CONDUCT_ITEM = re.compile(r"^/store/item/(\d+)$")


def _product_for(prefix: str, path: str) -> Printing | None | bool:
    """The printing a product path shows; None for an unknown product; False: not a product path."""
    if prefix in ("shopify", "binderpos") and path.startswith("/products/") and not path.endswith(".js"):
        handle = path.removeprefix("/products/")
        return next((p for p in inventory.INVENTORY if handle in (pages_json.shopify_handle(p),
                                                                 f"{slug(p.name)}-{slug(p.set_name)}")), None)
    patterns = {"tcgplayer_pro": (_TCG_PRODUCT, lambda n: n - 200000),
                "woocommerce": (_WOO_PRODUCT, lambda n: (n - 3000) // 10),
                "css": (_CSS_PRODUCT, lambda n: n),
                "conduct": (_CONDUCT_ITEM, lambda n: n // 10)}
    if prefix not in patterns:
        return False
    pattern, to_printing_id = patterns[prefix]
    match = pattern.match(path)
    if not match:
        return False
    return inventory.by_id(to_printing_id(int(match.group(1))))


def _product_page(printing: Printing) -> str:
    rows = "".join(f'<li class="variant">{escape(variant_title(stock, printing))}: ${stock.price:.2f}, '
                   f'{stock.quantity} in stock</li>' for stock in printing.stock)
    body = (f'<h2 class="product-title">{escape(printing.name)}</h2><p class="product-set">{escape(printing.set_name)} '
            f'#{escape(printing.collector_number)}</p><ul class="variants">{rows}</ul>')
    return _home(f"{printing.name} [{printing.set_name}]", "", body)
