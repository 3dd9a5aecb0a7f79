"""Crystal Commerce: the products on a results or category page and their copies, whatever the theme.

Crystal Commerce themes differ in class names and in what they put where, so nothing here depends on
one theme. What they share, and what this module reads:

- **A product** is an `li.product` (any `li` whose classes include the word "product"). Pages without
  one are read from other containers marked as a product (a `schema.org/Product` item, or a `div`
  or `article` with the class word "product") that hold an add-to-cart form.
  Name: the first name heading's `title` (titles are cut short in the text), else its text, else
  `itemprop="name"`, else the product link's title. Set: the `…category…` element beside the title,
  else the form's `data-category`. Link: the `itemprop="url"` link, else the first catalog or product
  link; the category link (`/catalog/<category>/<id>`) is kept for the Magic-singles rule
  (`scrapers.crystal_commerce_categories`).
- **A variant row** is any element whose class says `variant-row` (any spelling: `variantRow`,
  `variant_row`), or, in themes without one, the largest element around an add-to-cart form that
  holds no other. An add-to-cart form is a form with a `data-vid`, a class naming the cart, or an
  action posting to a cart path.
- **Condition and language**: the form's (or row's) variant attribute under any spelling
  (`data-variant`, `data-variant-title`, `data-varianttitle`, …), else the first description-like
  element (`variant-description`, `variant-short-info`, `…condition…`), else the row's visible text,
  read through `scrapers.vocabulary`. "NM-Mint, English, 14 In Stock" is split on commas; the
  quantity part is not part of the condition. A description naming a finish and a language but no
  condition ("Foil, English") is a copy whose condition the store does not state (blank); one
  naming something else ("Graded", "Hero Deal") is skipped on purpose.
- **Price**: a `data-price` attribute (any spelling) holding a currency mark or decimals (a bare
  integer may be cents, so it is not trusted), else the innermost element whose class contains
  "price" (not an MSRP, compare-at or old price), else `itemprop="price"`, else the first amount
  with a currency mark in the row's text. `vocabulary.parse_price` reads the currency ("£" is GBP).
- **Quantity**: "N In Stock"-like text in a `…qty…` / `…stock…` element, else anywhere in the row's
  visible text, else the `max` of the quantity input or select, else its last option.
- **Sold out**: a row whose class says so (`no-stock`, `sold-out`, …), whose text says "Out of
  stock" / "Sold out", or that has neither an add-to-cart form nor a price.
- **The same variant in several views** (grid, list, detail) is one copy: rows are grouped by
  `data-vid`, else by (link, condition text, price). When views disagree on the count the smallest
  wins: Skyward Fire's list view puts the product's total ("17 In Stock") beside its first variant,
  whose own count (14, its select's `max`) the detail view shows.

A product is read into `ProductCopies`: its in-stock offers and whether it says it is sold out
(every row sold out, or skipped on purpose). A product with rows we could not read and no offer is
neither: the search's `Readout` reports it (never a silent "not in stock").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from lxml import etree

from scrapers import matching, vocabulary
from scrapers.offer import UNSTATED_CONDITION, Offer

_STRING_VALUE = etree.XPath("string()")
_XPATH_SPACE = re.compile(r"[ \t\r\n\xa0]+")
# Text a buyer does not read as prose on the row: the quantity picker's options, scripts.
_NO_TEXT = frozenset({"select", "option", "script", "style", "noscript", "template", "textarea"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SOLD_OUT_CLASSES = ("no-stock", "nostock", "no_stock", "out-of-stock", "outofstock", "out_of_stock",
                     "sold-out", "soldout", "sold_out")
_NOT_THE_PRICE = re.compile(r"msrp|compare|original|retail|strike|list-price|(?:^|[\s_-])(?:old|was)\b")
_DESCRIPTION_CLASSES = ("variant-description", "variant-short-info", "short-info", "variant-info",
                        "variantinfo", "variant-title", "variant-name", "condition", "description")
# Not "stock": rows carry "in-stock" / "no-stock" on themselves and on wrappers.
_QUANTITY_CLASSES = ("qty", "quantity", "inventory", "stock-count", "stock-level")
_COUNT_CLASS = re.compile("|".join(_QUANTITY_CLASSES), re.I)
# Any class worth a closer look (a cheap first test on every element of a row).
_MARKED = re.compile("price|cart|" + "|".join(_QUANTITY_CLASSES + _DESCRIPTION_CLASSES))
_AMOUNT_WITH_MARK = re.compile(r"(?:[A-Z]{0,3}\$|[£€¥])\s?\d[\d.,]*|\d[\d.,]*\s?(?:€|£)")
_QUANTITY_PHRASE = re.compile(
    r"^\s*(?:\d+\s*(?:in stock|en stock|available|disponibles?|left)|(?:limit|qty|quantity|stock)\s*:?\s*\d+)\s*$",
    re.I,
)


# -- products -------------------------------------------------------------------------------------

# `//li[contains(@class, 'product')]` written to test the class attributes themselves: libxml2 checks
# a predicate on an attribute faster than on an element, and store menus are long lists.
_LI_WITH_PRODUCT_CLASS = etree.XPath("//li/@class[contains(., 'product')]/parent::li")
# Candidates for variant rows, the same way; `_is_row` decides.
_CLASS_NAMING_A_VARIANT = etree.XPath(".//@class[contains(., 'ariant')]/..")


def product_elements(tree: etree._Element) -> list[etree._Element]:
    """The page's product containers, in page order (see the module docstring)."""
    items = [li for li in _LI_WITH_PRODUCT_CLASS(tree) if "product" in li.get("class", "").split()]
    if items:
        return items
    marked = [element for element in tree.iter("div", "article", "section", "tr")
              if _marked_as_product(element) and any(_is_cart_form(form) for form in element.iter("form"))]
    return [element for element in marked if not any(other in marked for other in element.iterancestors())]


def _marked_as_product(element: etree._Element) -> bool:
    return (element.get("itemtype") or "").endswith("schema.org/Product") or \
        "product" in element.get("class", "").split()


@dataclass(frozen=True)
class Product:
    element: etree._Element
    name: str
    set_name: str
    href: str | None  # the product page's link as the page wrote it
    category_href: str | None  # the link to its category (`/catalog/<category>/<id>`), if shown


_CATEGORY_LINK = re.compile(r"/catalog/[^/?#]+/\d+/?(?:[?#]|$)")
_PRODUCT_LINK = re.compile(r"/catalog/[^/?#]+/[^/?#]+/\d+|/products?/")


def read_product(element: etree._Element, name: str | None = None) -> Product:
    """The product's name (unless already read), set and links."""
    return Product(element, product_name(element) if name is None else name, _set_name(element), *_links(element))


def first_link(element: etree._Element) -> str:
    """The product's first link as written (cheap: it tells one page's products from another's)."""
    return next((href for link in element.iter("a") if (href := link.get("href"))), "")


def product_name(element: etree._Element) -> str:
    first_heading = None
    for heading in element.iter(*_HEADINGS):
        if "name" in heading.get("class", "") or "title" in heading.get("class", ""):
            title = heading.get("title")
            if title is not None and title.strip():
                return " ".join(title.split())  # the rest of the product is its variant rows
            if first_heading is None:
                first_heading = heading
    if first_heading is not None:
        return text_of(first_heading)
    for named in element.iter():
        if named.get("itemprop") == "name":
            return " ".join((named.get("content") or text_of(named)).split())
    link = next((a for a in element.iter("a") if a.get("title")), None)
    return " ".join(link.get("title").split()) if link is not None else ""


def _set_name(element: etree._Element) -> str:
    for candidate in element.iter("span", "a", "div", "p", "small"):
        if "category" in candidate.get("class", "") or "set-name" in candidate.get("class", ""):
            return text_of(candidate)
    return ""


def _links(element: etree._Element) -> tuple[str | None, str | None]:
    product = category = first = None
    for link in element.iter("a"):
        href = link.get("href")
        if not href:
            continue
        path = href.split("?", 1)[0]
        if category is None and _CATEGORY_LINK.search(path + "#"):
            category = href
        elif product is None and link.get("itemprop") == "url" and ("/catalog/" in path or "/product" in path):
            product = href
        elif first is None and _PRODUCT_LINK.search(path):
            first = href
    return product or first, category


# -- variant rows ---------------------------------------------------------------------------------

def _is_cart_form(form: etree._Element) -> bool:
    return form.get("data-vid") is not None or "cart" in form.get("class", "").lower() or \
        "cart" in form.get("action", "").lower()


def _is_row(css: str | None) -> bool:
    # Any spelling of "variant-row" ("variantRow", "variant_row"), the first letter left out for "VariantRow".
    return bool(css) and ("ariant-row" in css or "ariantRow" in css or "ariant_row" in css or "ariantrow" in css)


def variant_rows(product: etree._Element) -> list[etree._Element]:
    rows = [element for element in _CLASS_NAMING_A_VARIANT(product) if _is_row(element.get("class"))]
    # Sets of elements, not of id()s: lxml keeps one proxy per node only while it is referenced.
    if len(rows) > 1:
        # Innermost only: a "variant-rows" wrapper holds the rows themselves.
        wrappers = {above for row in rows for above in _ancestors_below(row, product)}
        rows = [row for row in rows if row not in wrappers]
    forms = [form for form in product.iter("form") if _is_cart_form(form)]
    if forms and len(forms) > sum(1 for row in rows for form in row.iter("form") if _is_cart_form(form)):
        in_rows = {form for row in rows for form in row.iter("form")}
        rows.extend(_row_around(form, product) for form in forms if form not in in_rows)
    return rows


def _ancestors_below(element: etree._Element, product: etree._Element) -> list[etree._Element]:
    above, found = element.getparent(), []
    while above is not None and above is not product:
        found.append(above)
        above = above.getparent()
    return found


def _row_around(form: etree._Element, product: etree._Element) -> etree._Element:
    """The largest element around `form`, below the product, that holds no other add-to-cart form."""
    row = form
    for above in form.iterancestors():
        if above is product or sum(1 for other in above.iter("form") if _is_cart_form(other)) > 1:
            break
        row = above
    return row


def text_of(element: etree._Element | None) -> str:
    """`normalize-space()` of an element: its whole text, whitespace collapsed; "" for None."""
    if element is None:
        return ""
    text = (element.text or "") if len(element) == 0 else _STRING_VALUE(element)
    if "  " in text or not text.isprintable():
        text = _XPATH_SPACE.sub(" ", text)
    return text.strip()


def _attributes(element: etree._Element | None) -> dict[str, str]:
    """The element's non-blank `data-` attributes by plain name: less "data-", dashes and underscores,
    lower case, so `data-variant-title`, `data-variantTitle` and `data-variant_title` are one name."""
    if element is None:
        return {}
    plain: dict[str, str] = {}
    for key, value in element.attrib.items():
        if key[:5].lower() == "data-" and value and not value.isspace():
            plain.setdefault(key[5:].lower().replace("-", "").replace("_", ""), value.strip())
    return plain


def _first_of(attributes: dict[str, str], names: tuple[str, ...]) -> str:
    return next((attributes[name] for name in names if name in attributes), "")


_VARIANT_ATTRIBUTES = ("variant", "varianttitle", "variantname", "variantdescription", "variantcondition",
                       "condition")
_PRICE_ATTRIBUTES = ("price", "variantprice", "productprice")
_VID_ATTRIBUTES = ("vid", "variantid")


@dataclass
class _RowScan:
    """What one walk over a row's elements found."""

    form: etree._Element | None = None
    cart_button: bool = False
    descriptions: list[str] = field(default_factory=list)
    prices: list[str] = field(default_factory=list)
    quantity_texts: list[str] = field(default_factory=list)
    quantity_max: int | None = None
    last_option: int | None = None
    pieces: list[str] = field(default_factory=list)  # visible text, node by node


def _scan(row: etree._Element) -> _RowScan:
    scan = _RowScan()
    _walk(row, scan, row)
    return scan


def _walk(element: etree._Element, scan: _RowScan, row: etree._Element) -> None:
    tag = element.tag
    if not isinstance(tag, str):
        return  # a comment
    css = element.get("class")
    css = css.lower() if css else ""
    if tag == "form":
        if scan.form is None and _is_cart_form(element):
            scan.form = element
    elif tag in ("input", "select"):
        _read_picker(element, tag, css, scan)
    elif element is not row and (_MARKED.search(css) or element.get("itemprop") == "price"):
        _read_marked(element, css, scan)
    if tag in _NO_TEXT:
        return
    text = element.text
    if text and not text.isspace():
        scan.pieces.append(text.strip())
    for child in element:
        _walk(child, scan, row)
        tail = child.tail
        if tail and not tail.isspace():
            scan.pieces.append(tail.strip())


def _is_cart_button(css: str) -> bool:
    return "add-to-cart" in css or "addtocart" in css or "add_to_cart" in css


def _read_picker(element: etree._Element, tag: str, css: str, scan: _RowScan) -> None:
    if _is_cart_button(css):
        scan.cart_button = scan.cart_button or element.get("disabled") is None
    if "qty" in css or "quantity" in css or "qty" in element.get("name", ""):
        if scan.quantity_max is None:
            scan.quantity_max = vocabulary.int_or_none(element.get("max"))
        if tag == "select" and len(element):
            last = element[len(element) - 1]
            scan.last_option = vocabulary.int_or_none(last.get("value") or last.text)


def _read_marked(element: etree._Element, css: str, scan: _RowScan) -> None:
    """An element whose class or itemprop says what it holds: a price, a count, the variant's words."""
    if ("price" in css and not _not_the_price(css)) or element.get("itemprop") == "price":
        if not _has_price_inside(element):
            scan.prices.append(element.get("content") or text_of(element))
        return
    if _is_cart_button(css):
        scan.cart_button = scan.cart_button or element.get("disabled") is None
        return
    counts = any(word in css for word in _QUANTITY_CLASSES)
    describes = any(word in css for word in _DESCRIPTION_CLASSES)
    if not (counts or describes):
        return
    text = _visible_text(element)
    if counts or _QUANTITY_PHRASE.match(text):
        scan.quantity_texts.append(text)
    elif text:
        scan.descriptions.append(text)


def _not_the_price(css: str) -> bool:
    return bool(_NOT_THE_PRICE.search(css))


def _has_price_inside(element: etree._Element) -> bool:
    return any("price" in (inner.get("class") or "").lower() or inner.get("itemprop") == "price"
               for inner in element.iterdescendants() if isinstance(inner.tag, str))


def _visible_text(element: etree._Element) -> str:
    """The element's text without its quantity picker's options or scripts, spaces collapsed."""
    if len(element) == 0:
        return text_of(element)
    pieces: list[str] = []
    for inner in element.iter():
        if isinstance(inner.tag, str) and inner.tag not in _NO_TEXT and inner.text:
            pieces.append(inner.text)
        if inner is not element and inner.tail:
            pieces.append(inner.tail)
    return _XPATH_SPACE.sub(" ", " ".join(pieces)).strip()


# -- reading a row ----------------------------------------------------------------------------------

OFFER, SOLD_OUT, SKIPPED, UNREAD = "offer", "sold out", "skipped", "unread"
ANOTHER_VIEW = "another view"  # a variant already read, shown again in another view (its count only)


@dataclass(frozen=True)
class RowReading:
    state: str  # OFFER, SOLD_OUT, SKIPPED, UNREAD or ANOTHER_VIEW
    key: str | None = None  # the variant's id, when the page gives one
    description: str = ""  # the store's own words for the copy ("NM-Mint, English")
    condition: str = UNSTATED_CONDITION
    language: str | None = None
    price: tuple[Decimal, str | None] | None = None
    quantity: int | None = None
    quantity_stated: bool = False  # from a count on the page, not the picker's last option
    name_hint: str = ""  # the form's `data-name` (it may carry the finish)
    set_hint: str = ""  # the form's `data-category`


def read_row(row: etree._Element) -> RowReading:
    scan = _scan(row)
    form = scan.form
    marked = {**_attributes(row), **_attributes(form)}  # the form's own attributes win
    text = " ".join(scan.pieces)
    row_class = row.get("class", "").lower()
    says_sold_out = any(word in row_class for word in _SOLD_OUT_CLASSES) or vocabulary.parse_quantity(text) == 0
    price = _price(marked, scan, text)
    buyable = form is not None or scan.cart_button
    quantity, stated = _quantity(scan, text)
    if says_sold_out or (not buyable and price is None and not (stated and quantity)):
        return RowReading(SOLD_OUT)  # nothing to buy, and no count saying otherwise
    if not buyable or price is None:
        return RowReading(UNREAD)
    if quantity == 0:
        return RowReading(SOLD_OUT)
    description, explicit = _description(marked, scan)
    parts = [part.strip() for part in description.split(",")]
    parts = [part for part in parts if part and not _QUANTITY_PHRASE.match(part)]
    description = ", ".join(parts)
    condition = next((found for found in map(vocabulary.parse_condition, parts) if found), None)
    if condition is None:
        if explicit and not all(_names_finish_or_language(part) for part in parts):
            return RowReading(SKIPPED)  # "Graded", "Hero Deal": the store names no condition we sell
        condition = UNSTATED_CONDITION
    language = next((found for found in map(vocabulary.parse_language, parts) if found), None) or \
        vocabulary.language_in(description)
    return RowReading(
        OFFER, _first_of(marked, _VID_ATTRIBUTES) or None, description, condition, language, price,
        quantity, stated,
        name_hint=_first_of(marked, ("name", "productname")),
        set_hint=_first_of(marked, ("category", "set", "setname")),
    )


def _names_finish_or_language(part: str) -> bool:
    return bool(vocabulary.parse_language(part)) or vocabulary.parse_finish(part) != "nonfoil" or \
        matching.normalize(part) in ("non foil", "nonfoil", "normal", "regular")


def _description(marked: dict[str, str], scan: _RowScan) -> tuple[str, bool]:
    """The variant's own words and whether the page marked them as such (an attribute or element)."""
    variant = _first_of(marked, _VARIANT_ATTRIBUTES)
    if variant:
        return variant, True
    for description in scan.descriptions:
        if vocabulary.parse_condition(description) or _names_a_language(description):
            return description, True
    if scan.descriptions:
        return scan.descriptions[0], True  # "Graded", "Hero Deal": words, but no condition
    # The row's visible text, node by node: the first that names a condition, else a language.
    for piece in scan.pieces:
        if vocabulary.parse_condition(piece):
            return piece, False
    for piece in scan.pieces:
        if _names_a_language(piece):
            return piece, False
    return "", False


def _names_a_language(text: str) -> bool:
    return bool(vocabulary.language_in(text)) or any(map(vocabulary.parse_language, text.split(",")))


def _price(marked: dict[str, str], scan: _RowScan, text: str) -> tuple[Decimal, str | None] | None:
    attribute = _first_of(marked, _PRICE_ATTRIBUTES)
    # A bare integer may be cents (another platform's habit): only a mark or decimals say units.
    if attribute and not attribute.isdigit():
        price = _price_in(attribute)
        if price is not None:
            return price
    for shown in scan.prices:
        price = _price_in(shown)
        if price is not None:
            return price
    amount = _AMOUNT_WITH_MARK.search(text)
    return _price_in(amount.group()) if amount else None


@functools.lru_cache(maxsize=1024)
def _price_in(text: str) -> tuple[Decimal, str | None] | None:
    # Cached: the grid, list and detail views repeat each price.
    return vocabulary.parse_price(text)


def _quantity(scan: _RowScan, text: str) -> tuple[int | None, bool]:
    for shown in scan.quantity_texts:
        quantity = vocabulary.parse_quantity(shown)
        if quantity is not None:
            return quantity, True
    quantity = vocabulary.parse_quantity(text)
    if quantity is not None:
        return quantity, True
    if scan.quantity_max is not None:
        return scan.quantity_max, True
    return scan.last_option, False


# -- a product's copies -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ProductCopies:
    offers: list[Offer]  # in stock, one per variant
    sold_out: bool  # no offer, and every row says sold out (or names no condition we sell)
    unread: int  # rows we could not read


def copies_of(product: Product, name: str, url: str, currency: str) -> ProductCopies:
    """The product's in-stock copies, one per variant however many views show it."""
    readings: list[RowReading] = []
    offered: set[str] = set()
    for row in variant_rows(product.element) or [product.element]:
        shown_again = _form_vid(row)
        if shown_again in offered:
            readings.append(_another_view(row, shown_again))
            continue
        reading = read_row(row)
        if reading.state == OFFER and reading.key:
            offered.add(reading.key)
        readings.append(reading)
    groups: dict[str, list[RowReading]] = {}
    for reading in readings:
        if reading.state in (OFFER, ANOTHER_VIEW):
            key = reading.key or f"{url}|{reading.description}|{reading.price}"
            groups.setdefault(key, []).append(reading)
    offers = [_offer(group, product, name, url, currency) for group in groups.values()]
    in_stock = [offer for offer in offers if offer.in_stock]
    unread = sum(1 for reading in readings if reading.state == UNREAD)
    sold_out = not in_stock and not unread
    return ProductCopies(in_stock, sold_out, unread)


def _form_vid(row: etree._Element) -> str | None:
    form = next((form for form in row.iter("form") if _is_cart_form(form)), None)
    return (form.get("data-vid") or None) if form is not None else None


def _another_view(row: etree._Element, vid: str) -> RowReading:
    """A variant already read, shown again: only its count is worth reading (views may disagree)."""
    counts = (_visible_text(element) for element in row.iterdescendants(etree.Element)
              if _COUNT_CLASS.search(element.get("class", "")))
    quantity = next((found for found in map(vocabulary.parse_quantity, counts) if found is not None), None)
    if quantity is None:
        quantity = vocabulary.parse_quantity(_visible_text(row))
    if quantity is None:
        return RowReading(ANOTHER_VIEW, vid)
    return RowReading(ANOTHER_VIEW, vid, quantity=quantity, quantity_stated=True)


def _offer(views: list[RowReading], product: Product, name: str, url: str, currency: str) -> Offer:
    first = views[0]
    stated = [view.quantity for view in views if view.quantity_stated and view.quantity is not None]
    quantity = min(stated) if stated else first.quantity
    assert first.price is not None
    amount, marked_currency = first.price
    return Offer(
        name=matching.without_finish_words(name),
        set_name=product.set_name or first.set_hint,
        set_code="",
        collector_number=matching.collector_number_in(name),
        finish=vocabulary.parse_finish(
            matching.decorations_of(name), matching.decorations_of(first.name_hint), first.description
        ),
        condition=first.condition,
        condition_raw=first.description,
        language=first.language,
        price=amount,
        currency=marked_currency or currency,
        quantity=quantity,
        url=url,
        variant_id=first.key,
    )


def variant_key(offer: Offer) -> str:
    """One copy however often it is listed: its variant id, else link, condition text and price."""
    return offer.variant_id or f"{offer.url}|{offer.condition_raw}|{offer.price}"


def unique(offers: Iterable[Offer], seen: set[str]) -> list[Offer]:
    """`offers` less those whose variant is in `seen` (which gains the rest)."""
    kept = []
    for offer in offers:
        key = variant_key(offer)
        if key not in seen:
            seen.add(key)
            kept.append(offer)
    return kept
