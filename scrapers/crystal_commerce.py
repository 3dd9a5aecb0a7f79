"""Crystal Commerce: server-rendered HTML search pages.

Request: `GET {base_url}/products/search?q=<name>&c=<category>&page=N`, one per results page.
Search is fuzzy and relevance-sorted, so unrelated cards follow (and sometimes sit between) the
matches: every product is checked, and paging stops at the first page without a match.

Settings:
- `category` (text, default "1"): the `c=` filter that limits results to Magic singles on most
  stores; "" sends none (some stores return nothing with it).
- `href_contains` (text, default "magic_singles"): product links must contain this, which drops
  other games' singles and sealed product; "" keeps every link.
- `max_pages` (number, default 10).
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
from scrapers.errors import RateLimited, UnreadablePage
from scrapers.http import HttpClient, HttpResponse
from scrapers.offer import Offer
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
        offers.extend(results.offers)
        if not results.matched or not results.has_next_page:
            break
    if settings["fetch_collector_numbers"]:
        offers = _add_collector_numbers(client, store, offers)
    return offers


@dataclass(frozen=True)
class SearchPage:
    offers: list[Offer]  # in stock and matching only
    matched: bool  # any product on the page was the card, in stock or not
    has_next_page: bool


_X = etree.XPath
_PRODUCT_LIST = _X("//*[contains(@class, 'products')]")
# `//li[contains(@class, 'product')]`, stepping through the class attributes: libxml2 tests a
# predicate on an attribute faster than on an element, and menus make <li> common.
_PRODUCTS_BROADLY = _X("//li/@class[contains(., 'product')]/parent::li")
# The one lookup that is still XPath inside a product: it is rare (only rows without a quantity
# text) and the union of two shapes is awkward to write by hand.
_QTY_MAX = _X("string((.//input[contains(@class, 'qty')]/@max | .//select//option[last()]/@value)[1])")
_STRING_VALUE = _X("string()")
# Stepping through `@rel` and `@class` attributes is about twice as fast in libxml2 as testing a
# predicate on every <a> of a page that links to hundreds of catalog sections.
_NEXT_PAGE = _X(
    "//a/@rel[. = 'next']/parent::a[@href] | //a/@class[contains(., 'next_page')]/parent::a[@href]"
)
_NO_RESULTS = ("no products", "no results", "0 results", "did not match", "didn't match")
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
    products = _products(tree)
    if not products and not _PRODUCT_LIST(tree) and not _says_no_results(html):
        raise UnreadablePage("the store returned a page we could not read")
    card = matching.CardMatcher(card_name)
    offers: list[Offer] = []
    seen_variants: set[str] = set()
    matched = False
    for product in products:
        name = _product_name(product)
        if not card.may_match(name):
            continue  # skip the remaining lookups for unrelated results
        set_name = _text(_first(product, "span", "category"))
        href = _product_href(product, href_contains)
        if not name or href is None or not card.matches(name, set_name):
            continue
        matched = True
        url = urljoin(base_url, href)
        for row in _variant_rows(product) or [product]:
            form = _first_form(row)
            vid = form.get("data-vid") if form is not None else None
            if vid in seen_variants:
                continue  # the grid, list and detail views repeat the same form
            offer = _offer_from_row(row, form, name, set_name, url, currency)
            if offer is not None:
                seen_variants.add(vid or f"{offer.url}|{offer.condition_raw}|{offer.price}")
                offers.append(offer)
    return SearchPage(offers, matched, bool(_NEXT_PAGE(tree)))


# The lookups below walk a product's own elements in Python instead of running an XPath per
# field: each XPath call costs a few microseconds of setup, which added up to most of the parse
# time. They keep XPath's meaning: descendants only, document order, `contains(@class, ...)` as
# a substring test, and `normalize-space()` for text.


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
    """The first name heading's title (the full name even when the text is cut short), else the
    first heading's text."""
    first_heading, title = None, ""
    for heading in product.iterdescendants("h4"):
        if "name" in heading.get("class", ""):
            first_heading = first_heading if first_heading is not None else heading
            if (title := heading.get("title")) is not None:
                break
    return " ".join((title or "").split()) or _text(first_heading)


def _variant_rows(product: etree._Element) -> list[etree._Element]:
    return [div for div in product.iterdescendants("div") if "variant-row" in div.get("class", "")]


def _first_form(row: etree._Element) -> etree._Element | None:
    """`(.//form[@data-vid])[1]`: the add-to-cart form."""
    for form in row.iterdescendants("form"):
        if form.get("data-vid") is not None:
            return form
    return None


def _offer_from_row(
    row: etree._Element, form: etree._Element | None, name: str, set_name: str, url: str, currency: str
) -> Offer | None:
    """The row's offer when it can be bought: in stock, with a known condition and a price."""
    classes = f" {row.get('class', '')} "
    if " no-stock " in classes:
        return None
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
    if quantity == 0:
        return None  # sold out: skip building an offer nobody will see
    language = next((lang for lang in map(vocabulary.parse_language, parts[1:]) if lang), None)
    return Offer(
        name=name,
        set_name=set_name or form.get("data-category", ""),
        set_code="",
        collector_number=matching.collector_number_in(name),
        finish=vocabulary.parse_finish(name, form.get("data-name"), description),
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
        if offer.collector_number is None:
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


# Like lxml's default HTML parser, minus the table of id attributes that nothing here looks up.
_HTML_PARSER = etree.HTMLParser(collect_ids=False)


def _parse_html(html: str | bytes) -> etree._Element:
    # Bytes let lxml honour the page's own <meta charset>.
    tree = etree.HTML(html, _HTML_PARSER) if html else None
    if tree is None:
        raise UnreadablePage("the store returned an empty page")
    return tree


def _says_too_many_searches(html: bytes) -> bool:
    # lower() and a plain find are ten times faster than a case-insensitive regex on a whole page.
    return b"too many searches" in html.lower()


def is_too_many_searches(response: HttpResponse) -> bool:
    return _says_too_many_searches(response.content)


def _raise_if_throttled(html: str | bytes) -> None:
    if _says_too_many_searches(html if isinstance(html, bytes) else html.encode()):
        raise RateLimited("the store is rate-limiting us (\"too many searches\")")


def _says_no_results(html: str | bytes) -> bool:
    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    text = text.lower()
    return any(phrase in text for phrase in _NO_RESULTS)
