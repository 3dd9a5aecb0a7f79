"""HTML the sample store serves: Crystal Commerce, the BinderPOS theme and a custom "css" shop.

Markup follows docs/platforms.md (class names, attributes, name decorations), with page chrome
around it so parsers and benchmarks see realistic pages.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from scrapers.sample_store import shelves
from scrapers.sample_store.inventory import CONDITION_NAMES, Printing, Stock, product_id, shopify_handle, slug

# Crystal Commerce's own spellings, deliberately varied.
CC_CONDITIONS = {"NM": "NM-Mint", "LP": "Light Play", "MP": "Moderately Played", "HP": "Heavy Play",
                 "DMG": "Damaged"}
CC_SUFFIX = {"nonfoil": "", "foil": " - Foil", "etched": " - Etched Foil"}


def _page(title: str, body: str) -> str:
    nav = "".join(f'<li><a href="/catalog/{slug(n)}">{n}</a></li>' for n in
                  ("Magic Singles", "Pokemon", "Board Games", "Supplies", "Events", "Buylist"))
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title>'
        '<link rel="stylesheet" href="/assets/app.css"><script src="/assets/app.js"></script></head>'
        f'<body><header><div class="logo">Sample Games</div><nav><ul>{nav}</ul></nav>'
        '<form class="search" action="/products/search"><input name="q"></form></header>'
        f'<main>{body}</main><footer><p>Sample Games &middot; 1 Main St</p></footer></body></html>'
    )


def cc_product_name(printing: Printing, finish: str) -> str:
    return shelves.crystal_commerce_name(printing, finish, CC_SUFFIX[finish])


def cc_product_path(printing: Printing, finish: str, site: str = "") -> str:
    category = shelves.CRYSTAL_COMMERCE_SLUGS[printing.game]
    return f"{site}/catalog/{category}-{slug(printing.set_name)}/{slug(printing.name)}/{product_id(printing, finish)}"


def _cc_variant_row(printing: Printing, finish: str, stock: Stock, prefix: str) -> str:
    name = escape(cc_product_name(printing, finish))
    description = f"{CC_CONDITIONS[stock.condition]}, {stock.language}"
    price = f"{prefix}{stock.price:,.2f}"
    vid = f"{product_id(printing, finish)}{'NLMHD'['NM LP MP HP DMG'.split().index(stock.condition)]}"
    if stock.quantity <= 0:
        return (f'<div class="variant-row no-stock"><span class="variant-short-info variant-description">'
                f'{description}</span><span class="variant-short-info">Out of stock.</span>'
                f'<span class="regular price">{price}</span></div>')
    return (
        f'<div class="variant-row in-stock"><span class="variant-short-info variant-description">{description}</span>'
        f'<span class="variant-short-info variant-qty">{stock.quantity} In Stock</span>'
        f'<span class="regular price">{price}</span>'
        f'<form class="add-to-cart-form" data-vid="{vid}" data-name="{name}" data-price="{price}" '
        f'data-variant="{description}" data-category="{escape(printing.set_name)}" action="/cart/add">'
        f'<input class="qty" type="number" max="{stock.quantity}" value="1"><input type="submit" value="Add to Cart">'
        '</form></div>'
    )


def cc_product_item(printing: Printing, finish: str, site: str = "", prefix: str = "$") -> str:
    """`site` is the path the store lives under (the sample server serves several stores)."""
    name = escape(cc_product_name(printing, finish))
    path = cc_product_path(printing, finish, site)
    rows = "".join(_cc_variant_row(printing, finish, stock, prefix) for stock in printing.stock_in(finish))
    # The same rows appear in the grid and the list view, as on real stores.
    return (
        f'<li class="product"><div class="inner"><div class="image"><a href="{path}" title="{name}">'
        f'<img src="/images/medium/{product_id(printing, finish)}.jpg" alt="{name}"></a></div>'
        f'<div class="meta"><a itemprop="url" href="{path}"><h4 class="name" title="{name}">{name}</h4></a>'
        f'<span class="category">{escape(printing.set_name)}</span>'
        f'<div class="grid-view">{rows}</div><div class="list-view">{rows}</div></div></div></li>'
    )


def cc_search_page(products: list[tuple[Printing, str]], page: int, has_next: bool, query: str,
                   site: str = "", prefix: str = "$") -> str:
    items = "".join(cc_product_item(printing, finish, site, prefix) for printing, finish in products)
    if not products:
        items = '<li class="no-results">No products found.</li>'
    pagination = '<div class="pagination">'
    if page > 1:
        pagination += f'<a class="previous_page" href="?q={escape(query)}&amp;page={page - 1}">Previous</a>'
    if has_next:
        pagination += f'<a class="next_page" rel="next" href="?q={escape(query)}&amp;page={page + 1}">Next</a>'
    pagination += "</div>"
    body = f'<div class="products-container"><ul class="products">{items}</ul>{pagination}</div>'
    return _page(f"Search: {query}", body)


def cc_product_page(printing: Printing, finish: str, site: str = "") -> str:
    body = (
        f'<div class="product-detail">{cc_product_item(printing, finish, site)}'
        '<div class="product-more-info">'
        f'<div class="name"><a href="#">{escape(printing.name)}</a></div>'
        f'<div class="set-name"><a href="#">{escape(printing.set_name)}</a></div>'
        f'<div class="card-number"><a href="#">{escape(printing.collector_number)}/300</a></div>'
        '</div></div>'
    )
    return _page(cc_product_name(printing, finish), body)


TOO_MANY_SEARCHES = _page("Slow down", "<h1>Sorry!</h1><p>You have made too many searches. Please wait a minute.</p>")
MAINTENANCE = ("<!DOCTYPE html><html><head><title>Be right back</title></head>"
               "<body><h1>We&#8217;ll be right back</h1><p>Maintenance in progress.</p></body></html>")


# -- BinderPOS theme ----------------------------------------------------------------------------

def variant_title(stock: Stock, printing: Printing | None = None) -> str:
    """BinderPOS/Shopify variant titles: "Near Mint", "Lightly Played Foil", in the printing's game's
    words when given ("Near Mint Reverse Holo")."""
    word = printing.finish_word(stock.finish) if printing is not None else \
        {"nonfoil": "", "foil": "Foil", "etched": "Etched Foil"}[stock.finish]
    finish = f" {word}" if word else ""
    language = "" if stock.language == "English" else f" {stock.language}"
    return f"{CONDITION_NAMES[stock.condition]}{finish}{language}"


def binderpos_card(printing: Printing, variant_id: int, site: str = "") -> str:
    chips = []
    for index, stock in enumerate(printing.stock):
        chips.append(
            f'<li class="productChip" data-variantid="{variant_id + index}" '
            f'data-varianttitle="{escape(variant_title(stock, printing))}" data-variantprice="{int(stock.price * 100)}" '
            f'data-variantavailable="{"true" if stock.quantity > 0 else "false"}" '
            f'data-variantqty="{stock.quantity}">{escape(variant_title(stock, printing))}</li>'
        )
    action = ('<form action="/cart/add" method="post"><button class="productCard__button">Add to cart</button></form>'
              if printing.in_stock else
              '<button class="productCard__button productCard__button--outOfStock" disabled>Out of stock</button>')
    product_type = shelves.SHOPIFY_TYPES[printing.game]
    title = printing.name if printing.game == "magic" else shelves.shopify_title(printing)
    return (
        f'<div class="productCard__card" data-producttype="{product_type}">'
        f'<p class="productCard__title"><a href="{site}/products/{shopify_handle(printing)}">'
        f'{escape(title)}</a></p><p class="productCard__setName">{escape(printing.set_name)}</p>'
        f'<ul class="productChip__grid">{"".join(chips)}</ul>{action}</div>'
    )


def binderpos_search_page(printings: list[Printing], page: int, has_next: bool, query: str, site: str = "") -> str:
    cards = "".join(binderpos_card(p, p.id * 100, site) for p in printings) or "<p>No results found.</p>"
    next_item = (f'<li><a href="/search?q={escape(query)}&amp;type=product&amp;page={page + 1}">&rarr;</a></li>'
                 if has_next else '<li class="disabled"><span>&rarr;</span></li>')
    body = (f'<div class="search-results"><div class="productCard__grid">{cards}</div>'
            f'<ol class="pagination"><li class="current">{page}</li>{next_item}</ol></div>')
    return _page(f"Search: {query}", body)


# -- a custom shop read with selectors ------------------------------------------------------------

def css_search_page(rows: list[tuple[Printing, Stock]], page: int, has_next: bool, query: str, site: str = "") -> str:
    items = []
    for printing, stock in rows:
        finish = {"nonfoil": "", "foil": " (Foil)", "etched": " (Etched Foil)"}[stock.finish]
        name = shelves.listed_name(printing, stock.finish, finish)
        availability = f"{stock.quantity} available" if stock.quantity > 0 else "Sold out"
        items.append(
            f'<article class="card-listing{"" if stock.quantity > 0 else " sold-out"}">'
            f'<h3><a class="title" href="{site}/cards/{printing.id}">{escape(name)}</a></h3>'
            f'<div class="edition">{escape(printing.set_name)}</div><div class="grade">{CONDITION_NAMES[stock.condition]}</div>'
            f'<div class="cost">US$ {stock.price:,.2f}</div><div class="stock">{availability}</div></article>'
        )
    more = f'<a class="more" href="/search?q={escape(query)}&amp;page={page + 1}">More</a>' if has_next else ""
    body = f'<section id="results">{"".join(items) or "<p>Nothing matched.</p>"}{more}</section>'
    return _page(f"Search: {query}", body)


def cart_page(lines: list[tuple[str, int, Printing | None, Stock | None]]) -> str:
    """A Shopify cart filled from a cart permalink: (variant id, quantity, printing, stock) per line."""
    items, total = [], Decimal("0")
    for variant, quantity, printing, stock in lines:
        if printing is None or stock is None:
            items.append(f'<li class="cart-item unavailable" data-variant="{escape(variant)}">Variant {escape(variant)} is no longer available</li>')
            continue
        taken = min(quantity, stock.quantity)
        total += taken * stock.price
        short = f' <span class="short">(only {stock.quantity} in stock)</span>' if taken < quantity else ""
        items.append(
            f'<li class="cart-item" data-variant="{escape(variant)}" data-quantity="{taken}">'
            f'<span class="quantity">{taken}</span> × <span class="title">{escape(printing.name)} [{escape(printing.set_name)}]</span>'
            f' — {escape(variant_title(stock))} — ${stock.price}{short}</li>'
        )
    return (f'<html><head><title>Your cart</title></head><body><h1>Your cart</h1><ul class="cart">{"".join(items)}</ul>'
            f'<p class="cart-total">Subtotal ${total:.2f}</p></body></html>')
