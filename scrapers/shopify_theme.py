"""Shopify storefront results pages (search or collection), read from what every theme shares.

BinderPOS stores are Shopify shops, and their search pages come in many themes: BinderPOS's own
"productCard" theme, its grid theme, the older "Norm" theme, and any regular Shopify theme. Class
names differ between themes and between versions of one theme; this module reads what they share.

**Listings.** Every listing links to its product as `/products/<handle>` (perhaps under a
collection, perhaps with search tracking parameters). A listing is the largest element around such
a link that links to no other product (stopping at page regions: `main`, `header`, `nav`, a
search form, an `h1`); it counts when it carries a price, a variant, an add-to-cart form or a
sold-out mark, so menu links do not. A product shown twice (grid and list views) is one listing.
Its title: a heading or an element whose class says title around or inside the product link, else
the link's text, else `data-producttitle` or the image's alt text; read up to the first price or
button word, for links that wrap the whole card. Its set: an element whose class names a set
(`productCard__setName`), else the title's brackets (`shopify.set_of`). A product type or tags in
the listing (`data-product-type` in any spelling, `data-product-tags`, embedded product JSON, the
page's `var meta`) drop other games as `shopify.is_wanted_type` does; no type at all keeps it.

**Variants** are read under any spelling by `scrapers.theme_variants`: embedded JSON, chips with
variant data attributes (`data-variantPrice` | `data-price` | `data-variant-price`, …), option
lists whose values are variant ids, the older theme's `addNow` buttons, merged by variant id.

**Availability** of a variant: an explicit mark when there is one (JSON `available`,
`data-available`), else its quantity (> 0), else `disabled` or "sold out" on its option. A listing
marked sold out (a class such as `sold-out` or `productCard__button--outOfStock`, a badge or button
reading "Sold out", on the listing rather than on one of its options or chips) has no copy beyond
those explicitly available. A variant still unknown counts as
in stock when the listing has an add-to-cart form or button not marked sold out and the variant has
an element of its own (a chip), or is the one the form adds (`input[name=id]`, the selected option).
Any variant left unknown, or an available one without a condition or price we can read, makes the
listing `unconfirmed`: the page cannot say which copies are in stock, so the caller asks the
product's Shopify answer and keeps what was read here if that answer fails.

**Prices** are in cents or major units as `theme_variants.in_minor_units` decides against the
listing's visible price, whose currency mark wins over the store's currency. Condition, finish and
language come from the variant's title, options and SKU through `shopify.offer_from_variant` and
`scrapers.vocabulary`, as for a product answer.

**What a page is**: results (listings); no results (no listing and the page says so: "No results",
"0 results", "did not yield any results"); not rendered (no listing and a placeholder instead: the
BinderPOS advanced-search widget, a spinner, "Loading…", an empty results grid); not recognised
(anything else, including product links without variants, forms or sold-out marks on a page that
does not say it is Shopify search results, such as a home page's featured products). The last two
raise `UnreadablePage`, never "no results".

Next page: `link[rel=next]`, or a link to another page marked next (rel, class, aria-label, or the
text "Next", "→", "›", "»"), or the productCard theme's last pagination item when it has no class.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from scrapers import matching, shopify, vocabulary
from scrapers.errors import UnreadablePage
from scrapers.games import MAGIC
from scrapers.offer import Offer
from scrapers.theme_variants import (
    SOLD_OUT_WORDS, Variant, attribute_anywhere, in_minor_units, is_price_text, lower_xpath, only_price_words,
    page_variants, price_of, read_variants, text_of, variant_data,
)

RESULTS_PAGE = "results page"


@dataclass(frozen=True)
class Listing:
    """One listing of the searched card (its game, the card's name), in stock or not."""

    title: str
    handle: str
    url: str  # the product page, less the search's tracking parameters
    offers: list[Offer]  # in stock, read off the page
    sold_out: bool  # the listing says it has no copy
    unconfirmed: bool  # the page cannot say which variants are in stock


@dataclass(frozen=True)
class ThemePage:
    listings: list[Listing]
    related: bool  # any listing named the searched card (the paging rule)
    has_next_page: bool
    products_seen: int  # every listing on the page, other cards included (for `scrapers.diagnostics`)

    @property
    def offers(self) -> list[Offer]:
        return [offer for listing in self.listings for offer in listing.offers]

    @property
    def products_matched(self) -> int:
        return len(self.listings)


def parse_theme_page(html: str | bytes, card_name: str, base_url: str, currency: str = "USD",
                     product_types: str = "magic|mtg", game: str = MAGIC) -> ThemePage:
    """One results page of any Shopify theme; `UnreadablePage` when it is not one we can read. A
    listing is `card_name` of `game` whose product type, when the page states one, is in `product_types`."""
    tree = etree.HTML(html) if html and html.strip() else None
    if tree is None:
        raise UnreadablePage(f"{RESULTS_PAGE} not recognised: the store sent an empty page")
    described = page_variants(tree)
    candidates = [_read_listing(handle, elements, described, base_url)
                  for handle, elements in _listing_elements(tree).items()]
    listed = [candidate for candidate in candidates if candidate.is_listing]
    if not listed:
        return _empty_page(tree)
    if not any(candidate.is_shopify_listing for candidate in listed) and not _says_search_results(tree):
        raise UnreadablePage(
            f"{RESULTS_PAGE} not recognised: product links without variants or an add-to-cart form, "
            "on a page that does not say it is search results"
        )
    card = matching.CardMatcher(card_name, game)
    type_pattern = re.compile(product_types, re.I) if product_types else None
    listings = []
    related = False
    for candidate in listed:
        related = related or card.is_related(candidate.title)
        if candidate.is_the_card(card, type_pattern):
            listings.append(candidate.listing(currency))
    return ThemePage(listings, related, _has_next_page(tree), len(listed))


# -- the page as a whole ------------------------------------------------------------------------

_X = etree.XPath


_BODY_TEXT = _X("//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]")
_NO_RESULTS = re.compile(
    r"\bno (?:results|products found|products match|matching products|matches found)\b|\b0 results\b"
    r"|did not (?:yield|return|match) any|could ?n[o'’]t find any|nothing (?:was )?found|no products were found",
    re.I,
)
_ADVANCED_SEARCH_WIDGET = _X(f"//*[contains({lower_xpath('@id')}, 'advancedsearch') or contains({lower_xpath('@class')}, 'advancedsearch')]")
_SPINNER = _X(f"//body//*[contains({lower_xpath('@class')}, 'spinner') or contains({lower_xpath('@class')}, 'loader')"
              f" or contains({lower_xpath('@class')}, 'loading') or contains({lower_xpath('@class')}, 'skeleton')]")
_LOADING_TEXT = re.compile(r"\bloading\b|\bplease wait\b", re.I)
_RESULTS_CONTAINERS = _X(
    f"//*[not(*)][contains({lower_xpath('@class')}, 'productcardgrid') or contains({lower_xpath('@class')}, 'collectiongrid')"
    f" or contains({lower_xpath('@class')}, 'productsdisplay') or contains({lower_xpath('@class')}, 'productgrid')"
    f" or contains({lower_xpath('@class')}, 'searchresults') or @id = 'product-grid' or @id = 'Collection']"
)
_SEARCH_PAGE_TYPE = re.compile(r"""pageType["']?\s*:\s*["'](?:searchresults|search|collection)["']""")
_SCRIPTS = _X("//script/text()")
_BODY_CLASS = _X("string(//body/@class)")


def _empty_page(tree: etree._Element) -> ThemePage:
    """A page without listings: "no results" when it says so, otherwise it cannot be read."""
    text = " ".join(" ".join(_BODY_TEXT(tree)).split())
    if _NO_RESULTS.search(text):
        return ThemePage([], False, False, 0)
    if _ADVANCED_SEARCH_WIDGET(tree):
        raise UnreadablePage(f"{RESULTS_PAGE} not rendered: the BinderPOS advanced search widget shows no results yet")
    if _SPINNER(tree) or _LOADING_TEXT.search(text):
        raise UnreadablePage(f"{RESULTS_PAGE} not rendered: the page was still loading its results")
    if _RESULTS_CONTAINERS(tree):
        raise UnreadablePage(f"{RESULTS_PAGE} not rendered: the results grid is empty and says nothing")
    raise UnreadablePage(
        f"{RESULTS_PAGE} not recognised: no product listings (links to /products/<handle> with a price, "
        "variants or an add-to-cart form)"
    )


def _says_search_results(tree: etree._Element) -> bool:
    """Shopify's own page type ("searchresults" in `var meta`, "search" in its analytics) or the
    theme's `template-search` body class."""
    if re.search(r"\btemplate-(?:search|collection)\b", _BODY_CLASS(tree)):
        return True
    return any(_SEARCH_PAGE_TYPE.search(script) for script in _SCRIPTS(tree))


_NEXT_LINK = _X(
    "//link[@rel='next'][@href] | //a[@href][contains(@href, 'page=')]"
    f"[@rel='next' or contains({lower_xpath('@class')}, 'next') or contains({lower_xpath('@aria-label')}, 'next')"
    f" or ancestor::*[contains({lower_xpath('@class')}, 'next')]"
    " or normalize-space() = '→' or normalize-space() = '›' or normalize-space() = '»'"
    f" or starts-with({lower_xpath('normalize-space()')}, 'next')]"
)
_LAST_PAGE_ITEM = _X("(//ol[contains(@class, 'pagination')]/li)[last()]")


def _has_next_page(tree: etree._Element) -> bool:
    if _NEXT_LINK(tree):
        return True
    # The productCard theme: the last pagination item is the "next" arrow, with a class when disabled.
    last = _LAST_PAGE_ITEM(tree)
    return bool(last) and not last[0].get("class") and bool(last[0].xpath(".//a[@href]"))


# -- listings -----------------------------------------------------------------------------------

_PRODUCT_LINKS = _X("//a[@href][contains(@href, '/products/')]")
_HANDLE = re.compile(r"/products/([^/?#.]+)/?$")
_REGION_TAGS = frozenset({"html", "body", "main", "header", "footer", "nav", "aside"})
_REGION_MARKERS = _X("//form[contains(@action, 'search')] | //input[@name='q'] | //h1")


def handle_of(href: str | None) -> str:
    """"/collections/x/products/sol-ring?_pos=1" -> "sol-ring"; "" for other links."""
    match = _HANDLE.search(urlsplit(href or "").path)
    return match.group(1) if match else ""


def _listing_elements(tree: etree._Element) -> dict[str, list[etree._Element]]:
    """Each product handle's listing elements: from each link to it, the largest ancestor that
    links to no other product and is not a page region."""
    links = [(link, handle) for link in _PRODUCT_LINKS(tree) if (handle := handle_of(link.get("href")))]
    handles_below: dict[etree._Element, set[str]] = {}
    for link, handle in links:
        for ancestor in link.iterancestors():
            handles_below.setdefault(ancestor, set()).add(handle)
    regions = {element for marker in _REGION_MARKERS(tree) for element in (marker, *marker.iterancestors())}
    found: dict[str, list[etree._Element]] = {}
    for link, handle in links:
        top = link
        for ancestor in link.iterancestors():
            if len(handles_below[ancestor]) > 1 or ancestor.tag in _REGION_TAGS or ancestor in regions:
                break
            top = ancestor
        elements = found.setdefault(handle, [])
        if top not in elements:
            elements.append(top)
    # An element inside another of the same product is part of it.
    return {handle: [element for element in elements
                     if not any(other in elements for other in element.iterancestors())]
            for handle, elements in found.items()}


_TITLED = ("(self::h2 or self::h3 or self::h4 or self::h5"
           f" or contains({lower_xpath('@class')}, 'title') or contains({lower_xpath('@class')}, 'heading'))")
_TITLE_AROUND_LINK = _X(
    f".//*[{_TITLED}][.//a[contains(@href, '/products/')] or ancestor::a[contains(@href, '/products/')]]"
)
_TITLE_ANYWHERE = _X(f".//*[{_TITLED}]")
_LINK_TEXTS = _X("descendant-or-self::a[contains(@href, '/products/')]")
_IMAGE_ALT = _X("string((.//a[contains(@href, '/products/')]//img/@alt)[1])")
_SET_NAME = _X(f"normalize-space((.//*[contains({lower_xpath('@class')}, 'setname')])[1])")
_VENDOR = _X(f"normalize-space((.//*[contains({lower_xpath('@class')}, 'vendor')])[1])")
_BUTTON_WORDS = re.compile(r"^(?:sold out|out of stock|add to cart|buy now|quick ?view|view|more info|select options|"
                           r"choose options|unavailable|sold)$", re.I)
_PRICES = _X(f".//*[contains({lower_xpath('@class')}, 'price')]")
_CART_ACTION = _X(
    f"boolean(.//form[contains(@action, '/cart/add')] | .//*[contains({lower_xpath('@class')}, 'addtocart')]"
    " | .//button[@name='add'] | .//*[contains(@onclick, 'addToCart')])"
)
_SELECTED = _X(".//option[@selected]/@value")
_FORM_VARIANT = _X(
    "string((.//form[contains(@action, '/cart/add')]//input[@name='id' or contains(@name, 'variant')]/@value)[1])"
)


@dataclass
class _Candidate:
    """A product listed on the page, read; `listing()` makes it a `Listing` once it is the card."""

    title: str
    handle: str
    url: str
    printing: shopify.SetOfTitle
    product_type: str | None
    tags: Any
    variants: dict[str, Variant]
    shown_price: set[Decimal]  # the listing's visible prices
    shown_currency: str | None
    marked_sold_out: bool
    cart_action: bool
    shown_variant: str
    is_listing: bool
    is_shopify_listing: bool  # carries variants, a cart form or a sold-out mark

    def is_the_card(self, card: matching.CardMatcher, type_pattern: re.Pattern[str] | None) -> bool:
        if self.product_type is not None and not shopify.is_wanted_type(self.product_type, self.tags, type_pattern):
            return False  # another game's single, a sealed product
        return bool(self.title) and card.matches(shopify.matching_title(self.title), self.printing.name)

    def listing(self, currency: str) -> Listing:
        self._settle_availability()
        minor = in_minor_units([v.price_text for v in self.variants.values()], self.shown_price)
        offers = []
        for variant in self.variants.values():
            if variant.available is not True:
                continue
            offer = shopify.offer_from_variant(
                {"id": variant.id, "title": variant.title, "sku": variant.sku, "available": True,
                 "inventory_quantity": variant.quantity,
                 **{f"option{n}": option for n, option in enumerate(variant.options[:3], 1)}},
                price_of(variant, minor), self.title, self.printing, self.url, self.shown_currency or currency,
            )
            if offer is not None and offer.in_stock:
                offers.append(offer)
        states = [variant.available for variant in self.variants.values()]
        sold_out = not offers and (self.marked_sold_out or (bool(states) and all(s is False for s in states)))
        # Unknown variants, or available ones we could not make an offer of (no condition, no price).
        unconfirmed = not sold_out and (not states or None in states or len(offers) < states.count(True))
        return Listing(self.title, self.handle, self.url, offers, sold_out, unconfirmed)

    def _settle_availability(self) -> None:
        for variant in self.variants.values():
            if variant.available is None and variant.quantity is not None:
                variant.available = variant.quantity > 0
            if variant.available is not None:
                continue
            if self.marked_sold_out:
                variant.available = False
            elif self.cart_action and (variant.own_element or variant.id == self.shown_variant):
                variant.available = True


def _read_listing(handle: str, elements: list[etree._Element], described: dict[str, Variant],
                  base_url: str) -> _Candidate:
    """One product's listing elements read; `described`: variants the page describes elsewhere."""
    title = _title_of(elements)
    href = next(link.get("href") for element in elements for link in _LINK_TEXTS(element)
                if handle_of(link.get("href")) == handle)
    variants, options, product_type, tags = read_variants(elements, described)
    prices = [price for each in elements for element in _PRICES(each) for price in _visible_prices(element)]
    # The variant the add-to-cart form adds: its id input, else the selected option.
    selected = {str(value).strip() for element in elements for value in _SELECTED(element)}
    shown_variant = next(filter(None, (_FORM_VARIANT(element) for element in elements)), "") or next(
        (option.id for option in options if option.id in selected), "")
    if shown_variant.isdigit() and shown_variant not in variants:
        variants[shown_variant] = described.get(shown_variant) or Variant(shown_variant)
    marked = any(_says_sold_out(element) for element in elements)
    cart = any(_CART_ACTION(element) for element in elements)
    printing = shopify.set_of(title, next(filter(None, (_VENDOR(element) for element in elements)), ""))
    if set_name := next(filter(None, (_SET_NAME(element) for element in elements)), ""):
        printing = shopify.SetOfTitle(set_name, printing.code, printing.collector_number)
    shopify_listing = bool(variants) or cart or marked
    return _Candidate(
        title=title, handle=handle, url=urlsplit(urljoin(base_url, href))._replace(query="", fragment="").geturl(),
        printing=printing, product_type=product_type, tags=tags, variants=variants,
        shown_price={price[0] for price in prices}, shown_currency=next((p[1] for p in prices if p[1]), None),
        marked_sold_out=marked, cart_action=cart, shown_variant=shown_variant,
        is_listing=bool(title) and (shopify_listing or bool(prices)), is_shopify_listing=shopify_listing,
    )


_PRICE_SHAPE = re.compile(r"\d[.,]\d{2}\b|[£$€¥]|\b[A-Z]{3}\b")


def _visible_prices(element: etree._Element) -> list[tuple[Decimal, str | None]]:
    """The prices a buyer reads in a price element, piece by piece: "£13.00" in `<small>£13<sup>00</sup>
    </small><span class="visually-hidden">£13.00</span>` (a piece needs a decimal point or a currency)."""
    found = []
    for piece in element.itertext():
        piece = " ".join(piece.split())
        if piece and _PRICE_SHAPE.search(piece) and is_price_text(piece):
            found.append(vocabulary.parse_price(piece))
    return [price for price in found if price is not None]


def _title_of(elements: list[etree._Element]) -> str:
    """The listing's product title (see the module docstring for the order)."""
    for select in (_TITLE_AROUND_LINK, _LINK_TEXTS, _TITLE_ANYWHERE):
        for element in elements:
            for titled in select(element):
                if text := _leading_words(titled):
                    return text
    for element in elements:
        if text := (attribute_anywhere(element, ("producttitle",)) or _IMAGE_ALT(element)).strip():
            return text
    return ""


def _leading_words(element: etree._Element) -> str:
    """The element's text up to the first price or button word: a link wrapping the whole card
    ("Lightning Bolt [Magic 2010]" "From $2.00" "Sold out") gives its title."""
    words = []
    for piece in element.itertext():
        piece = " ".join(piece.split())
        if not piece:
            continue
        if is_price_text(piece) or _BUTTON_WORDS.match(piece) or only_price_words(piece):
            break
        words.append(piece)
    return " ".join(words)


# -- sold out -------------------------------------------------------------------------------------

_SOLD_OUT_CLASS = re.compile(r"sold[-_]?out|out[-_]?of[-_]?stock", re.I)
_MARK_CLASS = re.compile(r"badge|label|tag|status|price|avail|btn|button|sticker", re.I)


def _says_sold_out(listing: etree._Element) -> bool:
    """A sold-out class, or a badge or button reading "Sold out", on the listing rather than on one
    of its variants (a sold-out option or chip says nothing of the others). A theme's hidden "SOLD
    OUT" label inside every add-to-cart button (toggled by script) is neither, so it does not count."""
    variant_elements = {element for element in listing.iter()
                        if isinstance(element.tag, str) and (element.tag == "option" or variant_data(element, "id"))}
    for element in listing.iter():
        if not isinstance(element.tag, str):
            continue
        if element in variant_elements or any(ancestor in variant_elements for ancestor in element.iterancestors()):
            continue
        classes = element.get("class") or ""
        if _SOLD_OUT_CLASS.search(classes):
            return True
        if element.tag in ("button", "input") or _MARK_CLASS.search(classes):
            text = text_of(element) or (element.get("value") or "").strip()
            if SOLD_OUT_WORDS.match(text):
                return True
    return False
