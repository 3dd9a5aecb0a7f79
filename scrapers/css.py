"""Any other HTML store, described by selectors in its settings.

For a platform we have no module for, an admin writes where things are on the store's search page.
Each selector is XPath when it starts with "/", "./" or "(" (works out of the box), otherwise CSS
(needs the `cssselect` package). A CSS selector may end with " @attr" to read an attribute
("a.title @href"); XPath reads attributes natively ("./a/@href").

Settings:
- `search_path` (required): path and query of the search page, with `{query}` and optionally
  `{page}` (1-based) and `{game}` (the searched game's code, `scrapers.games`), e.g.
  "/search?q={query}&page={page}". Without `{game}` nothing but the card's name tells games apart
  (the game's name rules, `scrapers.matching`): such a shop's stores should list only the games
  whose names cannot be mistaken for one another there.
- `selectors` (required), an object with:
  - `results` (required): an element every genuine results page has, even with no results; a page
    without it is reported as unreadable rather than "not found".
  - `product` (required): each product (document-wide).
  - `name`, `price` (required), and optional `url`, `set`, `condition`, `quantity`, `finish`,
    `in_stock` (product is in stock only if this matches), `out_of_stock` (product is out of stock
    if this matches), `next_page` (document-wide; paging continues only while it matches):
    relative to a product.
- `max_pages` (default 10): pages are read only when `search_path` has `{page}`.
- `default_condition` (default "", unstated): when the store shows no condition; set it only for
  a store that sells one condition (a blank is never guessed to be "NM").

A page without the `results` element is a store error ("results page not recognised"), never
"not found".

Paging rule: read the next page only while the current one still lists a product that names the
card (`CardMatcher.is_related`: a match, or a near miss such as an art series or a token), the
store says more exist, and fewer than `max_pages` were read. Results are not always ordered by
relevance, so a copy behind a page of near misses is found; a common-word name ("Opt") stops at
the first page of unrelated products instead of reading them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus, urljoin

from lxml import etree

from scrapers import matching, vocabulary
from scrapers.diagnostics import tally
from scrapers.errors import UnreadablePage
from scrapers.games import MAGIC
from scrapers.http import HttpClient
from scrapers.offer import CONDITIONS, UNSTATED_CONDITION, Offer
from scrapers.settings import Setting, positive, resolve
from scrapers.store import StoreConfig

LABEL = "Other (selectors)"
REQUIRED_SELECTORS = ("results", "product", "name", "price")
OPTIONAL_SELECTORS = ("url", "set", "condition", "quantity", "finish", "in_stock", "out_of_stock", "next_page")

Select = Callable[[etree._Element], list[Any]]


def _check_search_path(value: str) -> str | None:
    return None if "{query}" in value else "must contain {query}"


def _check_selectors(value: dict[str, Any]) -> str | None:
    problems = [f"needs '{key}'" for key in REQUIRED_SELECTORS if not value.get(key)]
    problems += [f"has unknown selector '{key}'" for key in value if key not in REQUIRED_SELECTORS + OPTIONAL_SELECTORS]
    for key, selector in value.items():
        if not isinstance(selector, str):
            problems.append(f"'{key}' must be text")
            continue
        try:
            compile_selector(selector)
        except SelectorError as exc:
            problems.append(f"'{key}': {exc}")
    return "; ".join(problems) or None


def _condition_code(value: str) -> str | None:
    if value in CONDITIONS or value == UNSTATED_CONDITION:
        return None
    return "must be one of " + ", ".join(CONDITIONS) + ' or "" (unstated)'


SETTINGS = (
    Setting("search_path", str, "the search page path with {query}, e.g. '/search?q={query}&page={page}'",
            required=True, check=_check_search_path),
    Setting("selectors", dict, "where products, names and prices are on the page", required=True,
            check=_check_selectors),
    Setting("max_pages", int, "how many result pages to read at most", default=10, check=positive),
    Setting("default_condition", str, "condition when the store shows none", default=UNSTATED_CONDITION,
            check=_condition_code),
)


class SelectorError(ValueError):
    pass


def compile_selector(selector: str) -> Select:
    """A function from an element to its matches, for an XPath or CSS selector."""
    selector = selector.strip()
    if selector.startswith(("/", "./", "(")):
        try:
            return etree.XPath(selector)
        except etree.XPathSyntaxError as exc:
            raise SelectorError(f"invalid XPath ({exc})") from exc
    css, _, attribute = selector.partition(" @")
    try:
        from lxml.cssselect import CSSSelector  # needs the optional cssselect package
    except ImportError as exc:
        raise SelectorError("CSS selectors need the cssselect package; write XPath (starting with ./) instead") from exc
    try:
        matcher = CSSSelector(css.strip())
    except Exception as exc:  # cssselect raises several unrelated error types
        raise SelectorError(f"invalid CSS selector ({exc})") from exc
    if not attribute:
        return matcher
    return lambda element: [found.get(attribute.strip(), "") for found in matcher(element)]


def search(client: HttpClient, store: StoreConfig, card_name: str, game: str = MAGIC) -> list[Offer]:
    settings = resolve("css", SETTINGS, store.settings)
    selectors = {key: compile_selector(value) for key, value in settings["selectors"].items()}
    paged = "{page}" in settings["search_path"]
    offers: list[Offer] = []
    for page in range(1, (settings["max_pages"] if paged else 1) + 1):
        path = settings["search_path"].replace("{query}", quote_plus(card_name)).replace("{page}", str(page))
        path = path.replace("{game}", quote_plus(game))
        response = client.get(store.url(path), requests_per_second=store.requests_per_second)
        results = parse_page(
            response.content, card_name, selectors, base_url=response.url, currency=store.currency,
            default_condition=settings["default_condition"], game=game,
        )
        tally(seen=results.products_seen, matched=results.products_matched)
        offers.extend(results.offers)
        if not results.related or not results.has_next_page:
            break
    return offers


@dataclass(frozen=True)
class ResultsPage:
    offers: list[Offer]  # in stock and matching only
    related: bool  # any product on the page named the card (see the paging rule)
    has_next_page: bool
    products_seen: int  # products on the page, other cards included (for `scrapers.diagnostics`)
    products_matched: int  # products that are the card, in stock or not


def parse_page(html: str | bytes, card_name: str, selectors: dict[str, Select], *, base_url: str,
               currency: str = "USD", default_condition: str = "", game: str = MAGIC) -> ResultsPage:
    """One search results page read with the store's selectors, for a card of `game`."""
    tree = etree.HTML(html) if html and html.strip() else None
    if tree is None:
        raise UnreadablePage("results page not recognised: the store sent an empty page")
    if not selectors["results"](tree):
        raise UnreadablePage("results page not recognised: nothing matches the 'results' selector")
    card = matching.CardMatcher(card_name, game)
    offers: list[Offer] = []
    related = False
    products = [found for found in selectors["product"](tree) if isinstance(found, etree._Element)]
    matched = 0
    for product in products:
        name = _text(selectors["name"], product)
        set_name = _text(selectors.get("set"), product)
        related = related or card.is_related(name)
        if not name or not card.matches(name, set_name):
            continue
        matched += 1
        offer = _offer(product, name, set_name, selectors, base_url, currency, default_condition)
        if offer is not None and offer.in_stock:
            offers.append(offer)
    has_next = "next_page" not in selectors or bool(selectors["next_page"](tree))
    return ResultsPage(offers, related, has_next, len(products), matched)


def _offer(product: etree._Element, name: str, set_name: str, selectors: dict[str, Select], base_url: str,
           currency: str, default_condition: str) -> Offer | None:
    if "in_stock" in selectors and not selectors["in_stock"](product):
        return None
    if "out_of_stock" in selectors and selectors["out_of_stock"](product):
        return None
    price = vocabulary.parse_price(_text(selectors["price"], product))
    if price is None:
        return None
    condition_raw = _text(selectors.get("condition"), product)
    condition = vocabulary.parse_condition(condition_raw) if condition_raw else default_condition
    if condition is None:
        return None  # "Graded" and the like
    href = _text(selectors.get("url"), product)
    return Offer(
        name=matching.without_finish_words(name),
        set_name=set_name,
        set_code="",
        collector_number=matching.collector_number_in(name),
        finish=vocabulary.parse_finish(matching.decorations_of(name), _text(selectors.get("finish"), product)),
        condition=condition,
        condition_raw=condition_raw,
        language=vocabulary.language_in(condition_raw),
        price=price[0],
        currency=price[1] or currency,
        quantity=vocabulary.parse_quantity(_text(selectors.get("quantity"), product)),
        url=urljoin(base_url, href) if href else base_url,
        variant_id=None,
    )


def _text(select: Select | None, element: etree._Element) -> str:
    """Text of the first match: an attribute or text() result as is, an element's text content."""
    if select is None:
        return ""
    found = select(element)
    if isinstance(found, (str, bytes)):  # an XPath like string(...) returns a value, not a list
        found = [found]
    if not isinstance(found, list) or not found:
        return ""
    first = found[0]
    if isinstance(first, etree._Element):
        first = "".join(first.itertext())
    return " ".join(str(first).split())
