"""Crystal Commerce: server-rendered HTML search pages.

Request: `GET {base_url}/products/search?q=<name>&c=<category>&page=N`, one per results page.
Search is fuzzy and not always sorted by relevance, so unrelated cards follow (and sometimes sit
between) the matches: every product is checked.

Paging rule: read the next page only while the current one still lists a product that names the
card (`CardMatcher.is_related`: a match, or a near miss such as "Thrum of the Vestige - Lightning
Bolt" or an art series), the page links a next one, and fewer than `max_pages` were read. So a
copy on page 2 behind a page of near misses is found, and a common-word name ("Opt") stops at the
first page of unrelated products instead of reading them all.

Recognised pages: a product list (`ul.products`, or `li.product` items holding an add-to-cart
form or variant rows). Anything else (a home page, a login or maintenance page, another
platform's page, an empty 200) is a store error "results page not recognised: no product list".

Settings:
- `category` (text, default "1"): the `c=` filter that limits results to Magic singles on most
  stores; "" sends none (some stores return nothing with it).
- `href_contains` (text, default "magic_singles"): product links must contain this, which drops
  other games' singles and sealed product; "" keeps every link.
- `max_pages` (number, default 10).
- `catalog_path` (text, default "/catalog/magic_singles/8"): the Magic singles category page that
  an inventory sync reads page by page (see the end of this module).
- `fetch_collector_numbers` (true/false, default true): when one set has several printings
  of the card and the titles do not tell them apart, read the collector number from each product
  page (cached for a day). Otherwise no product page is fetched.

Quirks handled: the rate limit is an HTTP 200 page saying "too many searches" (checked before
parsing); the same add-to-cart form can appear three times (deduplicated on `data-vid`); the
finish exists only in the product name; `data-price` is preferred to the price text and may carry
a currency prefix ("CAD$ 1.25"); conditions like "Graded" or "Hero Deal" are skipped.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

from scrapers import matching, vocabulary
from scrapers.diagnostics import tally
from scrapers.errors import RateLimited, UnreadablePage
from scrapers.http import HttpClient, HttpResponse
from scrapers.listing import ListedProduct, ListingPage, card_key
from scrapers.offer import Offer, safe_url
from scrapers.settings import Setting, positive, resolve
from scrapers.store import StoreConfig

LABEL = "Crystal Commerce"
SEARCH_PATH = "/products/search"
PRODUCT_PAGE_CACHE_SECONDS = 24 * 3600

SETTINGS = (
    Setting("category", str, "the c= search filter for Magic singles ('' for none)", default="1"),
    Setting("href_contains", str, "product links must contain this ('' keeps all)", default="magic_singles"),
    Setting("max_pages", int, "how many result pages to read at most", default=10, check=positive),
    Setting("fetch_collector_numbers", bool, "read collector numbers from product pages when needed", default=True),
    Setting("catalog_path", str, "the Magic singles category, for inventory sync",
            default="/catalog/magic_singles/8"),
)


def search(client: HttpClient, store: StoreConfig, card_name: str) -> list[Offer]:
    settings = resolve("crystal_commerce", SETTINGS, store.settings)
    offers: list[Offer] = []
    for page in range(1, settings["max_pages"] + 1):
        params = {"q": card_name, "page": page}
        if settings["category"]:
            params["c"] = settings["category"]
        response = client.get(
            store.url(SEARCH_PATH),
            params=params,
            requests_per_second=store.requests_per_second,
            is_throttled=is_too_many_searches,
        )
        results = parse_search_page(
            response.content, card_name, base_url=response.url, currency=store.currency,
            href_contains=settings["href_contains"],
        )
        tally(seen=results.products_seen, matched=results.products_matched)
        offers.extend(results.offers)
        if not results.related or not results.has_next_page:
            break
    if settings["fetch_collector_numbers"]:
        offers = _add_collector_numbers(client, store, offers)
    return offers


@dataclass(frozen=True)
class SearchPage:
    offers: list[Offer]  # in stock and matching only
    related: bool  # any product on the page named the card (see the paging rule)
    has_next_page: bool
    products_seen: int  # every product listed, other cards included (for `scrapers.diagnostics`)
    products_matched: int  # products that are the card, in stock or not


_X = etree.XPath
# `//li[contains(@class, 'product')]` written to test the class attributes themselves: libxml2
# checks a predicate on an attribute faster than on an element, and store menus are long lists.
_PRODUCTS_BROADLY = _X("//li/@class[contains(., 'product')]/parent::li")
_PRODUCT_LIST = _X("//ul[contains(concat(' ', normalize-space(@class), ' '), ' products ')]")
# An empty search: the products container says so ("No products found matching …").
_NO_RESULTS_NOTICE = _X("//*[contains(@class, 'products-container')]//*[contains(@class, 'no-results')]")
_CART_FORM_OR_ROW = _X(".//form[contains(@class, 'add-to-cart-form')] | .//div[contains(@class, 'variant-row')]")
# `//a[contains(@class, 'next_page') or @rel='next'][@href]` in two halves, for the same reason.
# Crystal Commerce's pager link has both, so the first half usually settles it.
_NEXT_BY_REL = _X("//a/@rel[. = 'next']/parent::a[@href]")
_NEXT_BY_CLASS = _X("//a/@class[contains(., 'next_page')]/parent::a[@href]")
# Still XPath: only rows without a quantity text need it, and the union is awkward by hand.
_QTY_MAX = _X("string((.//input[contains(@class, 'qty')]/@max | .//select//option[last()]/@value)[1])")
_STRING_VALUE = _X("string()")
_XPATH_SPACE = re.compile(r"[ \t\r\n]+")


def parse_search_page(
    html: str | bytes,
    card_name: str,
    *,
    base_url: str,
    currency: str = "USD",
    href_contains: str = "magic_singles",
) -> SearchPage:
    """In-stock offers for exactly `card_name` on one search results page."""
    _raise_if_throttled(html)
    tree = _parse_html(html)
    products = _recognised_products(tree)
    card = matching.CardMatcher(card_name)
    offers: list[Offer] = []
    seen_variants: set[str] = set()
    related = False
    matched = 0
    for product in products:
        name = _product_name(product)
        if not card.may_match(name):
            continue  # skip the remaining lookups for unrelated results
        related = related or card.is_related(name)
        set_name = _text(_first(product, "span", "category"))
        href = _product_href(product, href_contains)
        if not name or href is None or not card.matches(name, set_name):
            continue
        matched += 1
        url = urljoin(base_url, href)
        offers.extend(_offers_of_product(product, name, set_name, url, currency, seen_variants))
    return SearchPage(offers, related, _has_next_page(tree), len(products), matched)


def _offers_of_product(
    product: etree._Element, name: str, set_name: str, url: str, currency: str, seen_variants: set[str]
) -> list[Offer]:
    """A product's in-stock offers, skipping variants already in `seen_variants` (and adding its own)."""
    offers = []
    for row in _variant_rows(product) or [product]:
        if _is_sold_out(row):
            continue  # before looking for its form: a sold-out row never adds an offer
        form = _first_form(row)
        vid = form.get("data-vid") if form is not None else None
        if vid in seen_variants:
            continue  # the grid, list and detail views repeat the same form
        offer = _offer_from_row(row, form, name, set_name, url, currency)
        if offer is not None and offer.in_stock:
            seen_variants.add(vid or f"{offer.url}|{offer.condition_raw}|{offer.price}")
            offers.append(offer)
    return offers


def _recognised_products(tree: etree._Element) -> list[etree._Element]:
    products = _products(tree)
    if not (_PRODUCT_LIST(tree) or _NO_RESULTS_NOTICE(tree) or any(_CART_FORM_OR_ROW(p) for p in products)):
        raise UnreadablePage("results page not recognised: no product list (ul.products or li.product)")
    return products


# The lookups below walk a product's own elements instead of running an XPath per field: each
# XPath call has a few microseconds of setup, which added up to most of the time spent on a page
# once lxml had parsed it. They keep the XPath meaning: descendants only, document order,
# `contains(@class, ...)` as a substring test, and `normalize-space()` for text.


def _products(tree: etree._Element) -> list[etree._Element]:
    # A whole "product" class word: "products" (the list) and "product-image" are not products.
    return [li for li in _PRODUCTS_BROADLY(tree) if "product" in li.get("class", "").split()]


def _first(root: etree._Element, tag: str, class_part: str) -> etree._Element | None:
    """`(.//tag[contains(@class, class_part)])[1]`."""
    for element in root.iterdescendants(tag):
        if class_part in element.get("class", ""):
            return element
    return None


def _text(element: etree._Element | None) -> str:
    """`normalize-space()` of an element: its whole text, XML whitespace collapsed; "" for None."""
    if element is None:
        return ""
    # A leaf's text is its string value; only nested markup needs the XPath.
    text = (element.text or "") if len(element) == 0 else _STRING_VALUE(element)
    if "  " in text or not text.isprintable():  # tabs, newlines or runs of spaces to collapse
        text = _XPATH_SPACE.sub(" ", text)
    return text.strip(" \t\r\n")


def _product_name(product: etree._Element) -> str:
    """The first title on a name heading (the full name even where the text is cut short), else
    the first name heading's text."""
    first_heading = None
    for heading in product.iterdescendants("h4"):
        if "name" in heading.get("class", ""):
            if first_heading is None:
                first_heading = heading
            title = heading.get("title")
            if title is not None:  # stop here: the rest of the product is its variant rows
                return " ".join(title.split()) or _text(first_heading)
    return _text(first_heading)


def _variant_rows(product: etree._Element) -> list[etree._Element]:
    return [div for div in product.iterdescendants("div") if "variant-row" in div.get("class", "")]


def _first_form(row: etree._Element) -> etree._Element | None:
    """`(.//form[@data-vid])[1]`: the add-to-cart form."""
    for form in row.iterdescendants("form"):
        if form.get("data-vid") is not None:
            return form
    return None


def _is_sold_out(row: etree._Element) -> bool:
    return " no-stock " in f" {row.get('class', '')} "


def _offer_from_row(
    row: etree._Element, form: etree._Element | None, name: str, set_name: str, url: str, currency: str
) -> Offer | None:
    """The row's offer; None without an add-to-cart form, a known condition or a price."""
    if form is None:
        return None  # no add-to-cart form: nothing to buy in this row
    description = form.get("data-variant") or _text(_first(row, "span", "variant-description"))
    parts = [part.strip() for part in description.split(",")]
    condition = vocabulary.parse_condition(parts[0]) if parts else None
    if condition is None:
        return None  # "Graded", "Hero Deal": decided before the price is worth reading
    price = vocabulary.parse_price(form.get("data-price") or _text(_first(row, "span", "price")))
    if price is None:
        return None
    quantity = vocabulary.parse_quantity(_text(_first(row, "span", "variant-qty")))
    if quantity is None:
        quantity = vocabulary.int_or_none(_QTY_MAX(row))
    language = next((lang for lang in map(vocabulary.parse_language, parts[1:]) if lang), None)
    return Offer(
        name=matching.without_finish_words(name),
        set_name=set_name or form.get("data-category", ""),
        set_code="",
        collector_number=matching.collector_number_in(name),
        finish=vocabulary.parse_finish(
            matching.decorations_of(name), matching.decorations_of(form.get("data-name") or ""), description
        ),
        condition=condition,
        condition_raw=description,
        language=language,
        price=price[0],
        currency=price[1] or currency,
        quantity=quantity,
        url=url,
        variant_id=form.get("data-vid"),
    )


def _product_href(product: etree._Element, href_contains: str) -> str | None:
    for link in product.iterdescendants("a"):
        href = link.get("href")
        if href is not None and ("/catalog/" in href or "/products/" in href):
            return href if href_contains in href else None
    return None


def _has_next_page(tree: etree._Element) -> bool:
    return bool(_NEXT_BY_REL(tree) or _NEXT_BY_CLASS(tree))


_CARD_NUMBER = _X(
    "normalize-space((//div[contains(@class, 'product-more-info')]"
    "//*[contains(@class, 'card-number')])[1])"
)


def parse_collector_number(html: str | bytes) -> str | None:
    """The collector number on a product page ("123/456" -> "123"), None when not shown."""
    text = _CARD_NUMBER(_parse_html(html))
    number = text.split("/")[0].strip()
    return number or None


def _add_collector_numbers(client: HttpClient, store: StoreConfig, offers: list[Offer]) -> list[Offer]:
    """Fill in collector numbers only where one set and finish has several products."""
    urls_by_printing: dict[tuple[str, str], set[str]] = defaultdict(set)
    for offer in offers:
        # Only real web links: a page's `javascript:` or junk href is never fetched.
        if offer.collector_number is None and safe_url(offer.url):
            urls_by_printing[(offer.set_name, offer.finish)].add(offer.url)
    ambiguous = {url for urls in urls_by_printing.values() if len(urls) > 1 for url in urls}
    numbers: dict[str, str | None] = {}
    for url in sorted(ambiguous):
        response = client.get(
            url,
            requests_per_second=store.requests_per_second,
            is_throttled=is_too_many_searches,
            cache_seconds=PRODUCT_PAGE_CACHE_SECONDS,
        )
        numbers[url] = parse_collector_number(response.content)
    return [
        dataclasses.replace(offer, collector_number=numbers[offer.url]) if numbers.get(offer.url) else offer
        for offer in offers
    ]


def _parse_html(html: str | bytes) -> etree._Element:
    # Bytes let lxml honour the page's own <meta charset>.
    tree = etree.HTML(html) if html and html.strip() else None
    if tree is None:
        raise UnreadablePage("results page not recognised: the store sent an empty page")
    return tree


def _says_too_many_searches(html: bytes) -> bool:
    # lower() and a plain find are ten times faster than a case-insensitive regex on a whole page.
    return b"too many searches" in html.lower()


def is_too_many_searches(response: HttpResponse) -> bool:
    return _says_too_many_searches(response.content)


def _raise_if_throttled(html: str | bytes) -> None:
    if _says_too_many_searches(html if isinstance(html, bytes) else html.encode()):
        raise RateLimited("the store is rate-limiting us (\"too many searches\")")


# -- the whole catalog, for inventory sync (scrapers.sync) ------------------------------------------
#
# Crystal Commerce has no JSON listing: the Magic singles category pages show the same product grid
# as search, `catalog_path` (a setting) page by page, in stock only.


def read_catalog_page(client: HttpClient, store: StoreConfig, number: int) -> ListingPage:
    settings = resolve("crystal_commerce", SETTINGS, store.settings)
    response = client.get(
        store.url(settings["catalog_path"]), params={"filter_by_stock": "in-stock", "page": number},
        requests_per_second=store.requests_per_second, is_throttled=is_too_many_searches,
    )
    return parse_category_page(response.content, base_url=response.url, currency=store.currency,
                               href_contains=settings["href_contains"])


def parse_category_page(
    html: str | bytes, *, base_url: str, currency: str = "USD", href_contains: str = "magic_singles"
) -> ListingPage:
    """Every product on one category page with its in-stock offers, read as search results are."""
    _raise_if_throttled(html)
    tree = _parse_html(html)
    listed: list[ListedProduct] = []
    seen_variants: set[str] = set()
    for product in _recognised_products(tree):
        name = _product_name(product)
        href = _product_href(product, href_contains)
        if not name or href is None:
            continue
        set_name = _text(_first(product, "span", "category"))
        offers = _offers_of_product(product, name, set_name, urljoin(base_url, href), currency, seen_variants)
        if offers:
            listed.append(ListedProduct(name, set_name, tuple(offers)))
    return ListingPage(listed, _has_next_page(tree))


def complete_catalog(
    client: HttpClient, store: StoreConfig, products: list[ListedProduct]
) -> list[ListedProduct]:
    """Collector numbers where a search would fetch them (`fetch_collector_numbers`): for each card,
    the products one set and finish share, read from their product pages (one request each)."""
    if not resolve("crystal_commerce", SETTINGS, store.settings)["fetch_collector_numbers"]:
        return products
    offers_by_card: dict[str, list[Offer]] = defaultdict(list)
    for product in products:
        card_name = matching.strip_decorations(product.title)
        if matching.is_same_card(product.title, card_name, product.set_name):
            offers_by_card[card_key(product.title)].extend(product.offers)
    numbers: dict[str, str | None] = {}
    for offers in offers_by_card.values():
        for before, after in zip(offers, _add_collector_numbers(client, store, offers)):
            if after.collector_number != before.collector_number:
                numbers[before.url] = after.collector_number
    if not numbers:
        return products
    return [
        dataclasses.replace(product, offers=tuple(
            dataclasses.replace(offer, collector_number=numbers[offer.url]) if offer.url in numbers else offer
            for offer in product.offers))
        for product in products
    ]
