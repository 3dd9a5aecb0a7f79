"""Crystal Commerce: server-rendered HTML search pages, read from what every theme shares.

Request: `GET {base_url}/products/search?q=<name>&c=<category>&page=N`, one per results page.
Search is fuzzy and not always sorted by relevance, so unrelated cards follow (and sometimes sit
between) the matches: every product is checked.

Paging rule: read the next page only while the current one still lists a product that names the
card (`CardMatcher.is_related`: a match, or a near miss such as "Thrum of the Vestige - Lightning
Bolt" or an art series), the page links a next one, and fewer than `max_pages` were read. So a
copy on page 2 behind a page of near misses is found, and a common-word name ("Opt") stops at the
first page of unrelated products instead of reading them all. A page that lists no product the
earlier pages did not (a store answering every page number with the same page) ends the reading;
a copy listed on two pages counts once.

Reading (`scrapers.crystal_commerce_products`, which says how): products are `li.product` items;
their copies are the variant rows (any `variant-row` spelling, else whatever holds an add-to-cart
form), with condition and language from the variant attribute, a description element or the row's
visible text, the price from `data-price`, a price element or `itemprop="price"`, and the quantity
from "N In Stock" text or the quantity picker, through `scrapers.vocabulary`. The same variant
shown in the grid, list and detail views is one copy. Other games and sealed product are dropped by
the product's category as the store's own links and category tree name it
(`scrapers.crystal_commerce_categories`), not by a fixed substring.

Never a silent "not in stock": every listing that is the card is counted into a `Readout`; when the
card is listed, no copy was read and no listing says it is sold out, the search is a store error
("2 listings for Steam Vents could not be read").

Games: a search is for one game (`scrapers.games`, Magic by default) and keeps only that game's
singles, by the same category rule (`crystal_commerce_categories.is_single_of`). An inventory sync
reads each game the store sells from that game's singles category: Magic's is `catalog_path`; another
game's is `game_filters.<game>.catalog_path` when set, else the one the store's home page names
(a menu link or search option like "Pokemon Singles", read once a day). A game whose category the
store's pages do not name fails the sync with a reason saying so.

Recognised pages: a product list (`ul.products`, or `li.product` items holding an add-to-cart
form or variant rows) or the store's "no results" notice. Anything else (a home page, a login or
maintenance page, another platform's page, an empty 200, a page saved before its results rendered:
an empty list with a spinner and no notice) is a store error "results page not recognised: …".

Settings:
- `category` (text, default "1"): the `c=` filter. Stores' own search forms send `c=1`, their
  "My Store" option (the whole store: `<select name="c"><option value="1">My Store</option>
  <option value="8">Magic Singles</option>…`), so the default searches what a visitor searches;
  "" sends none.
- `href_contains` (text, default ""): an override for a store whose categories the rule above
  misreads: when set, only product links containing it are kept.
- `max_pages` (number, default 10).
- `catalog_path` (text, default "/catalog/magic_singles/8"): the Magic singles category page that
  an inventory sync reads page by page (see the end of this module). Category 8 is "Magic Singles"
  on every store seen (the search forms and menus of Skyward Fire, The Magic Card Trader and
  Harlequin Games), under different slugs ("magic_singles", "magic_the_gathering_singles"):
  `settings_from_home_page` (called by `scrapers.detect`) reads a store's own from its menu or
  search form when it differs.
- `game_filters` (object, default none): per game, `catalog_path` where the home page does not say it
  ({"pokemon": {"catalog_path": "/catalog/pokemon_singles/226"}}).
- `fetch_collector_numbers` (true/false, default true): when one set has several printings
  of the card and the titles do not tell them apart, read the collector number from each product
  page (cached for a day). Otherwise no product page is fetched. A product page that fails (404,
  server error, timeout, a page without the number) loses only that product's number; a store
  that starts rate-limiting stops the product page reads, never the offers already read.

Quirks handled: the rate limit is an HTTP 200 page saying "too many searches" (checked before
parsing); the finish exists in the product name (or a variant description: "Foil, English"); the
price may carry a currency prefix ("CAD$ 1.25", "£20.95"); conditions like "Graded" or "Hero Deal"
are skipped.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree

from scrapers import games, matching
from scrapers.crystal_commerce_categories import CategoryTree, is_single_of, magic_singles_path, singles_path
from scrapers.crystal_commerce_products import (
    Product,
    copies_of,
    first_link,
    product_elements,
    product_name,
    read_product,
    text_of,
    unique,
    variant_rows,
)
from scrapers.diagnostics import tally
from scrapers.errors import InvalidSettings, RateLimited, ScraperError, StorePaused, UnreadablePage
from scrapers.games import MAGIC
from scrapers.http import HttpClient, HttpResponse
from scrapers.listing import ListedProduct, ListingPage, card_key
from scrapers.offer import Offer, safe_url
from scrapers.readout import Readout
from scrapers.settings import Setting, game_filters_setting, positive, resolve
from scrapers.store import StoreConfig

logger = logging.getLogger(__name__)

LABEL = "Crystal Commerce"
SEARCH_PATH = "/products/search"
PRODUCT_PAGE_CACHE_SECONDS = 24 * 3600
DEFAULT_CATALOG_PATH = "/catalog/magic_singles/8"

SETTINGS = (
    Setting("category", str, "the c= search filter ('1': the whole store, as its own search form sends; '' none)",
            default="1"),
    Setting("href_contains", str, "keep only product links containing this ('': judge by the store's categories)",
            default=""),
    Setting("max_pages", int, "how many result pages to read at most", default=10, check=positive),
    Setting("fetch_collector_numbers", bool, "read collector numbers from product pages when needed", default=True),
    Setting("catalog_path", str, "the Magic singles category, for inventory sync", default=DEFAULT_CATALOG_PATH),
    game_filters_setting({"catalog_path": str}),
)
HOME_PAGE_CACHE_SECONDS = 24 * 3600


def search(client: HttpClient, store: StoreConfig, card_name: str, game: str = MAGIC) -> list[Offer]:
    settings = resolve("crystal_commerce", SETTINGS, store.settings)
    offers: list[Offer] = []
    readout = Readout(card_name)
    listed: set[str] = set()  # the products (their first links) on the pages read so far
    copies: set[str] = set()  # variants read so far
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
            href_contains=settings["href_contains"], game=game,
        )
        if page > 1 and results.product_links and set(results.product_links) <= listed:
            break  # the same page again: the store ignores the page number past its last
        tally(seen=results.products_seen, matched=results.products_matched)
        for listing in results.listings:
            if listing.link not in listed:  # a product listed on an earlier page counts once
                readout.listing(offers=listing.offers, sold_out=listing.sold_out)
        listed.update(results.product_links)
        offers.extend(unique(results.offers, copies))
        if not results.related or not results.has_next_page:
            break
    readout.require_readable()
    if settings["fetch_collector_numbers"]:
        offers = _add_collector_numbers(client, store, offers)
    return offers


@dataclass(frozen=True)
class Listing:
    """One product on a results page that is the searched card."""

    url: str
    link: str  # its first link as the page wrote it (how pages are told apart)
    offers: int  # in-stock copies read from it
    sold_out: bool  # it says it has no copy (or names no condition we sell)


@dataclass(frozen=True)
class SearchPage:
    offers: list[Offer]  # in stock and matching only
    related: bool  # any product on the page named the card (see the paging rule)
    has_next_page: bool
    products_seen: int  # every product listed, other cards included (for `scrapers.diagnostics`)
    products_matched: int  # products that are the card, in stock or not
    listings: list[Listing] = field(default_factory=list)  # the products that are the card
    product_links: list[str] = field(default_factory=list)  # every product's first link, as written

    @property
    def readout(self) -> Readout:
        """This page's listings of the card, counted as the search counts them."""
        readout = Readout("")
        for listing in self.listings:
            readout.listing(offers=listing.offers, sold_out=listing.sold_out)
        return readout


_X = etree.XPath
_PRODUCT_LIST = _X("//ul[contains(concat(' ', normalize-space(@class), ' '), ' products ')]")
# An empty search: the products container says so ("No products found matching …").
_NO_RESULTS_NOTICE = _X("//*[contains(@class, 'products-container')]//*[contains(@class, 'no-results')]")
# Where Crystal Commerce puts the results and, on an empty search, its words saying so.
_RESULTS_CONTAINER = _X("//*[contains(@class, 'products-container')]")
# A results widget still loading: what a page saved before its script filled it shows.
_STILL_LOADING = _X("//*[contains(@class, 'spinner') or contains(@class, 'loading') or contains(@class, 'skeleton')"
                    " or contains(@class, 'placeholder')]")
# `//a[contains(@class, 'next_page') or @rel='next'][@href]` in two halves: libxml2 checks a
# predicate on an attribute faster than on an element. Crystal Commerce's pager link has both.
_NEXT_BY_REL = _X("//a/@rel[. = 'next']/parent::a[@href]")
_NEXT_BY_CLASS = _X("//a/@class[contains(., 'next_page')]/parent::a[@href]")


def parse_search_page(
    html: str | bytes,
    card_name: str,
    *,
    base_url: str,
    currency: str = "USD",
    href_contains: str = "",
    game: str = MAGIC,
) -> SearchPage:
    """In-stock offers for exactly `card_name` (a card of `game`) on one search results page."""
    _raise_if_throttled(html)
    tree = _parse_html(html)
    elements = _recognised_products(tree)
    card = matching.CardMatcher(card_name, game)
    categories = CategoryTree(tree)
    offers: list[Offer] = []
    listings: list[Listing] = []
    links: list[str] = []
    seen_variants: set[str] = set()
    related = False
    for element in elements:
        name = product_name(element)
        links.append(first_link(element))
        if not card.may_match(name):
            continue  # skip the remaining lookups for unrelated results
        related = related or card.is_related(name)
        product = read_product(element, name)
        if not _is_the_card(product, card, categories, href_contains):
            continue
        url = urljoin(base_url, product.href) if product.href else ""  # a listing without a link still counts
        copies = copies_of(product, product.name, url, currency)
        found = unique(copies.offers, seen_variants)
        offers.extend(found)
        listings.append(Listing(url, links[-1], len(found), copies.sold_out))
    return SearchPage(offers, related, _has_next_page(tree), len(elements), len(listings), listings, links)


def _is_the_card(
    product: Product, card: matching.CardMatcher, categories: CategoryTree, href_contains: str
) -> bool:
    """A single of exactly the card, of its game (not another game's product with its name, nor sealed)."""
    if not product.name or not card.matches(product.name, product.set_name):
        return False
    return is_single_of(card.game, product.href or "", product.category_href, product.set_name, categories,
                        href_contains)


def _recognised_products(tree: etree._Element) -> list[etree._Element]:
    products = product_elements(tree)
    if any(variant_rows(product) for product in products):
        return products
    if _says_no_results(tree):
        return []
    if _PRODUCT_LIST(tree):
        if any(read_product(product).name for product in products):
            return products  # listed without copies: each listing is judged by the readout
        if _STILL_LOADING(tree):
            raise UnreadablePage(
                "results page not recognised: the results had not loaded (a spinner or placeholders where the products go)")
        raise UnreadablePage(
            "results page not recognised: an empty product list that does not say there are no results")
    raise UnreadablePage("results page not recognised: no product list (ul.products or li.product)")


_NO_RESULTS_WORDS = re.compile(
    r"\bno (?:products|results|matches)\b|\bnothing (?:was )?found\b|\b0 results\b|did ?n[o']t match", re.I)


def _says_no_results(tree: etree._Element) -> bool:
    if _NO_RESULTS_NOTICE(tree):
        return True
    return any(_NO_RESULTS_WORDS.search(text_of(container)) for container in _RESULTS_CONTAINER(tree))


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
        try:
            response = client.get(
                url,
                requests_per_second=store.requests_per_second,
                is_throttled=is_too_many_searches,
                cache_seconds=PRODUCT_PAGE_CACHE_SECONDS,
            )
            numbers[url] = parse_collector_number(response.content)
        except (RateLimited, StorePaused) as exc:
            # The store wants us gone: no more product pages, but the offers read stand.
            logger.info("%s: collector numbers not read, %s", store.slug, exc.reason)
            break
        except ScraperError as exc:
            # A product page that 404s, fails or times out loses its own number, nothing else.
            logger.info("%s: no collector number from %s: %s", store.slug, url, exc.reason)
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


def magic_singles_path_in(html: str | bytes) -> str | None:
    """The store's Magic singles category as its page names it (`magic_singles_path`), or None."""
    tree = etree.HTML(html) if html and html.strip() else None
    return magic_singles_path(tree) if tree is not None else None


def settings_from_home_page(html: str | bytes) -> dict[str, str]:
    """The settings a store's own page tells (`scrapers.detect`): its Magic singles category, when
    its menu or search form names one other than the default."""
    path = magic_singles_path_in(html)
    return {"catalog_path": path} if path and path != DEFAULT_CATALOG_PATH else {}


# -- the whole catalog, for inventory sync (scrapers.sync) ------------------------------------------
#
# Crystal Commerce has no JSON listing: the Magic singles category pages show the same product grid
# as search, `catalog_path` (a setting) page by page, in stock only.


def read_catalog_page(client: HttpClient, store: StoreConfig, number: int, game: str = MAGIC) -> ListingPage:
    settings = resolve("crystal_commerce", SETTINGS, store.settings)
    response = client.get(
        store.url(catalog_path(client, store, game)), params={"filter_by_stock": "in-stock", "page": number},
        requests_per_second=store.requests_per_second, is_throttled=is_too_many_searches,
    )
    return parse_category_page(response.content, base_url=response.url, currency=store.currency,
                               href_contains=settings["href_contains"], game=game)


def catalog_path(client: HttpClient, store: StoreConfig, game: str = MAGIC) -> str:
    """The singles category an inventory sync reads for `game` (see "Games" above)."""
    settings = resolve("crystal_commerce", SETTINGS, store.settings)
    given = ((settings["game_filters"] or {}).get(game) or {}).get("catalog_path")
    if game == MAGIC or given:
        return given or settings["catalog_path"]
    home = client.get(store.url("/"), requests_per_second=store.requests_per_second,
                      is_throttled=is_too_many_searches, cache_seconds=HOME_PAGE_CACHE_SECONDS)
    tree = etree.HTML(home.content) if home.content and home.content.strip() else None
    path = singles_path(tree, game) if tree is not None else None
    if path is None:
        name = games.game(game).short_name
        raise InvalidSettings(f"the store's home page names no {name} singles category: set game_filters."
                              f"{game}.catalog_path to sync its {name} singles")
    return path


def parse_category_page(
    html: str | bytes, *, base_url: str, currency: str = "USD", href_contains: str = "", game: str = MAGIC
) -> ListingPage:
    """Every product on one category page with its in-stock offers, read as search results are."""
    _raise_if_throttled(html)
    tree = _parse_html(html)
    categories = CategoryTree(tree)
    listed: list[ListedProduct] = []
    seen_variants: set[str] = set()
    for element in _recognised_products(tree):
        product = read_product(element)
        if not product.name or product.href is None:
            continue
        if not is_single_of(game, product.href, product.category_href, product.set_name, categories, href_contains):
            continue
        copies = copies_of(product, product.name, urljoin(base_url, product.href), currency)
        offers = unique(copies.offers, seen_variants)
        if offers:
            listed.append(ListedProduct(product.name, offers[0].set_name, tuple(offers), game=game))
    return ListingPage(listed, _has_next_page(tree))


def complete_catalog(
    client: HttpClient, store: StoreConfig, products: list[ListedProduct]
) -> list[ListedProduct]:
    """Collector numbers where a search would fetch them (`fetch_collector_numbers`): for each card,
    the products one set and finish share, read from their product pages (one request each)."""
    if not resolve("crystal_commerce", SETTINGS, store.settings)["fetch_collector_numbers"]:
        return products
    offers_by_card: dict[tuple[str, str], list[Offer]] = defaultdict(list)
    for product in products:
        card_name = matching.strip_decorations(product.title, product.game)
        if matching.is_same_card(product.title, card_name, product.set_name, product.game):
            offers_by_card[(product.game, card_key(product.title, product.game))].extend(product.offers)
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
