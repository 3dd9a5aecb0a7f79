"""The sample BinderPOS store's search page in other themes, as real BinderPOS and Shopify stores serve it.

BinderPOS stores are Shopify shops, and each runs its own theme; the parser must read what they
share, not one theme's spellings. The sample server serves the same store (the same inventory,
the same Shopify variant ids `printing.id * 1000 + index`) under `/binderpos-themes/<theme>/`,
one theme per path, so a test or a local run can add one store per theme and compare their offers.
Each theme follows the shape of a real page (`../shared/real-samples/binderpos/`):

- "product-card": the BinderPOS productCard theme as Boards & Swords serves it: `div.productCard__card`,
  `p.productCard__setName`, chips for in-stock variants only, spelled `data-variantId`,
  `data-price` (cents), `data-variantTitle`, `data-variantQuantity`; an "Out of Stock" block
  instead of the form. Its markup names no product type, so this shop sells only Magic.
- "shopify-options": a regular Shopify theme on a BinderPOS store, as Dice Saloon serves it: a
  `select[name=id]` of variant titles, a `variants` price map in cents, the add-to-cart form's
  option copies with `data-available`, `data-price` ("$2.50") and `disabled` for sold-out variants,
  a hidden "SOLD OUT" label inside every add-to-cart button, and each product's variants as JSON in
  a hidden `div[data-product-variants]` beside its listing.
- "dawn": Shopify's default theme without quick add: a link, a price and a "Sold out" badge per
  product, nothing per variant; the page says it is search results (`template-search`), and only
  each product's Shopify answer says which variants are in stock.
- "norm": the older BinderPOS theme (`div.product.Norm`, `p.productTitle`, one `div.addNow` per
  in-stock variant with `onclick="addToCart('<id>','<title>','<quantity>',1)"`, "Sold Out" for a
  price). Its markup names no product type either, so this shop too sells only Magic.
- "placeholder": the BinderPOS advanced-search widget before its script ran: a spinner and an
  empty results grid. The shop's JSON answers still work (`routes.binderpos_themes`).

Prices are the inventory's (USD).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape

from scrapers.sample_store import shelves
from scrapers.sample_store.inventory import Printing, Stock, shopify_handle
from scrapers.sample_store.pages_html import variant_title
from scrapers.sample_store.pages_json import shopify_sku, shopify_title

PATH_PREFIX = "binderpos-themes"


def variant_id(printing: Printing, index: int) -> int:
    """The Shopify variant id the sample store's product answers use (`pages_json.shopify_product`)."""
    return printing.id * 1000 + index


def _variants(printing: Printing) -> list[tuple[int, Stock]]:
    return [(variant_id(printing, index), stock) for index, stock in enumerate(printing.stock)]


def _product_url(printing: Printing, site: str, position: int) -> str:
    # Real search results carry Shopify's tracking parameters; the product is the path.
    return f"{site}/products/{shopify_handle(printing)}?_pos={position}&amp;_sid=5a3e&amp;_ss=r"


def _page(title: str, body: str, body_class: str = "") -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title>'
        '<script>var Shopify = Shopify || {}; Shopify.shop = "sample-games.myshopify.com";</script>'
        '<script src="https://portal.binderpos.com/external/shopify/storeCredit/script?shop=sample-games.myshopify.com"'
        ' async></script></head>'
        f'<body class="{body_class}"><header><a href="/">Sample Games</a><form action="/search" method="get">'
        '<input type="search" name="q"></form><nav><a href="/collections/mtg-singles">MTG Singles</a></nav></header>'
        f'<main role="main">{body}</main><footer><span class="powered-by-binderpos">Powered by BinderPOS</span>'
        '</footer></body></html>'
    )


def _next_link(site: str, query: str, page: int, has_next: bool) -> str:
    if not has_next:
        return ""
    return (f'<div class="pagination"><a class="pagination__next" href="{site}/search?q={escape(query)}'
            f'&amp;type=product&amp;page={page + 1}">Next</a></div>')


# -- the productCard theme, as Boards & Swords serves it ----------------------------------------

def _product_card(printing: Printing, site: str, position: int) -> str:
    url = _product_url(printing, site, position)
    in_stock = [(vid, stock) for vid, stock in _variants(printing) if stock.quantity > 0]
    chips = "".join(
        f'<li onclick="variantSelect(\'{printing.id}\', \'{vid}\')" class="productChip{" productChip__active" if n == 0 else ""}"'
        f' data-parentId="{printing.id}" data-variantId="{vid}" data-price="{int(stock.price * 100)}"'
        f' data-productTitle="{escape(shopify_title(printing))}" data-variantTitle="{escape(variant_title(stock, printing))}"'
        f' data-variantQuantity="{stock.quantity}">{stock.condition}</li>'
        for n, (vid, stock) in enumerate(in_stock)
    )
    shown = in_stock[0][1] if in_stock else printing.stock[0]
    action = (
        f'<form method="post" action="/cart/add" accept-charset="UTF-8"><input type="hidden" name="form_type" value="product">'
        f'<input type="hidden" name="quantity" value="1"><input id="variantId" type="hidden" name="id" value="{in_stock[0][0]}">'
        '<button type="submit" class="productCard__button button--primary" data-action="add-to-cart">Add to cart</button></form>'
        if in_stock else
        '<div class="productCard__button productCard__button--outOfStock">Out of Stock</div>'
    )
    return (
        f'<div class="productCard__card " data-productid="{printing.id}"><div class="productCard__upper">'
        f'<a href="{url}" class="productCard__a"><div class="productCard__imageWrap">'
        f'<img data-src="/cdn/{printing.id}.jpg" alt="{escape(shopify_title(printing))}" class="productCard__img lazy">'
        f'</div></a></div><div class="productCard__lower"><p class="productCard__setName">{escape(printing.set_name)}</p>'
        f'<p class="productCard__title"><a href="{url}">{escape(printing.name)} </a></p>'
        f'<ul class="productChip__grid">{chips}</ul><p class=" productCard__price">${shown.price:.2f} USD</p></div>'
        f'{action}</div>'
    )


def product_card_page(printings: list[Printing], page: int, has_next: bool, query: str, site: str) -> str:
    printings = [p for p in printings if p.game == "magic"]
    cards = "".join(_product_card(p, site, n) for n, p in enumerate(printings, 1))
    body = (f'<section class="collectionTemplate"><div class="collectionBar"><p>{len(printings)} results</p></div>'
            f'<div class="collectionGrid">{cards}</div>{_next_link(site, query, page, has_next)}</section>')
    return _page(f"Search: {query}", body, "template-search")


# -- a regular Shopify theme, as Dice Saloon serves it ------------------------------------------

def _variants_json(printing: Printing) -> str:
    return json.dumps([
        {"id": vid, "title": variant_title(stock, printing), "option1": variant_title(stock, printing), "option2": None, "option3": None,
         "sku": shopify_sku(printing, stock), "available": stock.quantity > 0,
         "name": f"{shopify_title(printing)} - {variant_title(stock, printing)}", "price": int(stock.price * 100)}
        for vid, stock in _variants(printing)
    ])


def _options_item(printing: Printing, site: str, position: int) -> str:
    url = _product_url(printing, site, position)
    variants = _variants(printing)
    shown = next((vid for vid, stock in variants if stock.quantity > 0), variants[0][0])
    sold_out = not printing.in_stock
    picker = "".join(f'<option {"selected" if vid == shown else ""} value="{vid}">{escape(variant_title(stock, printing))}</option>'
                     for vid, stock in variants)
    prices = json.dumps({str(vid): {"price": str(int(stock.price * 100)), "compareAtPrice": ""} for vid, stock in variants})
    form_options = "".join(
        f'<option {"selected" if vid == shown else ""} value="{vid}" data-available="{int(stock.quantity > 0)}"'
        f' data-price="${stock.price:.2f}"{"" if stock.quantity > 0 else " disabled"}>{escape(variant_title(stock, printing))}</option>'
        for vid, stock in variants
    )
    shown_price = next(stock.price for vid, stock in variants if vid == shown)
    suffix = "--sold-out" if sold_out else ""
    return (
        f'<div class="product-card-list2 grid__item list__item"><div class="grid-view-item{" grid-view-item" + suffix if sold_out else ""}">'
        f'<a href="{url}"><img class="grid-view-item__image" src="/cdn/{printing.id}.jpg" alt="{escape(shopify_title(printing))}"></a>'
        f'<a href="{url}"><div class="product-detail"><div class="h4 grid-view-item__title">{escape(shopify_title(printing))}</div>'
        f'</div></a><select title="Select variant" name="id" class="collection__select">{picker}</select>'
        f'<div class="grid-view-item__meta"><div class="product-price{" product-price" + suffix if sold_out else ""}"'
        f" variants='{escape(prices, quote=True)}'><span class=\"product-price__price\">${shown_price:.2f}</span></div></div>"
        '<form action="/cart/add" method="post" class="add-to-cart product-form">'
        f'<select title="Add to cart" name="id" class="product-form__variants no-js">{form_options}</select>'
        '<input name="quantity" value="1" class="quantity">'
        f'<a href="javascript: void(0)" class="addToCart{" sold-out" if sold_out else ""} enable btn">'
        '<span class="value instock">Add To Cart</span><span class="value outstock">SOLD OUT</span></a></form>'
        f'</div></div><div hidden data-product-variants=\'{escape(_variants_json(printing), quote=True)}\''
        f" data-product-type='{shelves.SHOPIFY_TYPES[printing.game]}'"
        " data-sold-out='SOLD OUT'></div>"
    )


def shopify_options_page(printings: list[Printing], page: int, has_next: bool, query: str, site: str) -> str:
    items = "".join(_options_item(p, site, n) for n, p in enumerate(printings, 1))
    if not printings:
        items = f"<p>Your search for \"{escape(query)}\" did not yield any results.</p>"
    body = (f'<h1 class="h2">{len(printings)} results "{escape(query)}"</h1>'
            f'<div class="list-view-items products-display">{items}</div>{_next_link(site, query, page, has_next)}')
    return _page(f"Search: {len(printings)} results found for \"{query}\"", body, "template-search")


# -- Shopify's Dawn, without quick add ----------------------------------------------------------------

def _dawn_card(printing: Printing, site: str, position: int) -> str:
    lowest = min(stock.price for stock in printing.stock)
    badge = '' if printing.in_stock else '<div class="card__badge bottom left"><span class="badge">Sold out</span></div>'
    return (
        '<li class="grid__item"><div class="card-wrapper product-card-wrapper"><div class="card card--standard">'
        f'<div class="card__inner"><img src="/cdn/{printing.id}.jpg" alt="{escape(shopify_title(printing))}"></div>'
        '<div class="card__content"><div class="card__information">'
        f'<h3 class="card__heading h5"><a href="{_product_url(printing, site, position)}" class="full-unstyled-link">'
        f'{escape(shopify_title(printing))}</a></h3><div class="price"><span class="price-item price-item--regular">'
        f'From ${lowest:.2f} USD</span></div></div>{badge}</div></div></div></li>'
    )


def dawn_page(printings: list[Printing], page: int, has_next: bool, query: str, site: str) -> str:
    cards = "".join(_dawn_card(p, site, n) for n, p in enumerate(printings, 1))
    if not printings:
        cards = f'<p>No results found for “{escape(query)}”. Check the spelling or use a different word or phrase.</p>'
    body = (f'<div class="template-search__results"><ul id="product-grid" class="grid product-grid">{cards}</ul>'
            f'</div>{_next_link(site, query, page, has_next)}')
    return _page(f"Search: {query}", body, "gradient template-search")


# -- the older BinderPOS theme ----------------------------------------------------------------------

def _norm_product(printing: Printing, site: str, position: int) -> str:
    title = escape(shopify_title(printing))
    buttons = "".join(
        f'<div class="addNow single" onclick="addToCart(\'{vid}\',\'{title} - {escape(variant_title(stock, printing))}\', '
        f'\'{stock.quantity}\' , 1)"><p>{escape(variant_title(stock, printing))} - ${stock.price:.2f}</p></div>'
        for vid, stock in _variants(printing) if stock.quantity > 0
    )
    price = f"${min(stock.price for stock in printing.stock):.2f}" if printing.in_stock else "Sold Out"
    return (
        f'<div class="col-md-4"><div class="product Norm"><a class="productLink" href="{_product_url(printing, site, position)}">'
        f'<div class="imgWrapper"><img class="items-even" src="/cdn/{printing.id}.jpg"></div></a>'
        f'<p class="productTitle">{title}</p><p class="productPrice">{price}</p>'
        f'<div class="hoverMask"><div class="addNowWrapper">{buttons}</div></div></div></div>'
    )


def norm_page(printings: list[Printing], page: int, has_next: bool, query: str, site: str) -> str:
    printings = [p for p in printings if p.game == "magic"]  # no product type in its markup: a Magic shop
    products = "".join(_norm_product(p, site, n) for n, p in enumerate(printings, 1)) or "<p>No results found</p>"
    body = f'<div class="container"><div class="row">{products}</div>{_next_link(site, query, page, has_next)}</div>'
    return _page(f"Search: {query}", body)


# -- the advanced-search widget before it rendered ---------------------------------------------------

def placeholder_page(printings: list[Printing], page: int, has_next: bool, query: str, site: str) -> str:
    body = (f'<div id="shopify-section-advanced_search" class="shopify-section"><div class="binderpos-advanced-search"'
            f' data-query="{escape(query)}"><div class="products-display"></div>'
            '<div class="loading-spinner"><span>Loading…</span></div></div></div>')
    return _page("Advanced Search", body, "template-page advanced_search")


THEMES: dict[str, Callable[[list[Printing], int, bool, str, str], str]] = {
    "product-card": product_card_page,
    "shopify-options": shopify_options_page,
    "dawn": dawn_page,
    "norm": norm_page,
    "placeholder": placeholder_page,
}
