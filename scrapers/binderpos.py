"""BinderPOS: the inventory add-on many Shopify game stores use.

Two ways in, chosen by the `mode` setting:

- "api" (default): `POST {api_url}/external/shopify/products/forStore` with a JSON body naming the
  store by its myshopify name (`storeUrl`), the card title and `instockOnly`. Products carry set
  name and code, collector number and per-variant quantity, so no detail request is ever needed.
  Paged with `offset`/`limit`; `count` is the total.
- "html": for stores that closed the API, the BinderPOS theme's search page
  `GET {base_url}/search?q=<name>&type=product&page=N`, cards in `div.productCard__card`, one
  `li.productChip` per variant with title, price (cents), availability and quantity.

Settings:
- `shop` (required in api mode): the store's *.myshopify.com name, e.g. "hairytarantula" or
  "hairytarantula.myshopify.com" (any store page shows it as `Shopify.shop = "…"`).
- `api_url` (default "https://portal.binderpos.com").
- `mode`: "api" or "html" (default "api").
- `page_size` (default 30) and `max_pages` (default 10).

The API answers 429 with Retry-After when pushed; the HTTP client pauses the whole API host then,
which is right because every BinderPOS store shares it.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from scrapers import matching, vocabulary
from scrapers.errors import UnreadablePage
from scrapers.http import HttpClient
from scrapers.jsonvalues import as_dict, as_list, as_text, require_list
from scrapers.offer import Offer
from scrapers.settings import Setting, http_url, positive, resolve
from scrapers.store import StoreConfig

LABEL = "BinderPOS (Shopify)"
DEFAULT_API_URL = "https://portal.binderpos.com"
API_PATH = "/external/shopify/products/forStore"
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


def extra_errors(settings: dict[str, Any]) -> list[str]:
    """Rules across settings that `Setting` cannot express on its own."""
    if settings.get("mode", "api") == "api" and not settings.get("shop"):
        return ["binderpos needs 'shop', the store's *.myshopify.com name"]
    return []


def search(client: HttpClient, store: StoreConfig, card_name: str) -> list[Offer]:
    settings = resolve("binderpos", SETTINGS, store.settings, extra_errors)
    if settings["mode"] == "html":
        return _search_html(client, store, card_name, settings)
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
        page_offers, matched, total = parse_api_response(response.json(), card_name, store.base_url, store.currency)
        offers.extend(page_offers)
        if not matched or (page + 1) * limit >= total:
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


def parse_api_response(data: Any, card_name: str, base_url: str, currency: str = "USD") -> tuple[list[Offer], bool, int]:
    """(in-stock offers for the card, whether any product matched, total product count)."""
    body = as_dict(data)
    products = require_list(body.get("products"), "search results")
    total = vocabulary.int_or_none(body.get("count"))
    offers: list[Offer] = []
    matched = False
    for product in map(as_dict, products):
        title = as_text(product.get("title"))
        set_name = as_text(product.get("setName"))
        listed_name = as_text(product.get("cardName")) or title
        product_type = as_text(product.get("productType"))
        if product_type and not _MAGIC_TYPE.search(product_type):
            continue  # another game's single with the same name
        if not matching.is_same_card(listed_name, card_name, set_name) or matching.is_non_card(
            title, card_name, set_name
        ):
            continue
        matched = True
        url = f"{base_url.rstrip('/')}/products/{as_text(product.get('handle'))}"
        for variant in map(as_dict, as_list(product.get("variants"))):
            offer = _offer_from_api_variant(variant, product, title, set_name, url, currency)
            if offer is not None and offer.in_stock:
                offers.append(offer)
    return offers, matched, total if total is not None else len(products)


def _offer_from_api_variant(
    variant: dict[str, Any], product: dict[str, Any], title: str, set_name: str, url: str, currency: str
) -> Offer | None:
    variant_title = as_text(variant.get("title"))
    condition = vocabulary.parse_condition(variant_title)
    price = vocabulary.price_from_number(variant.get("price"))
    quantity = vocabulary.int_or_none(variant.get("quantity"))
    variant_id = as_text(variant.get("shopifyId")) or as_text(variant.get("id"))
    if condition is None or price is None or quantity is None:
        return None
    return _variant_offer(
        title, set_name, as_text(product.get("setCode")).upper(),
        as_text(product.get("collectorNumber")) or as_text(product.get("cardNumber")) or None,
        variant_title, condition, price, quantity, url, variant_id, currency,
    )


def _variant_offer(
    title: str, set_name: str, set_code: str, collector_number: str | None, variant_title: str,
    condition: str, price, quantity: int | None, url: str, variant_id: str | None, currency: str,
) -> Offer:
    """An offer from a BinderPOS variant, API or theme alike: its title ("Lightly Played Foil")
    carries the condition, the finish and sometimes the language; the link selects the variant."""
    return Offer(
        name=title,
        set_name=set_name,
        set_code=set_code,
        collector_number=collector_number,
        finish=vocabulary.parse_finish(variant_title),
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
        page_offers, matched, has_next = parse_theme_page(response.content, card_name, response.url, store.currency)
        offers.extend(page_offers)
        if not matched or not has_next:
            break
    return offers


_X = etree.XPath
_CARDS = _X("//div[contains(concat(' ', normalize-space(@class), ' '), ' productCard__card ')]")
_SEARCH_MARKERS = _X("//*[contains(@class, 'productCard') or contains(@class, 'search')]")
_CARD_TITLE = _X("normalize-space((.//p[contains(@class, 'productCard__title')]//a)[1])")
_CARD_HREF = _X("string((.//p[contains(@class, 'productCard__title')]//a/@href)[1])")
_CARD_SET = _X("normalize-space((.//p[contains(@class, 'productCard__setName')])[1])")
_CHIPS = _X(".//li[contains(@class, 'productChip')][@data-variantid]")
_HAS_FORM = _X("boolean(.//form)")
_OUT_OF_STOCK_BUTTON = _X("boolean(.//*[contains(@class, 'productCard__button--outOfStock')])")
_LAST_PAGE_ITEM = _X("(//ol[contains(@class, 'pagination')]/li)[last()]")


def parse_theme_page(html: str | bytes, card_name: str, base_url: str, currency: str = "USD") -> tuple[list[Offer], bool, bool]:
    """(in-stock offers for the card, whether any card matched, whether a next page exists)."""
    tree = etree.HTML(html) if html else None
    if tree is None or not _SEARCH_MARKERS(tree):
        raise UnreadablePage("the store returned a page we could not read")
    offers: list[Offer] = []
    matched = False
    for card in _CARDS(tree):
        product_type = card.get("data-producttype", "")
        title, set_name = _CARD_TITLE(card), _CARD_SET(card)
        if product_type and not _MAGIC_TYPE.search(product_type):
            continue
        if not title or not matching.is_same_card(title, card_name, set_name):
            continue
        matched = True
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
    return offers, matched, has_next


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
