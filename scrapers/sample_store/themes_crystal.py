"""Crystal Commerce themes the sample store can wear, shaped like the real pages in ../shared/real-samples.

A Crystal Commerce store picks a theme, and each theme writes the same products differently. The
sample store serves three (`SampleStoreServer.set_theme("crystal_commerce", name)`, or
`{"platform": "crystal_commerce", "theme": name}` on `/_control`):

- `default`: the markup of docs/platforms.md (`pages_html.py`): `variant-description` and
  `variant-qty` spans, a form with every data attribute, grid and list views, links under
  `magic_singles-…`, dollar prices.
- `skyward`: the older theme Skyward Fire uses. Condition and language in one `variant-short-info`
  span ("NM-Mint, English"), the price only in `span.regular.price` (£, written `&#163;`), forms
  with nothing but `data-vid`, the grid view showing the dearest in-stock variant with a quantity
  select (at most ten options, `max` the variant's count), the list view the same variant with the
  product's total in `span.drop-qty`, the detail view every in-stock variant ("NM-Mint, English,
  <em>14 In Stock</em>"). Magic links name only the set (`/catalog/guilds_of_ravnica/…`), the
  sidebar's category tree files those sets under "Magic Singles", and the first results page lists
  a Pokémon single named like its first product beside it, in a set whose slug does not say
  Pokémon (only the tree does).
- `magic_card_trader`: the common theme as The Magic Card Trader serves it: one product per
  printing, its foil copies a variant of it ("Foil, English", no condition stated), every
  variant in the grid, list and detail views with full data attributes, £ prices, and sold-out
  products as "All variants / Out of stock." rows whose form has an empty `data-vid`.

`listings(theme, printings)` says what one product is in a theme (a printing and finish, or a
printing), so the routes page through products as the theme lists them.
"""

from __future__ import annotations

from html import escape

from scrapers.sample_store import pages_html, shelves
from scrapers.sample_store.inventory import INVENTORY, Printing, Stock, product_id, slug

THEMES = ("default", "skyward", "magic_card_trader")
Listing = tuple[Printing, tuple[str, ...]]  # a printing and the finishes one product of it sells

POUND = "&#163;"
SKYWARD_CONDITIONS = {"NM": "NM-Mint", "LP": "Light Play", "MP": "Moderate Play", "HP": "Heavy Play",
                      "DMG": "Damaged"}
MCT_CONDITIONS = {"NM": "NM", "LP": "Light Play", "MP": "Moderate Play", "HP": "Heavy Play", "DMG": "Damaged"}
MAGIC_SINGLES_ID = 8
POKEMON_SINGLES_ID = 226
POKEMON_SET = ("Team Up", "team_up", 9901)  # name, slug, category id: the slug does not say Pokémon


def check_theme(theme: str) -> str:
    if theme not in THEMES:
        raise ValueError(f"unknown Crystal Commerce theme {theme!r}; one of {', '.join(THEMES)}")
    return theme


def listings(theme: str, printings: list[Printing]) -> list[Listing]:
    if theme == "magic_card_trader":
        return [(printing, tuple(printing.finishes)) for printing in printings]
    return [(printing, (finish,)) for printing in printings for finish in printing.finishes]


def search_page(theme: str, items: list[Listing], page: int, has_next: bool, query: str, site: str) -> str:
    if theme == "default":
        return pages_html.cc_search_page([(p, finishes[0]) for p, finishes in items], page, has_next, query, site)
    render = _skyward_product if theme == "skyward" else _mct_product
    products = [render(printing, finishes, site) for printing, finishes in items]
    if theme == "skyward" and query and page == 1 and items and items[0][0].game == "magic":
        products.insert(1, _pokemon_single(items[0][0].name, site))
    return _page(theme, query, "".join(products), page, has_next, site)


def category_page(theme: str, items: list[Listing], page: int, has_next: bool, site: str) -> str:
    """A page of the Magic singles category (inventory sync): the search grid without a query."""
    if theme == "default":
        return pages_html.cc_search_page([(p, finishes[0]) for p, finishes in items], page, has_next, "", site)
    return search_page(theme, items, page, has_next, "", site)


# -- page chrome ----------------------------------------------------------------------------------

def _page(theme: str, query: str, products: str, page: int, has_next: bool, site: str) -> str:
    pager = '<div class="pagination">'
    if has_next:
        pager += (f'<a href="{site}/products/search?page={page + 1}&amp;q={escape(query)}" class="next_page" '
                  'rel="next">Next &#187;</a>')
    pager += "</div>"
    nothing = "" if products else f'<p class="no-results">No products found matching "{escape(query)}".</p>'
    options = (f'<option value="1" selected="selected">My Store</option><option value="{MAGIC_SINGLES_ID}">'
               f'Magic Singles</option><option value="{POKEMON_SINGLES_ID}">Pokemon Singles</option>')
    sidebar = _category_tree(site) if theme == "skyward" else ""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Search results</title>'
        '<link rel="stylesheet" href="https://bluedefault.crystalcommerce.com/themes/clients/sample/assets/app.css">'
        '</head><body><header><a href="/" id="home-button">Home</a>'
        f'<form action="{site}/products/search"><input type="text" name="q" class="search-field" '
        f'value="{escape(query)}"><select id="search_category_select" name="c">{options}</select></form></header>'
        f'<aside class="sidebar"><ul class="category-tree">{sidebar}</ul></aside>'
        f'<h1 class="page-title">Search results for "{escape(query)}"</h1>'
        '<div class="products-container browse"><ul class="products" data-lookbook-content="detailed">'
        f"{products}</ul>{nothing}{pager}</div></body></html>"
    )


def _category_tree(site: str) -> str:
    magic_sets = sorted({p.set_name for p in INVENTORY if p.game == "magic"})
    sets = "".join(
        f'<li class="category depth-2 leaf" data-id="{_set_id(name)}" data-name="{escape(name)}">'
        f'<a href="{site}/catalog/{_set_slug(name)}/{_set_id(name)}" data-category="{_set_id(name)}">'
        f'<span class="name">{escape(name)}</span></a></li>' for name in magic_sets)
    pokemon_name, pokemon_slug, pokemon_id = POKEMON_SET
    return (
        f'<li class="category depth-1 noleaf" data-id="{MAGIC_SINGLES_ID}" data-name="Magic Singles">'
        f'<a href="{site}/catalog/magic_singles/{MAGIC_SINGLES_ID}"><span class="name parent">Magic Singles</span></a>'
        f'<ul class="sub-categories">{sets}</ul></li>'
        f'<li class="category depth-1 noleaf" data-id="{POKEMON_SINGLES_ID}" data-name="Pokemon Singles">'
        f'<a href="{site}/catalog/pokemon_singles/{POKEMON_SINGLES_ID}"><span class="name parent">Pokemon Singles'
        f'</span></a><ul class="sub-categories"><li class="category depth-2 leaf" data-id="{pokemon_id}" '
        f'data-name="{pokemon_name}"><a href="{site}/catalog/{pokemon_slug}/{pokemon_id}">'
        f'<span class="name">{pokemon_name}</span></a></li></ul></li>'
    )


def _set_slug(set_name: str) -> str:
    return slug(set_name).replace("-", "_")


def _set_id(set_name: str) -> int:
    return 13000 + sum(map(ord, set_name)) % 997


def _money(amount: object) -> str:
    return f"{POUND}{amount:,.2f}"


# -- the older theme (Skyward Fire) ---------------------------------------------------------------

def _skyward_product(printing: Printing, finishes: tuple[str, ...], site: str) -> str:
    finish = finishes[0]
    name = escape(pages_html.cc_product_name(printing, finish))
    if printing.game == "magic":
        category, category_id = _set_slug(printing.set_name), _set_id(printing.set_name)
    else:
        category, category_id = f"{shelves.CRYSTAL_COMMERCE_SLUGS[printing.game]}-{_set_slug(printing.set_name)}", \
            5000 + printing.id
    href = f"{site}/catalog/{category}/{_set_slug(printing.name)}/{product_id(printing, finish)}"
    stock = sorted((s for s in printing.stock_in(finish) if s.quantity > 0), key=lambda s: s.price, reverse=True)
    if stock:
        first, total = stock[0], sum(s.quantity for s in stock)
        grid = _skyward_row(first, printing, finish, "grid")
        listed = _skyward_row(first, printing, finish, "list", total=total)
        detail = "".join(_skyward_row(s, printing, finish, "detail") for s in stock)
    else:
        price = printing.stock_in(finish)[0].price
        grid = _skyward_sold_out(price, form=False)
        listed = _skyward_sold_out(price, form=True)
        detail = _skyward_sold_out(price, form=False, row="variant-row row no-stock")
    return (
        f'<li class="product" itemscope itemtype="http://schema.org/Product" data-catalog-id="{product_id(printing, finish)}">'
        f'<div class="inner"><div class="image-meta"><div class="image"><a href="{href}" itemprop="url" title="{name}">'
        f'<img src="/images/medium/{product_id(printing, finish)}.jpg" alt="{name}" itemprop="image"></a></div>'
        f'<div class="meta"><a href="{href}" itemprop="url"><h4 class="name small-12 medium-4" itemprop="name" '
        f'title="{name}">{name}</h4></a><a href="{site}/catalog/{category}/{category_id}"><span class="category">'
        f'{escape(printing.set_name)}</span></a>'
        f'<div class="list-variants grid">{grid}</div><div class="list-variants list">{listed}</div></div></div>'
        f'<div class="variants">{detail}</div></div></li>'
    )


def _skyward_vid(printing: Printing, finish: str, stock: Stock) -> int:
    return product_id(printing, finish) * 10 + ("NM", "LP", "MP", "HP", "DMG").index(stock.condition)


def _skyward_row(stock: Stock, printing: Printing, finish: str, view: str, total: int = 0) -> str:
    words = f"{SKYWARD_CONDITIONS[stock.condition]}, {escape(stock.language)}"
    options = "".join(f"<option> {n} </option>" for n in range(1, min(stock.quantity, 10) + 1))
    picker = f'<select class="qty" name="qty" max="{stock.quantity}">{options}</select>'
    button = '<input class="utility-button add-to-cart" name="commit" type="submit" value="&#xf217;">'
    form = (f'<form class="add-to-cart-form" data-vid="{_skyward_vid(printing, finish, stock)}">'
            f'<div class="product-price-qty"><span class="regular price">{_money(stock.price)}</span></div>'
            f'<div class="qty-submit">{picker}{button}</div></form>')
    if view == "detail":
        return (f'<div class="variant-row row"><span class="variant-main-info"><span class="variant-short-info">'
                f'{words}, <em>{stock.quantity} In Stock</em></span></span>'
                f'<span class="variant-buttons">{form}</span></div><div class="clearfix"></div>')
    count = f'<span class="drop-qty">{total} In Stock</span>' if view == "list" else ""
    return (f'<div class="variant-row"><span class="variant-main-info"><span class="variant-short-info">{words}</span>'
            f'{count}</span><span class="variant-buttons">{form}</span></div>')


def _skyward_sold_out(price: object, *, form: bool, row: str = "variant-row no-stock") -> str:
    empty_form = '<form class="add-to-cart-form" data-vid=""></form>' if form else ""
    return (f'<div class="{row}"><span class="variant-main-info"><span class="variant-short-info">Out of stock.'
            f'</span></span><span class="variant-buttons"><span class="price no-stock">{_money(price)}</span>'
            f'{empty_form}<a class="wishlist" href="#">Wishlist</a></span></div>')


def _pokemon_single(name: str, site: str) -> str:
    set_name, set_slug, set_id = POKEMON_SET
    href = f"{site}/catalog/{set_slug}/{_set_slug(name)}/9{sum(map(ord, name)) % 100000:05d}"
    return (
        f'<li class="product" itemscope itemtype="http://schema.org/Product"><div class="inner"><div class="meta">'
        f'<a href="{href}" itemprop="url"><h4 class="name" itemprop="name" title="{escape(name)}">{escape(name)}</h4></a>'
        f'<a href="{site}/catalog/{set_slug}/{set_id}"><span class="category">{set_name}</span></a>'
        '<div class="list-variants grid"><div class="variant-row"><span class="variant-main-info">'
        '<span class="variant-short-info">NM-Mint, English</span></span><span class="variant-buttons">'
        '<form class="add-to-cart-form" data-vid="990001"><div class="product-price-qty"><span class="regular price">'
        f'{_money(0.35)}</span></div><div class="qty-submit"><select class="qty" name="qty" max="4">'
        '<option> 1 </option></select></div></form></span></div></div></div></div></li>'
    )


# -- the common theme as The Magic Card Trader serves it ------------------------------------------

def _mct_product(printing: Printing, finishes: tuple[str, ...], site: str) -> str:
    # One product per printing: its name without a finish word (the foil copies are its variants).
    name = escape(printing.name if printing.game == "magic" else shelves.crystal_commerce_name(printing, "nonfoil", ""))
    category = f"{shelves.CRYSTAL_COMMERCE_SLUGS[printing.game]}-{_set_slug(printing.set_name)}"
    pid = product_id(printing, finishes[0])
    href = f"{site}/catalog/{category}/{_set_slug(printing.name)}/{pid}"
    stock = sorted((s for s in printing.stock if s.quantity > 0), key=lambda s: s.price, reverse=True)
    if stock:
        grid = _mct_row(stock[0], printing, pid, "variant-row in-stock")
        listed = _mct_row(stock[0], printing, pid, "variant-row in-stock")
        detail = "".join(_mct_row(s, printing, pid, "variant-row row") for s in stock)
    else:
        price = max(s.price for s in printing.stock)
        grid, listed = _mct_sold_out(price, form=False), _mct_sold_out(price, form=True)
        detail = _mct_sold_out(price, form=False, row="variant-row row no-stock")
    return (
        f'<li class="product" itemscope itemtype="http://schema.org/Product" data-catalog-id="{pid}"><div class="inner">'
        f'<div class="image-meta"><div class="image"><a href="{href}" itemprop="url" title="{name}">'
        f'<img src="/images/medium/{pid}.jpg" alt="{name}"></a></div><div class="meta" data-equalizer-watch>'
        f'<a href="{href}" itemprop="url"><h4 class="name small-12 medium-4" itemprop="name" title="{name}">{name}</h4>'
        f'</a><a href="{site}/catalog/{category}/{_set_id(printing.set_name)}"><span class="category">'
        f'{escape(printing.set_name)}</span></a>'
        f'<div class="list-variants grid small-12 medium-8">{grid}</div>'
        f'<div class="list-variants list small-12 large-8">{listed}<div class="clearfix"></div></div></div></div>'
        f'<div class="variants">{detail}</div></div></li>'
    )


def mct_words(stock: Stock) -> str:
    """The variant's words: "NM, English"; a foil copy is "Foil, English", its condition unsaid."""
    condition = {"foil": "Foil", "etched": "Etched Foil"}.get(stock.finish) or MCT_CONDITIONS[stock.condition]
    return f"{condition}, {stock.language}"


def _mct_row(stock: Stock, printing: Printing, pid: int, row: str) -> str:
    words = escape(mct_words(stock))
    vid = pid * 10 + printing.stock.index(stock)
    price = _money(stock.price)
    return (
        f'<div class="{row}"><span class="variant-main-info"><span class="variant-short-info variant-description">'
        f'{words}</span><span class="variant-short-info variant-qty">{stock.quantity} In Stock</span></span>'
        f'<span class="variant-buttons"><form class="add-to-cart-form" data-vid="{vid}" data-name="{escape(printing.name)}"'
        f' data-id="{pid}" data-price="{price}" data-category="{escape(printing.set_name)}" data-variant="{words}">'
        f'<div class="product-price"><span class="regular price" itemprop="price">{price}</span></div>'
        f'<div class="product-qty"><input class="qty" max="{stock.quantity}" name="qty" size="1" type="number" '
        'value="1"></div><div class="product-button"><input class="utility-button add-to-cart" name="commit" '
        'type="submit" value="&#xf217;"></div></form></span></div>'
    )


def _mct_sold_out(price: object, *, form: bool, row: str = "variant-row no-stock") -> str:
    empty_form = '<form class="add-to-cart-form" data-vid=""></form>' if form else ""
    return (f'<div class="{row}"><span class="variant-main-info"><span class="variant-short-info variant-description">'
            'All variants</span><span class="variant-short-info variant-qty">Out of stock.</span>'
            f'<span class="price no-stock hide" itemprop="price">{_money(price)}</span></span>'
            f'<span class="variant-buttons">{empty_form}<a class="wishlist" href="#">Wishlist</a></span></div>')
