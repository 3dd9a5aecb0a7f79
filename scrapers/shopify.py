"""Shopify storefronts (the plain theme search, no BinderPOS API).

Requests:
1. `GET {base_url}/search/suggest.json?q="<name>"&resources[type]=product&resources[limit]=10`:
   predictive search, capped at 10 products, no paging. The name is quoted because unquoted
   searches return other games' products. Its products carry no variants.
2. `GET {base_url}/products/<handle>.js` for each product that is the card and available: the
   only place conditions, finishes and prices per variant appear. A 404 means the product is gone.
   So a check costs one request plus one per matching in-stock printing.

Settings:
- `product_types` (text, default "magic|mtg"): a regular expression the product `type` must match
  (case-insensitive), which drops other games and sealed product; "" keeps every type.

Titles look like "Sol Ring [3ED - N/A]" or "Sol Ring (0912) (Rainbow Foil) [Secret Lair Drop
Series]": the set is the last [...] (else the vendor, unless that is just "Magic: The Gathering").
BinderPOS-style SKUs ("SLD-912-EN-FO-1": set, number, language, finish, condition 1-5) fill in
set code, collector number and finish without another request; other SKUs are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from scrapers import matching, vocabulary
from scrapers.http import HttpClient
from scrapers.jsonvalues import as_dict, as_text, dig, require_list
from scrapers.offer import Offer
from scrapers.settings import Setting, resolve
from scrapers.store import StoreConfig

LABEL = "Shopify"
SUGGEST_PATH = "/search/suggest.json"


def _valid_pattern(value: str) -> str | None:
    try:
        re.compile(value)
    except re.error:
        return "is not a valid regular expression"
    return None


SETTINGS = (
    Setting("product_types", str, "a regular expression product types must match", default="magic|mtg",
            check=_valid_pattern),
)


def search(client: HttpClient, store: StoreConfig, card_name: str) -> list[Offer]:
    settings = resolve("shopify", SETTINGS, store.settings)
    response = client.get(
        store.url(SUGGEST_PATH),
        params={"q": f'"{card_name}"', "resources[type]": "product", "resources[limit]": 10},
        requests_per_second=store.requests_per_second,
    )
    products = parse_suggestions(response.json(), card_name, settings["product_types"])
    offers: list[Offer] = []
    for product in products:
        detail = client.get(
            store.url(f"/products/{product.handle}.js"),
            requests_per_second=store.requests_per_second,
            allow_statuses=(404,),
        )
        if detail.status == 404:
            continue  # sold and unpublished between the two requests
        offers.extend(parse_product(detail.json(), card_name, store.base_url, store.currency))
    return offers


@dataclass(frozen=True)
class Suggestion:
    handle: str
    title: str


def parse_suggestions(data: Any, card_name: str, product_types: str = "magic|mtg") -> list[Suggestion]:
    """Products from a suggest.json answer that are the card, Magic, and available."""
    products = require_list(dig(data, "resources", "results", "products"), "search results")
    type_pattern = re.compile(product_types, re.I) if product_types else None
    found = []
    for product in map(as_dict, products):
        title, handle = as_text(product.get("title")), as_text(product.get("handle"))
        if not title or not handle or product.get("available") is False:
            continue
        if type_pattern and not type_pattern.search(as_text(product.get("type"))):
            continue
        if matching.is_same_card(title, card_name, set_name_of(title, "")):
            found.append(Suggestion(handle, title))
    return found


def parse_product(data: Any, card_name: str, base_url: str, currency: str = "USD") -> list[Offer]:
    """In-stock offers from a `/products/<handle>.js` answer; malformed variants are skipped."""
    product = as_dict(data)
    title = as_text(product.get("title"))
    handle = as_text(product.get("handle"))
    variants = require_list(product.get("variants"), "a product")
    set_name = set_name_of(title, as_text(product.get("vendor")))
    if not title or not matching.is_same_card(title, card_name, set_name):
        return []
    offers = []
    for variant in map(as_dict, variants):
        offer = _offer_from_variant(variant, title, set_name, f"{base_url.rstrip('/')}/products/{handle}", currency)
        if offer is not None and offer.in_stock:
            offers.append(offer)
    return offers


def _offer_from_variant(variant: dict[str, Any], title: str, set_name: str, url: str, currency: str) -> Offer | None:
    if variant.get("available") is not True:
        return None
    variant_title = as_text(variant.get("title"))
    options = [as_text(variant.get(key)) for key in ("option1", "option2", "option3")]
    sku = decode_sku(as_text(variant.get("sku")))
    condition = vocabulary.parse_condition(variant_title) or next(
        filter(None, map(vocabulary.parse_condition, options)), None
    ) or (sku.condition if sku else None)
    price = vocabulary.price_from_minor_units(variant.get("price"))
    variant_id = as_text(variant.get("id"))
    if condition is None or price is None or not variant_id:
        return None
    language = next(filter(None, map(vocabulary.parse_language, options)), None)
    return Offer(
        name=title,
        set_name=set_name,
        set_code=sku.set_code if sku else "",
        collector_number=(sku.collector_number if sku else None) or matching.collector_number_in(title),
        finish=_finish(sku, vocabulary.parse_finish(variant_title, *options, title)),
        condition=condition,
        condition_raw=variant_title,
        language=(sku.language if sku else None) or language or vocabulary.language_in(variant_title),
        price=price,
        currency=currency,
        quantity=vocabulary.int_or_none(variant.get("inventory_quantity")),
        url=f"{url}?variant={variant_id}",
        variant_id=variant_id,
    )


def _finish(sku: Sku | None, from_titles: str) -> str:
    # SKUs only know foil or not; an "Etched" in the titles is more precise.
    if sku is None or from_titles == "etched":
        return from_titles
    return sku.finish


_LAST_BRACKETS = re.compile(r"\[([^\[\]]+)\]\s*$")


def set_name_of(title: str, vendor: str) -> str:
    """"Sol Ring [Commander 2021]" -> "Commander 2021"; otherwise the vendor if it names a set."""
    match = _LAST_BRACKETS.search(title)
    if match:
        return match.group(1).strip()
    if vendor and vendor.casefold() not in ("magic: the gathering", "wizards of the coast", "mtg"):
        return vendor
    return ""


@dataclass(frozen=True)
class Sku:
    set_code: str
    collector_number: str
    language: str | None
    finish: str
    condition: str


_BINDERPOS_SKU = re.compile(
    r"^(?P<set>[A-Z0-9]{2,6})-(?P<number>[0-9A-Za-z★]+)-(?P<lang>[A-Z]{2,3})-(?P<finish>[A-Z]{2})-(?P<grade>[1-5])$",
    re.I,
)


def decode_sku(sku: str) -> Sku | None:
    """BinderPOS SKUs "SET-NUM-LANG-NF|FO-COND": "SLD-912-EN-FO-1" -> SLD #912 English foil NM."""
    match = _BINDERPOS_SKU.match(sku.strip())
    if not match:
        return None
    finish_code = match.group("finish").upper()
    finish = {"NF": "nonfoil", "FO": "foil", "EF": "etched", "ET": "etched"}.get(finish_code)
    if finish is None:
        return None
    return Sku(
        set_code=match.group("set").upper(),
        collector_number=match.group("number"),
        language=vocabulary.parse_language(match.group("lang")),
        finish=finish,
        condition=vocabulary.CONDITION_BY_GRADE[match.group("grade")],
    )

