"""Shopify storefront results pages (search or collection), read from what every theme shares.

BinderPOS stores are Shopify shops, and their search pages come in many themes: BinderPOS's own
"productCard" theme, its grid theme, the older "Norm" theme, and any regular Shopify theme. Class
names differ between themes and between versions of one theme; this module reads what they share.

**Listings.** Every listing links to its product as `/products/<handle>` (perhaps under a
collection, perhaps with search tracking parameters). A listing is the largest element around such
a link that links to no other product (stopping at page regions: `main`, `header`, `nav`, a
search form, an `h1`); it counts when it carries a price, a variant, an add-to-cart form or a
sold-out mark, so menu links do not. A product shown twice (grid and list views) is one listing.
Its title: an element whose class says title around or inside the product link, else the link's
text, else `data-producttitle` or the image's alt text. Its set: an element whose class names a set
(`productCard__setName`), else the title's brackets (`shopify.set_of`). A product type or tags in
the listing (`data-product-type` in any spelling, `data-product-tags`, embedded product JSON, the
page's `var meta`) drop other games as `shopify.is_wanted_type` does; no type at all keeps it.

**Variants, under any spelling**, merged by variant id from whichever the listing carries:
- JSON: an attribute (`data-product-variants`, `data-product-json`, `variants`, …) or a
  `<script type="application/json">` holding a product (`variants`), a list of variants, or a price
  map by variant id (`variants='{"4492…": {"price": "1160"}}'`); the page's `var meta = {…}` and
  JSON scripts elsewhere add titles, prices, SKUs and product types by variant id;
- elements carrying a variant id in a data attribute (BinderPOS's chips), their title, price,
  quantity, availability and SKU read through one lookup (`variant_data`) that knows each field's
  spellings: `data-variantprice` | `data-price` | `data-variant-price`; `data-variantqty` |
  `data-variantquantity` | `data-variant-quantity` | `data-quantity`; … (HTML attribute names are
  case-insensitive, so `data-variantTitle` is `data-varianttitle`);
- `<option>`s whose value is a variant id (`select[name=id]` and the copies themes keep), their
  text the variant title less a price or "sold out" the theme appended;
- the older theme's `div.addNow` buttons, `onclick="addToCart('<id>','<title>','<quantity>',1)"`.

**Availability** of a variant: an explicit mark when there is one (JSON `available`,
`data-available`), else its quantity (> 0), else `disabled` or "sold out" on its option. A listing
marked sold out (a class such as `sold-out` or `productCard__button--outOfStock`, a badge or button
reading "Sold out") has no copy beyond those explicitly available. A variant still unknown counts as
in stock when the listing has an add-to-cart form or button not marked sold out and the variant has
an element of its own (a chip), or is the one the form adds (`input[name=id]`, the selected option).
Any variant left unknown makes the listing `unconfirmed`: the page cannot say which variants are in
stock, so the caller asks the product's Shopify answer and keeps the variants read here if that
answer fails.

**Prices**: JSON numbers are cents (Shopify's unit in theme JSON); a price with a decimal point or a
currency mark ("£11.60") is in major units; a bare integer attribute ("1140") is cents unless the
listing's visible price shows it in major units ("£1,140.00"). A currency mark on the visible price
wins over the store's currency. Condition, finish and language come from the variant's title,
options and SKU through `shopify.offer_from_variant` and `scrapers.vocabulary`.

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

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from scrapers import matching, shopify, vocabulary
from scrapers.errors import UnreadablePage
from scrapers.jsonvalues import as_dict, as_list, as_text
from scrapers.offer import Offer

RESULTS_PAGE = "results page"


@dataclass(frozen=True)
class Listing:
    """One listing of the searched card (Magic, the card's name), in stock or not."""

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
                     product_types: str = "magic|mtg") -> ThemePage:
    """One results page of any Shopify theme; `UnreadablePage` when it is not one we can read."""
    tree = etree.HTML(html) if html and html.strip() else None
    if tree is None:
        raise UnreadablePage(f"{RESULTS_PAGE} not recognised: the store sent an empty page")
    page_variants = _page_variants(tree)
    candidates = [_read_listing(handle, elements, page_variants, base_url)
                  for handle, elements in _listing_elements(tree).items()]
    listed = [candidate for candidate in candidates if candidate.is_listing]
    if not listed:
        return _empty_page(tree)
    if not any(candidate.is_shopify_listing for candidate in listed) and not _says_search_results(tree):
        raise UnreadablePage(
            f"{RESULTS_PAGE} not recognised: product links without variants or an add-to-cart form, "
            "on a page that does not say it is search results"
        )
    card = matching.CardMatcher(card_name)
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


def _lower(attribute: str) -> str:
    """An XPath expression for an attribute lower-cased, less "-" and "_" ("outOfStock" ->
    "outofstock", "advanced-search" -> "advancedsearch")."""
    return f"translate({attribute}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ-_', 'abcdefghijklmnopqrstuvwxyz')"


_BODY_TEXT = _X("//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]")
_NO_RESULTS = re.compile(
    r"\bno (?:results|products found|products match|matching products|matches found)\b|\b0 results\b"
    r"|did not (?:yield|return|match) any|could ?n[o'’]t find any|nothing (?:was )?found|no products were found",
    re.I,
)
_ADVANCED_SEARCH_WIDGET = _X(f"//*[contains({_lower('@id')}, 'advancedsearch') or contains({_lower('@class')}, 'advancedsearch')]")
_SPINNER = _X(f"//body//*[contains({_lower('@class')}, 'spinner') or contains({_lower('@class')}, 'loader')"
              f" or contains({_lower('@class')}, 'loading') or contains({_lower('@class')}, 'skeleton')]")
_LOADING_TEXT = re.compile(r"\bloading\b|\bplease wait\b", re.I)
_RESULTS_CONTAINERS = _X(
    f"//*[not(*)][contains({_lower('@class')}, 'productcardgrid') or contains({_lower('@class')}, 'collectiongrid')"
    f" or contains({_lower('@class')}, 'productsdisplay') or contains({_lower('@class')}, 'productgrid')"
    f" or contains({_lower('@class')}, 'searchresults') or @id = 'product-grid' or @id = 'Collection']"
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
    f"[@rel='next' or contains({_lower('@class')}, 'next') or contains({_lower('@aria-label')}, 'next')"
    f" or ancestor::*[contains({_lower('@class')}, 'next')]"
    " or normalize-space() = '→' or normalize-space() = '›' or normalize-space() = '»'"
    f" or starts-with({_lower('normalize-space()')}, 'next')]"
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


@dataclass
class Variant:
    """What the page says about one variant; None / "" where it says nothing."""

    id: str
    title: str = ""
    options: tuple[str, ...] = ()
    sku: str = ""
    price_text: str = ""  # as the page wrote it: "1140", "£11.60"
    cents: int | None = None  # a JSON number: always cents
    available: bool | None = None
    quantity: int | None = None
    own_element: bool = False  # a chip or button of its own, not a bare option
    product: dict[str, Any] = field(default_factory=dict)  # its product's JSON, if the page has it

    def merge(self, other: Variant) -> None:
        """Fill what this reading lacks from another reading of the same variant."""
        for name in ("title", "options", "sku", "price_text", "cents", "available", "quantity", "product"):
            if getattr(self, name) in (None, "", (), {}):
                setattr(self, name, getattr(other, name))
        self.own_element = self.own_element or other.own_element


def _merged(readings: list[Variant]) -> dict[str, Variant]:
    merged: dict[str, Variant] = {}
    for reading in readings:
        if reading.id in merged:
            merged[reading.id].merge(reading)
        else:
            merged[reading.id] = reading
    return merged


_TITLED = ("(self::h2 or self::h3 or self::h4 or self::h5"
           f" or contains({_lower('@class')}, 'title') or contains({_lower('@class')}, 'heading'))")
_TITLE_AROUND_LINK = _X(
    f".//*[{_TITLED}][.//a[contains(@href, '/products/')] or ancestor::a[contains(@href, '/products/')]]"
)
_TITLE_ANYWHERE = _X(f".//*[{_TITLED}]")
_LINK_TEXTS = _X("descendant-or-self::a[contains(@href, '/products/')]")
_IMAGE_ALT = _X("string((.//a[contains(@href, '/products/')]//img/@alt)[1])")
_SET_NAME = _X(f"normalize-space((.//*[contains({_lower('@class')}, 'setname')])[1])")
_VENDOR = _X(f"normalize-space((.//*[contains({_lower('@class')}, 'vendor')])[1])")
_BUTTON_WORDS = re.compile(r"^(?:sold out|out of stock|add to cart|buy now|quick ?view|view|more info|select options|"
                           r"choose options|unavailable|sold)$", re.I)
_PRICES = _X(f".//*[contains({_lower('@class')}, 'price')]")
_CART_ACTION = _X(
    f"boolean(.//form[contains(@action, '/cart/add')] | .//*[contains({_lower('@class')}, 'addtocart')]"
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
        minor = _in_minor_units([v.price_text for v in self.variants.values()], self.shown_price)
        offers = []
        for variant in self.variants.values():
            if variant.available is not True:
                continue
            offer = shopify.offer_from_variant(
                {"id": variant.id, "title": variant.title, "sku": variant.sku, "available": True,
                 "inventory_quantity": variant.quantity,
                 **{f"option{n}": option for n, option in enumerate(variant.options[:3], 1)}},
                _price(variant, minor), self.title, self.printing, self.url, self.shown_currency or currency,
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


def _read_listing(handle: str, elements: list[etree._Element], page_variants: dict[str, Variant],
                  base_url: str) -> _Candidate:
    title = _title_of(elements)
    href = next(link.get("href") for element in elements for link in _LINK_TEXTS(element)
                if handle_of(link.get("href")) == handle)
    variants, options, product_type, tags = _variant_readings(elements, page_variants)
    prices = [price for each in elements for element in _PRICES(each) for price in _visible_prices(element)]
    # The variant the add-to-cart form adds: its id input, else the selected option.
    selected = {str(value).strip() for element in elements for value in _SELECTED(element)}
    shown_variant = next(filter(None, (_FORM_VARIANT(element) for element in elements)), "") or next(
        (option.id for option in options if option.id in selected), "")
    if shown_variant.isdigit() and shown_variant not in variants:
        variants[shown_variant] = page_variants.get(shown_variant) or Variant(shown_variant)
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


def _variant_readings(elements: list[etree._Element], page_variants: dict[str, Variant]
                      ) -> tuple[dict[str, Variant], list[Variant], str | None, Any]:
    """The listing's variants by id from every source, its bare options, and its product type and tags."""
    readings: list[Variant] = []
    options: list[Variant] = []
    product_type, tags = None, None
    for element in elements:
        json_readings, json_type, json_tags = _json_variants(element)
        element_options = _option_variants(element)
        options += element_options
        readings += json_readings + element_options + _element_variants(element) + _add_now_variants(element)
        product_type = next((t for t in (product_type, json_type, _attribute_anywhere(element, ("producttype",)))
                             if t is not None), None)
        tags = next((t for t in (tags, json_tags, _json_or_none(_attribute_anywhere(element, ("producttags",)) or ""))
                     if t is not None), None)
    variants = _merged(readings)
    for variant in variants.values():
        if variant.id in page_variants:
            variant.merge(page_variants[variant.id])
            product = variant.product
            product_type = product_type if product_type is not None else _text_or_none(product.get("type"))
            tags = tags if tags is not None else product.get("tags")
    return variants, options, product_type, tags


_PRICE_SHAPE = re.compile(r"\d[.,]\d{2}\b|[£$€¥]|\b[A-Z]{3}\b")


def _visible_prices(element: etree._Element) -> list[tuple[Decimal, str | None]]:
    """The prices a buyer reads in a price element, piece by piece: "£13.00" in `<small>£13<sup>00</sup>
    </small><span class="visually-hidden">£13.00</span>` (a piece needs a decimal point or a currency)."""
    found = []
    for piece in element.itertext():
        piece = " ".join(piece.split())
        if piece and _PRICE_SHAPE.search(piece) and _is_price_text(piece):
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
        if text := (_attribute_anywhere(element, ("producttitle",)) or _IMAGE_ALT(element)).strip():
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
        if _is_price_text(piece) or _BUTTON_WORDS.match(piece) or _only_price_words(piece):
            break
        words.append(piece)
    return " ".join(words)


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


# -- sold out -------------------------------------------------------------------------------------

_SOLD_OUT_CLASS = re.compile(r"sold[-_]?out|out[-_]?of[-_]?stock", re.I)
_MARK_CLASS = re.compile(r"badge|label|tag|status|price|avail|btn|button|sticker", re.I)
_SOLD_OUT_WORDS = re.compile(r"^(?:sold ?out|out of stock|unavailable|sold)$", re.I)


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
            text = _text(element) or (element.get("value") or "").strip()
            if _SOLD_OUT_WORDS.match(text):
                return True
    return False


# -- variants under their several spellings -------------------------------------------------------

_SPELLINGS = {
    "id": ("variantid", "variant", "vid"),
    "title": ("varianttitle", "variantname", "title"),
    "price": ("variantprice", "price"),
    "quantity": ("variantqty", "variantquantity", "variantinventory", "quantity", "qty", "inventory",
                 "inventoryquantity", "stock"),
    "available": ("variantavailable", "available", "availability", "instock"),
    "sku": ("variantsku", "sku"),
}


def _data_attributes(element: etree._Element) -> dict[str, str]:
    """`data-variant-Price="1"` -> {"variantprice": "1"}: one spelling per field, whatever the theme."""
    return {name.lower()[5:].replace("-", "").replace("_", ""): value.strip()
            for name, value in element.attrib.items() if name.lower().startswith("data-")}


def variant_data(element: etree._Element, field_name: str) -> str | None:
    """The element's `field_name` ("id", "title", "price", "quantity", "available", "sku") under any
    of its spellings; None when the element does not say."""
    attributes = _data_attributes(element)
    return next((attributes[key] for key in _SPELLINGS[field_name] if key in attributes), None)


def _attribute_anywhere(element: etree._Element, spellings: tuple[str, ...]) -> str | None:
    for inner in element.iter():
        if isinstance(inner.tag, str) and inner.attrib:
            attributes = _data_attributes(inner)
            for key in spellings:
                if key in attributes:
                    return attributes[key]
    return None


def _availability(text: str | None) -> bool | None:
    if text is None:
        return None
    lowered = text.strip().lower()
    if lowered in ("true", "1", "yes", "available", "in stock", "instock"):
        return True
    if lowered in ("false", "0", "no", "unavailable", "sold out", "soldout", "out of stock"):
        return False
    return None


def _element_variants(listing: etree._Element) -> list[Variant]:
    """BinderPOS chips and any element naming a variant id in a data attribute."""
    found = []
    for element in listing.iter():
        if not isinstance(element.tag, str) or element.tag == "option" or not element.attrib:
            continue
        variant_id = variant_data(element, "id")
        if not variant_id or not variant_id.isdigit():
            continue
        # Its own text when its attributes do not say: "Near Mint - £11.40", or in child elements.
        parts = [part for piece in element.itertext() for part in _OPTION_PARTS.split(" ".join(piece.split())) if part]
        found.append(Variant(
            id=variant_id, title=variant_data(element, "title") or " - ".join(p for p in parts if not _is_price_text(p)),
            sku=variant_data(element, "sku") or "",
            price_text=variant_data(element, "price") or next((p for p in parts if _is_price_text(p)), ""),
            available=_availability(variant_data(element, "available")),
            quantity=vocabulary.int_or_none(variant_data(element, "quantity")), own_element=True,
        ))
    return found


_VARIANT_OPTIONS = _X(
    f".//select[not(contains({_lower('@name')}, 'quantity') or contains({_lower('@name')}, 'qty')"
    f" or contains({_lower('@class')}, 'quantity'))]//option[@value]"
)
_OPTION_PARTS = re.compile(r"\s+[-–—|]\s+")
_IN_PARENTHESES = re.compile(r"\s*\(([^()]*)\)")


def _option_variants(listing: etree._Element) -> list[Variant]:
    """Options whose value is a variant id; "Near Mint - £11.60" and "Near Mint (Sold out)" are
    the title "Near Mint" with a price or a sold-out mark appended."""
    found = []
    for option in _VARIANT_OPTIONS(listing):
        value = (option.get("value") or "").strip()
        if not value.isdigit():
            continue
        text = _IN_PARENTHESES.sub(lambda group: f" - {group.group(1)}", _text(option))
        parts = [part.strip() for part in _OPTION_PARTS.split(text) if part.strip()]
        says_sold_out = any(_SOLD_OUT_WORDS.match(part) for part in parts)
        prices = [part for part in parts if _is_price_text(part)]
        title = " - ".join(part for part in parts if not _SOLD_OUT_WORDS.match(part) and part not in prices)
        available = _availability(variant_data(option, "available"))
        if available is None and (option.get("disabled") is not None or says_sold_out):
            available = False
        found.append(Variant(
            id=value, title=title, price_text=variant_data(option, "price") or next(iter(prices), ""),
            available=available, quantity=vocabulary.int_or_none(variant_data(option, "quantity")),
        ))
    return found


_PRICE_WORDS = frozenset({"from", "sale", "regular", "price", "now", "only", "each"})


def _only_price_words(text: str) -> bool:
    """"Regular price", "Sale price": a label before the price (often visually hidden)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return bool(words) and all(word in _PRICE_WORDS for word in words)


def _is_price_text(text: str) -> bool:
    """"£11.60", "11.60 GBP" and "From $2.00" are prices; "Near Mint 2" and "Lightning Bolt [Magic
    2010]" are words."""
    words = re.findall(r"[^\W\d_]{4,}", text.lower())
    return vocabulary.parse_price(text) is not None and all(word in _PRICE_WORDS for word in words)


_ADD_TO_CART_CALL = re.compile(
    r"addToCart\(\s*['\"]?(\d+)['\"]?\s*,\s*(['\"])((?:\\.|(?!\2).)*)\2(?:\s*,\s*['\"]?\s*(-?\d+)\s*['\"]?)?"
)


def _add_now_variants(listing: etree._Element) -> list[Variant]:
    """The older theme's `div.addNow onclick="addToCart('<id>','<product - variant>','<qty>',1)"`,
    its text "Near Mint - $2.50"."""
    found = []
    for element in listing.iter():
        if not isinstance(element.tag, str):
            continue
        call = _ADD_TO_CART_CALL.search(element.get("onclick") or "")
        if not call:
            continue
        text_parts = [part for part in re.split(r"\s+[-–—~]\s+", _text(element)) if part]
        title = " - ".join(part for part in text_parts if not _is_price_text(part))
        title = title or call.group(3).rsplit(" - ", 1)[-1]
        found.append(Variant(
            id=call.group(1), title=title, price_text=next((p for p in text_parts if _is_price_text(p)), ""),
            quantity=vocabulary.int_or_none(call.group(4)), own_element=True,
        ))
    return found


# -- embedded JSON ----------------------------------------------------------------------------------

_JSON_SCRIPTS = _X(".//script[contains(@type, 'json')]")
_META_SCRIPTS = _X("//script[contains(., 'var meta')]")
_META = re.compile(r"var meta\s*=\s*(\{.*?\});\s*(?:\n|$)", re.S)


def _json_or_none(text: str) -> Any:
    try:
        return json.loads(text) if text and text.lstrip()[:1] in "[{" else None
    except ValueError:
        return None


def _json_sources(root: etree._Element) -> list[tuple[str, dict[str, Any]]]:
    """JSON-looking attribute values (names with "variant", "product" or "json") and JSON scripts,
    each with the product type and tags its element states beside it (`data-product-type`)."""
    sources = []
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.attrib:
            continue
        for name, value in element.attrib.items():
            if value.lstrip()[:1] in ("[", "{") and any(word in name.lower() for word in ("variant", "product", "json")):
                attributes = _data_attributes(element)
                context = {"type": attributes.get("producttype"), "tags": _json_or_none(attributes.get("producttags", ""))}
                sources.append((value, {key: value for key, value in context.items() if value is not None}))
    return sources + [(script.text or "", {}) for script in _JSON_SCRIPTS(root)]


def _json_variants(listing: etree._Element) -> tuple[list[Variant], str | None, Any]:
    """Variants in the listing's JSON attributes and scripts, with the product type and tags."""
    found: list[Variant] = []
    product_type, tags = None, None
    for source, context in _json_sources(listing):
        data = _json_or_none(source)
        product = {**context, **as_dict(data)} if as_dict(data).get("variants") is not None else context
        product_type = product_type or _text_or_none(product.get("type") or product.get("product_type"))
        tags = tags if tags is not None else product.get("tags")
        found += _variants_in(data, context)
    return found, product_type, tags


def _variants_in(data: Any, product: dict[str, Any] | None = None) -> list[Variant]:
    """A product's variants, a list of variants, or a price map by variant id, as `Variant`s;
    `product` is what is known of their product (type, tags)."""
    if isinstance(data, dict) and isinstance(data.get("variants"), list):
        return _variants_in(data["variants"], {**(product or {}), **data})
    if isinstance(data, list):
        return [_json_variant(entry, product or {}) for entry in map(as_dict, data) if as_text(entry.get("id")).isdigit()]
    if isinstance(data, dict) and data and all(str(key).isdigit() for key in data):
        return [_json_variant({**as_dict(entry), "id": key}, product or {}) for key, entry in data.items()]
    return []


def _json_variant(entry: dict[str, Any], product: dict[str, Any]) -> Variant:
    price = entry.get("price")
    options = entry.get("options") if isinstance(entry.get("options"), list) else [
        entry.get(f"option{n}") for n in (1, 2, 3)]
    return Variant(
        id=as_text(entry.get("id")),
        title=as_text(entry.get("title")) or as_text(entry.get("public_title")),
        options=tuple(filter(None, map(as_text, options))),
        sku=as_text(entry.get("sku")),
        cents=price if isinstance(price, int) and not isinstance(price, bool) else None,
        price_text=price.strip() if isinstance(price, str) else "",
        available=entry.get("available") if isinstance(entry.get("available"), bool) else None,
        quantity=vocabulary.int_or_none(entry.get("inventory_quantity")),
        product=product,
    )


def _page_variants(tree: etree._Element) -> dict[str, Variant]:
    """Variants the page describes outside its listings, by id: JSON attributes and scripts
    (Dice Saloon keeps each product's variants in a hidden `div[data-product-variants]` beside its
    listing) and Shopify's `var meta = {"products": [...]}`."""
    found: list[Variant] = []
    metas = [(meta.group(1), {}) for script in _META_SCRIPTS(tree) if (meta := _META.search(script.text or ""))]
    for source, context in _json_sources(tree) + metas:
        data = _json_or_none(source)
        for product in as_list(as_dict(data).get("products")) or [data]:
            found += _variants_in(product, context)
    return _merged(found)


def _text_or_none(value: Any) -> str | None:
    return as_text(value) if as_text(value) else None


# -- prices -----------------------------------------------------------------------------------------

def _in_minor_units(price_texts: list[str], shown: set[Decimal]) -> bool:
    """Whether the listing's bare integer prices are cents: yes, unless the visible price shows
    one of them in major units ("1140" beside "£1,140.00") and none as cents ("£11.40")."""
    integers = [Decimal(text) for text in price_texts if text.isdigit()]
    if any(number.scaleb(-2) in shown for number in integers):
        return True
    return not any(number in shown for number in integers)


def _price(variant: Variant, minor: bool) -> Decimal | None:
    if variant.cents is not None:
        return vocabulary.price_from_minor_units(variant.cents)
    if variant.price_text.isdigit():
        return vocabulary.price_from_minor_units(variant.price_text, 2 if minor else 0)
    parsed = vocabulary.parse_price(variant.price_text)
    return parsed[0] if parsed else None
