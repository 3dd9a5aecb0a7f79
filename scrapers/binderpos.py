"""BinderPOS: the inventory add-on many Shopify game stores use.

Two ways in, chosen by the `mode` setting:

- "api" (default): `POST {api_url}/external/shopify/products/forStore` with a JSON body naming the
  store by its myshopify name (`storeUrl`), the card title and `instockOnly`. Products carry set
  name and code, collector number and per-variant quantity, so no detail request is ever needed.
  Paged with `offset`/`limit`; `count` is the total.
- "html": for stores that closed the API, the store's search page
  `GET {base_url}/search?q=<name>&type=product&page=N`, in one of two themes:
  - the BinderPOS "productCard" theme: cards in `div.productCard__card` inside a
    `div.productCard__grid`, one `li.productChip` per variant with title, price (cents),
    availability and quantity;
  - the grid theme real stores run (Pro Gamers' `advanced-search`): cards in `div.grid-view-item`
    with a `<select>` of variant titles, a `variants` JSON attribute holding each variant's price
    in cents, and an add-to-cart form naming the variant the page shows. The page does not say
    which variants are in stock, so for each card that is the searched card the check reads the
    product's Shopify answer (`GET {base_url}/products/<handle>.js`, one request per matching
    printing), whose variants say `available`; when that answer is missing or not recognised, the
    card gives one offer: the variant the page shows, at its price, quantity unknown.
  A page showing neither theme's grid (a home page, a login or maintenance page, a theme we do
  not know) is not read as "no copies": BinderPOS stores are Shopify shops, so the check falls
  back to the Shopify JSON endpoints (`scrapers.shopify`), and only when those are not
  recognised either is it a store error naming both misses.

Language: a variant title's words win ("Near Mint Non English" is not English, though its SKU
keeps "-EN-"); otherwise the SKU's language (`NEO-177//177-EN-NF-1` -> English). An answer that is
not a JSON object with a `products` list is a store error.

Paging rule (both modes): read the next page only while the current one still lists a product
that names the card (`CardMatcher.is_related`: a match, or a near miss such as an art series or
a token), the store says more exist, and fewer than `max_pages` were read. So a copy behind a page
of near misses is found, and a search for "Opt" stops at the first page of unrelated products.

Settings:
- `shop`: the store's *.myshopify.com name, e.g. "hairytarantula" or "hairytarantula.myshopify.com"
  (any store page shows it as `Shopify.shop = "…"`). The API needs it; a store without it is valid
  and is read through its listing (`products.json`, see `scrapers.paths`), not searched.
- `api_url` (default "https://portal.binderpos.com").
- `mode`: "api" or "html" (default "api").
- `page_size` (default 30) and `max_pages` (default 10).

The API answers 429 with Retry-After when pushed; the HTTP client holds the whole API host then,
which is right because every BinderPOS store shares it.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

import dataclasses
import json
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from scrapers import matching, shopify, vocabulary
from scrapers.diagnostics import tally
from scrapers.errors import InvalidSettings, UnreadablePage
from scrapers.http import HttpClient
from scrapers.jsonvalues import as_dict, as_list, as_text, read_json, require_object_with_list
from scrapers.listing import ListingPage
from scrapers.offer import Offer
from scrapers.settings import Setting, http_url, positive, resolve
from scrapers.store import StoreConfig

LABEL = "BinderPOS (Shopify)"
DEFAULT_API_URL = "https://portal.binderpos.com"
API_PATH = "/external/shopify/products/forStore"
API_ANSWER = "BinderPOS answer"
RESULTS_PAGE = "results page"
_MAGIC_TYPE = re.compile("magic|mtg", re.I)
_SHOP_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*(\.myshopify\.com)?$")


def _valid_shop(value: str) -> str | None:
    return None if _SHOP_NAME.match(value.strip().lower()) else "must be a *.myshopify.com name like 'hairytarantula'"


SETTINGS = (
    Setting("shop", str, "the store's *.myshopify.com name", check=_valid_shop),
    Setting("api_url", str, "the BinderPOS API address", default=DEFAULT_API_URL, check=http_url),
    Setting("mode", str, "'api' or 'html'", default="api", choices=("api", "html")),
    Setting("page_size", int, "products per request", default=30, check=positive),
    Setting("max_pages", int, "how many result pages to read at most", default=10, check=positive),
)


NO_SHOP = ("the store's settings do not name its shop (its *.myshopify.com name), which the BinderPOS API "
           "needs: it is read through its listing instead (inventory mode auto or sync)")


def search(client: HttpClient, store: StoreConfig, card_name: str) -> list[Offer]:
    settings = resolve("binderpos", SETTINGS, store.settings)
    if settings["mode"] == "html":
        return _search_html(client, store, card_name, settings)
    if not settings["shop"]:
        raise InvalidSettings(NO_SHOP)
    return _search_api(client, store, card_name, settings)


# -- API mode ---------------------------------------------------------------------------------


def _search_api(client: HttpClient, store: StoreConfig, card_name: str, settings: dict[str, Any]) -> list[Offer]:
    offers: list[Offer] = []
    limit = settings["page_size"]
    for page in range(settings["max_pages"]):
        response = client.post(
            settings["api_url"].rstrip("/") + API_PATH,
            json=api_query(shop_domain(settings["shop"]), card_name, offset=page * limit, limit=limit),
            requests_per_second=store.requests_per_second,
        )
        data = read_json(response.content, API_ANSWER)
        answer = parse_api_response(data, card_name, store.base_url, store.currency)
        tally(seen=answer.products_seen, matched=answer.products_matched)
        offers.extend(answer.offers)
        if not answer.related or (page + 1) * limit >= answer.total:
            break
    return offers


def shop_domain(shop: str) -> str:
    shop = shop.strip().lower()
    return shop if shop.endswith(".myshopify.com") else f"{shop}.myshopify.com"


def api_query(store_url: str, card_name: str, *, offset: int, limit: int) -> dict[str, Any]:
    return {
        "storeUrl": store_url,
        "game": "mtg",
        "title": card_name,
        "instockOnly": True,
        "strict": None,
        "variants": None,
        "setNames": [],
        "colors": [],
        "rarities": [],
        "types": [],
        "sortTypes": [{"type": "price", "asc": True, "order": 1}],
        "priceGreaterThan": 0,
        "priceLessThan": None,
        "limit": limit,
        "offset": offset,
    }


@dataclasses.dataclass(frozen=True)
class ApiPage:
    offers: list[Offer]  # in stock and matching only
    related: bool  # any product on the page named the card (see the paging rule)
    total: int  # products the whole search found
    products_seen: int  # products on this page, other cards included (for `scrapers.diagnostics`)
    products_matched: int  # products that are the card, in stock or not


def parse_api_response(data: Any, card_name: str, base_url: str, currency: str = "USD") -> ApiPage:
    """One page of a BinderPOS API answer."""
    products = require_object_with_list(data, "products", API_ANSWER)
    body = as_dict(data)
    total = vocabulary.int_or_none(body.get("count"))
    card = matching.CardMatcher(card_name)
    offers: list[Offer] = []
    related = False
    matched = 0
    for product in map(as_dict, products):
        title = as_text(product.get("title"))
        set_name = as_text(product.get("setName"))
        listed_name = as_text(product.get("cardName")) or title
        related = related or card.is_related(listed_name) or card.is_related(title)
        product_type = as_text(product.get("productType"))
        if product_type and not _MAGIC_TYPE.search(product_type):
            continue  # another game's single with the same name
        if not card.matches(listed_name, set_name) or card.is_non_card(title, set_name):
            continue
        matched += 1
        url = f"{base_url.rstrip('/')}/products/{as_text(product.get('handle'))}"
        for variant in map(as_dict, as_list(product.get("variants"))):
            offer = _offer_from_api_variant(variant, product, title, set_name, url, currency)
            if offer is not None and offer.in_stock:
                offers.append(offer)
    return ApiPage(offers, related, total if total is not None else len(products), len(products), matched)


def _offer_from_api_variant(
    variant: dict[str, Any], product: dict[str, Any], title: str, set_name: str, url: str, currency: str
) -> Offer | None:
    variant_title = as_text(variant.get("title"))
    sku = shopify.decode_sku(as_text(variant.get("sku")))
    condition = vocabulary.parse_condition(variant_title) or (sku.condition if sku else None)
    price = vocabulary.price_from_number(variant.get("price"))
    quantity = vocabulary.int_or_none(variant.get("quantity"))
    variant_id = as_text(variant.get("shopifyId")) or as_text(variant.get("id"))
    if condition is None or price is None or quantity is None:
        return None
    offer = _variant_offer(
        title, set_name, as_text(product.get("setCode")).upper() or (sku.set_code if sku else ""),
        as_text(product.get("collectorNumber")) or as_text(product.get("cardNumber"))
        or (sku.collector_number if sku else None),
        variant_title, condition, price, quantity, url, variant_id, currency,
    )
    if sku is None:
        return offer
    # The title's own words first: "Near Mint Non English" keeps an -EN- SKU.
    return dataclasses.replace(
        offer,
        language=offer.language or sku.language,
        finish=offer.finish if offer.finish != "nonfoil" else sku.finish,
    )


def _variant_offer(
    title: str, set_name: str, set_code: str, collector_number: str | None, variant_title: str,
    condition: str, price, quantity: int | None, url: str, variant_id: str | None, currency: str,
) -> Offer:
    """An offer from a BinderPOS variant, API or theme alike: its title ("Lightly Played Foil")
    carries the condition, the finish and sometimes the language; the link selects the variant."""
    return Offer(
        name=matching.without_finish_words(title),
        set_name=set_name,
        set_code=set_code,
        collector_number=collector_number,
        finish=vocabulary.parse_finish(variant_title, matching.decorations_of(title)),
        condition=condition,
        condition_raw=variant_title,
        language=vocabulary.language_in(variant_title),
        price=price,
        currency=currency,
        quantity=quantity,
        url=f"{url}?variant={variant_id}" if variant_id else url,
        variant_id=variant_id or None,
    )


# -- theme HTML mode --------------------------------------------------------------------------

SEARCH_PATH = "/search"


def _search_html(client: HttpClient, store: StoreConfig, card_name: str, settings: dict[str, Any]) -> list[Offer]:
    offers: list[Offer] = []
    for page in range(1, settings["max_pages"] + 1):
        response = client.get(
            store.url(SEARCH_PATH),
            params={"q": card_name, "type": "product", "page": page},
            requests_per_second=store.requests_per_second,
        )
        try:
            results = parse_theme_page(response.content, card_name, response.url, store.currency)
        except UnreadablePage as exc:
            if page > 1:
                raise
            return _search_shopify_json(client, store, card_name, exc.reason)
        tally(seen=results.products_seen, matched=results.products_matched)
        if results.theme == GRID_THEME:
            offers.extend(_confirmed(client, store, card_name, results))
        else:
            offers.extend(results.offers)
        if not results.related or not results.has_next_page:
            break
    return offers


def _confirmed(client: HttpClient, store: StoreConfig, card_name: str, results: ThemePage) -> list[Offer]:
    """The grid theme's offers replaced by what each product's Shopify answer says is available."""
    offers: list[Offer] = []
    for shown in results.offers:
        handle = urlsplit(shown.url).path.rstrip("/").rsplit("/products/", 1)[-1]
        detail = client.get(store.url(f"/products/{handle}.js"), requests_per_second=store.requests_per_second,
                            allow_statuses=(404,))
        try:
            if detail.status == 404:
                raise UnreadablePage("no product answer")
            data = read_json(detail.content, shopify.PRODUCT_ANSWER)
            offers.extend(shopify.parse_product(data, card_name, store.base_url, store.currency))
        except UnreadablePage:
            offers.append(shown)  # the page itself was read: keep the variant it shows
    return offers


def _search_shopify_json(client: HttpClient, store: StoreConfig, card_name: str, theme_reason: str) -> list[Offer]:
    """The same shop through Shopify's JSON endpoints, when its theme page is not one we know."""
    as_shopify = dataclasses.replace(store, platform="shopify", settings={})
    try:
        return shopify.search(client, as_shopify, card_name)
    except UnreadablePage as exc:
        raise UnreadablePage(f"{theme_reason}; Shopify JSON fallback: {exc.reason}") from exc


PRODUCT_CARD_THEME = "productCard"
GRID_THEME = "grid"


@dataclasses.dataclass(frozen=True)
class ThemePage:
    offers: list[Offer]  # in stock and matching only (the grid theme: the variant each card shows)
    related: bool  # any card on the page named the searched card (see the paging rule)
    has_next_page: bool
    theme: str = PRODUCT_CARD_THEME
    products_seen: int = 0  # every card on the page, other cards included (for `scrapers.diagnostics`)
    products_matched: int = 0  # cards that are the searched card, in stock or not


_X = etree.XPath


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


_CARDS = _X(f"//div[{_has_class('productCard__card')}]")
_CARD_GRID = _X(f"//div[{_has_class('productCard__grid')}]")
_CARD_TITLE = _X("normalize-space((.//p[contains(@class, 'productCard__title')]//a)[1])")
_CARD_HREF = _X("string((.//p[contains(@class, 'productCard__title')]//a/@href)[1])")
_CARD_SET = _X("normalize-space((.//p[contains(@class, 'productCard__setName')])[1])")
_CHIPS = _X(".//li[contains(@class, 'productChip')][@data-variantid]")
_HAS_FORM = _X("boolean(.//form)")
_OUT_OF_STOCK_BUTTON = _X("boolean(.//*[contains(@class, 'productCard__button--outOfStock')])")
_LAST_PAGE_ITEM = _X("(//ol[contains(@class, 'pagination')]/li)[last()]")
_GRID_ITEMS = _X(f"//div[{_has_class('grid-view-item')}][.//select or .//*[@variants]]")
_GRID_TITLE = _X(f"normalize-space((.//*[{_has_class('grid-view-item__title')}])[1])")
_GRID_HREF = _X("string((.//a[contains(@href, '/products/')]/@href)[1])")
_GRID_OPTIONS = _X(".//select//option[@value]")
_GRID_PRICES = _X("string((.//*[@variants]/@variants)[1])")
_GRID_SHOWN_VARIANT = _X(
    "string((.//form[contains(@action, '/cart/add')]//input[contains(@name, 'variant') or @name='id']/@value)[1])"
)
_GRID_CART_FORM = _X("boolean(.//form[contains(@action, '/cart/add')])")
_GRID_NEXT = _X(f"boolean(//*[{_has_class('pag_next')}]//a[@href])")
_STRING = _X("string()")


def parse_theme_page(html: str | bytes, card_name: str, base_url: str, currency: str = "USD") -> ThemePage:
    """One search results page of either BinderPOS theme; `UnreadablePage` for anything else."""
    tree = etree.HTML(html) if html and html.strip() else None
    if tree is None:
        raise UnreadablePage(f"{RESULTS_PAGE} not recognised: the store sent an empty page")
    if _GRID_ITEMS(tree):
        return _parse_grid_theme(tree, card_name, base_url, currency)
    if _CARDS(tree) or _CARD_GRID(tree):
        return _parse_product_card_theme(tree, card_name, base_url, currency)
    raise UnreadablePage(
        f"{RESULTS_PAGE} not recognised: no product grid (div.productCard__grid or div.grid-view-item)"
    )


def _parse_product_card_theme(tree: etree._Element, card_name: str, base_url: str, currency: str) -> ThemePage:
    card_matcher = matching.CardMatcher(card_name)
    offers: list[Offer] = []
    related = False
    cards = _CARDS(tree)
    matched = 0
    for card in cards:
        product_type = card.get("data-producttype", "")
        title, set_name = _CARD_TITLE(card), _CARD_SET(card)
        related = related or card_matcher.is_related(title)
        if product_type and not _MAGIC_TYPE.search(product_type):
            continue
        if not title or not card_matcher.matches(title, set_name):
            continue
        matched += 1
        if not _HAS_FORM(card) or _OUT_OF_STOCK_BUTTON(card):
            continue
        url = urljoin(base_url, _CARD_HREF(card))
        for chip in _CHIPS(card):
            offer = _offer_from_chip(chip, title, set_name, url, currency)
            if offer is not None and offer.in_stock:
                offers.append(offer)
    last = _LAST_PAGE_ITEM(tree)
    # The last pagination item is the "next" arrow; it carries a class when disabled.
    has_next = bool(last) and not last[0].get("class") and bool(last[0].xpath(".//a[@href]"))
    return ThemePage(offers, related, has_next, products_seen=len(cards), products_matched=matched)


def _parse_grid_theme(tree: etree._Element, card_name: str, base_url: str, currency: str) -> ThemePage:
    card_matcher = matching.CardMatcher(card_name)
    offers: list[Offer] = []
    related = False
    items = _GRID_ITEMS(tree)
    matched = 0
    for item in items:
        title = _GRID_TITLE(item)
        printing = shopify.set_of(title, "")
        related = related or card_matcher.is_related(title)
        if not title or not card_matcher.matches(title, printing.name):
            continue
        matched += 1
        if not _GRID_CART_FORM(item) or "sold out" in _STRING(item).lower():
            continue
        offer = _offer_from_grid_item(item, title, printing, urljoin(base_url, _GRID_HREF(item)), currency)
        if offer is not None:
            offers.append(offer)
    return ThemePage(offers, related, _GRID_NEXT(tree), GRID_THEME, len(items), matched)



def _offer_from_grid_item(
    item: etree._Element, title: str, printing: shopify.SetOfTitle, url: str, currency: str
) -> Offer | None:
    titles = {option.get("value"): " ".join((option.text or "").split()) for option in _GRID_OPTIONS(item)}
    shown = _GRID_SHOWN_VARIANT(item) or next(iter(titles), "")
    variant_title = titles.get(shown, "")
    condition = vocabulary.parse_condition(variant_title)
    price = _cents(as_dict(_json_or_none(_GRID_PRICES(item))).get(shown))
    if not shown or condition is None or price is None:
        return None
    return _variant_offer(
        title, printing.name, printing.code, printing.collector_number or matching.collector_number_in(title),
        variant_title, condition, price, None, url, shown, currency,
    )


def _json_or_none(text: str) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def _cents(entry: Any) -> Decimal | None:
    """{"price": 2270} -> 22.70; float noise ("3645.0000000000005") rounds to the cent."""
    value = as_dict(entry).get("price")
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        cents = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None
    return vocabulary.price_from_minor_units(int(cents))


def _offer_from_chip(chip: etree._Element, title: str, set_name: str, url: str, currency: str) -> Offer | None:
    if chip.get("data-variantavailable", "").lower() != "true":
        return None
    variant_title = chip.get("data-varianttitle", "")
    condition = vocabulary.parse_condition(variant_title)
    price = vocabulary.price_from_minor_units(chip.get("data-variantprice"))
    variant_id = chip.get("data-variantid") or None
    if condition is None or price is None:
        return None
    return _variant_offer(
        title, set_name, "", matching.collector_number_in(title), variant_title, condition, price,
        vocabulary.int_or_none(chip.get("data-variantqty")), url, variant_id, currency,
    )


# -- the whole catalog, for inventory sync (scrapers.sync) ------------------------------------------


def read_catalog_page(client: HttpClient, store: StoreConfig, number: int) -> ListingPage:
    """A BinderPOS store is a Shopify shop: its catalog is Shopify's `products.json`."""
    as_shopify = dataclasses.replace(store, platform="shopify", settings={})
    return shopify.read_catalog_page(client, as_shopify, number)
