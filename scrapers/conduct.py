"""Conduct Commerce: one JSON API for every tenant store.

Request: `POST {api_url}/v1/advancedSearch` with a `text/plain` body holding JSON
`{host, productTypeID, name, reqID}`; `host` picks the store (tenant). There is no pagination (the
answer holds every listing), so a check is one request. Collector numbers need
`POST {api_url}/v1/getProductDetails` per listing, which is only done when one set and finish has
several listings of the card (cached for a day).

Settings:
- `api_url` (default "https://api.conductcommerce.com").
- `host` (default: the host of the store's base URL, e.g. "www.magicstronghold.com").
- `product_type_id` (default 1, Magic singles on every store seen; the store's
  `getStoreSettings` lists them).
- `game_filters` (object, default none): per game, the `product_type_id` of its singles.

Games: a search is for one game (Magic by default), asked by its product type id: Magic's setting;
for another game its `game_filters` id, else the registry's when one id is known for every store
(`scrapers.games`; none is yet), else the product type the store's own `POST {api_url}/v1/
getStoreSettings {host}` names after the game's singles ("Pokemon Singles"), read once a day. That
answer's shape is inferred (docs/platforms.md: "product types and category tree"): any list of
objects with an id (`productTypeID`, `id`) and a name (`name`, `productTypeName`) under `result`.
A store whose product types name no such singles is a settings error saying what to set.

Quirks handled: an unknown host answers HTTP 200 with `success: false` ("Invalid store."), shown as
an error; `variant.id` can be null, so variants are keyed on inventoryID + variantCombinationID;
"Sleeve Playable" is HP; the finish is in the name ("- Foil") or `filterFields.Finish`; the set code
is the folder in the image key ("magic_singles/dom/<uuid>.jpg" -> "DOM").

Recognised answers: a JSON object with `success` true and `result.listings` (a list). Anything else
(an HTML page, an empty body, other JSON) is a store error naming what was missing.

Paging: none; one answer holds every listing.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections import defaultdict
from typing import Any

from scrapers import games, matching, vocabulary
from scrapers.diagnostics import tally
from scrapers.errors import InvalidSettings, ScraperError
from scrapers.games import MAGIC
from scrapers.http import HttpClient
from scrapers.errors import UnreadablePage
from scrapers.jsonvalues import as_dict, as_list, as_text, read_json
from scrapers.offer import Offer
from scrapers.settings import Setting, for_game, game_filters_setting, http_url, positive, resolve
from scrapers.store import StoreConfig

LABEL = "Conduct Commerce"
ANSWER = "Conduct Commerce answer"
DEFAULT_API_URL = "https://api.conductcommerce.com"
DETAILS_CACHE_SECONDS = 24 * 3600

SETTINGS = (
    Setting("api_url", str, "the Conduct Commerce API address", default=DEFAULT_API_URL, check=http_url),
    Setting("host", str, "the store's host name as Conduct knows it (defaults to the site's host)"),
    Setting("product_type_id", int, "the product type of Magic singles", default=1, check=positive),
    game_filters_setting({"product_type_id": int}),
)
STORE_SETTINGS_CACHE_SECONDS = 24 * 3600


class ConductRefused(ScraperError):
    """The API answered `success: false`."""


def search(client: HttpClient, store: StoreConfig, card_name: str, game: str = MAGIC) -> list[Offer]:
    settings = for_game(resolve("conduct", SETTINGS, store.settings), game,
                        {"product_type_id": games.game(game).stores.conduct_product_type})
    host = settings["host"] or store.host
    product_type = settings["product_type_id"] or _product_type_of(client, store, settings["api_url"], host, game)
    data = _call(client, store, settings["api_url"], "advancedSearch",
                 {"host": host, "productTypeID": product_type, "name": card_name})
    listings = parse_listings(data, card_name, store.base_url, store.currency, game)
    tally(seen=listings.products_seen, matched=listings.products_matched)
    return _add_collector_numbers(client, store, settings["api_url"], host, listings.offers)


def _call(client: HttpClient, store: StoreConfig, api_url: str, operation: str, body: dict[str, Any],
          cache_seconds: float = 0) -> Any:
    url = f"{api_url.rstrip('/')}/v1/{operation}"
    # text/plain is what the store's own pages send (it avoids a CORS preflight).
    payload = json.dumps({**body, "reqID": str(uuid.uuid4())})
    response = client.post(
        url,
        data=payload.encode(),
        headers={"Content-Type": "text/plain;charset=UTF-8"},
        requests_per_second=store.requests_per_second,
        cache_seconds=cache_seconds,
        cache_key=f"{url} {json.dumps(body, sort_keys=True)}",
    )
    return read_json(response.content, ANSWER)


def _result(data: Any) -> dict[str, Any]:
    body = as_dict(data)
    if body.get("success") is False:
        messages = [as_text(error) or as_text(as_dict(error).get("message")) for error in as_list(body.get("errors"))]
        detail = "; ".join(filter(None, messages)) or "no reason given"
        raise ConductRefused(f"the store's Conduct Commerce API refused the search: {detail}")
    return as_dict(body.get("result"))


@dataclasses.dataclass(frozen=True)
class Listings:
    offers: list[Offer]  # in stock and matching only
    products_seen: int  # every listing in the answer, other cards included (for `scrapers.diagnostics`)
    products_matched: int  # listings that are the card, in stock or not


def parse_listings(data: Any, card_name: str, base_url: str, currency: str = "USD", game: str = MAGIC) -> Listings:
    """In-stock offers for the card from an `advancedSearch`/`getProductListings` answer."""
    listings = _result(data).get("listings")
    if not isinstance(listings, list):
        raise UnreadablePage(f"{ANSWER} not recognised: no result.listings list")
    offers = []
    matched = 0
    for listing in map(as_dict, listings):
        name = as_text(listing.get("inventoryName"))
        set_name = as_text(listing.get("categoryName"))
        inventory_id = as_text(listing.get("inventoryID"))
        if not inventory_id or not matching.is_same_card(name, card_name, set_name, game):
            continue
        matched += 1
        for variant in map(as_dict, as_list(listing.get("variants"))):
            offer = _offer_from_variant(variant, listing, name, set_name, inventory_id, base_url, currency)
            if offer is not None and offer.in_stock:
                offers.append(offer)
    return Listings(offers, len(listings), matched)


def _offer_from_variant(variant: dict[str, Any], listing: dict[str, Any], name: str, set_name: str,
                        inventory_id: str, base_url: str, currency: str) -> Offer | None:
    raw = as_text(variant.get("name"))
    condition = vocabulary.parse_condition(raw)
    price = vocabulary.price_from_number(variant.get("price"))
    quantity = vocabulary.int_or_none(variant.get("quantity"))
    if condition is None or price is None or quantity is None:
        return None
    variant_key = as_text(variant.get("id")) or f"{inventory_id}-{as_text(variant.get('variantCombinationID'))}"
    finish_field = as_text(as_dict(listing.get("filterFields")).get("Finish"))
    return Offer(
        name=matching.without_finish_words(name),
        set_name=set_name,
        set_code=set_code_from_image(as_text(listing.get("image"))),
        collector_number=matching.collector_number_in(name),
        finish=vocabulary.parse_finish(matching.decorations_of(name), finish_field, raw),
        condition=condition,
        condition_raw=raw,
        language=vocabulary.language_in(raw),
        price=price,
        currency=currency,
        quantity=quantity,
        url=f"{base_url.rstrip('/')}/store/item/{inventory_id}",
        variant_id=variant_key,
    )


def _product_type_of(client: HttpClient, store: StoreConfig, api_url: str, host: str, game: str) -> int:
    data = _call(client, store, api_url, "getStoreSettings", {"host": host},
                 cache_seconds=STORE_SETTINGS_CACHE_SECONDS)
    found = singles_product_type(data, game)
    if found is None:
        name = games.game(game).short_name
        raise InvalidSettings(f"the store's Conduct product types name no {name} singles: set game_filters."
                              f"{game}.product_type_id")
    return found


def singles_product_type(data: Any, game: str) -> int | None:
    """The id of the product type a `getStoreSettings` answer names after the game's singles (a name
    naming the game and "single"), else one naming only the game; None when none does."""
    named: list[tuple[bool, int]] = []
    for entry in _objects_under(_result(data)):
        type_id = vocabulary.int_or_none(entry.get("productTypeID", entry.get("id")))
        name = matching.normalize(as_text(entry.get("name")) or as_text(entry.get("productTypeName")))
        if type_id is not None and name and games.names_game(name, game):
            named.append((not ("single" in name or "singles" in name), type_id))
    return min(named)[1] if named else None


def _objects_under(value: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Every object in lists anywhere under `value` (a few levels deep: the answer's shape is inferred)."""
    if depth > 4:
        return []
    if isinstance(value, list):
        return [found for item in value for found in
                ([item] if isinstance(item, dict) else []) + _objects_under(item, depth + 1)]
    if isinstance(value, dict):
        return [found for item in value.values() for found in _objects_under(item, depth + 1)]
    return []


def set_code_from_image(image_key: str) -> str:
    """"magic_singles/dom/9f1c….jpg" -> "DOM"; "" when the key has no set folder."""
    parts = image_key.split("/")
    return parts[-2].upper() if len(parts) >= 3 and parts[-2] else ""


def parse_collector_number(data: Any) -> str | None:
    """The "Collector Number" field of a `getProductDetails` answer."""
    for field in map(as_dict, as_list(_result(data).get("fields"))):
        if as_text(field.get("name")).casefold() == "collector number":
            return as_text(field.get("value")) or None
    return None


def _add_collector_numbers(client: HttpClient, store: StoreConfig, api_url: str, host: str,
                           offers: list[Offer]) -> list[Offer]:
    listings_by_printing: dict[tuple[str, str], set[str]] = defaultdict(set)
    for offer in offers:
        if offer.collector_number is None:
            listings_by_printing[(offer.set_name, offer.finish)].add(offer.url)
    ambiguous = sorted(url for urls in listings_by_printing.values() if len(urls) > 1 for url in urls)
    numbers = {}
    for url in ambiguous:
        inventory_id = url.rsplit("/", 1)[-1]
        numbers[url] = _details_number(client, store, api_url, host, inventory_id)
    return [
        dataclasses.replace(offer, collector_number=numbers[offer.url]) if numbers.get(offer.url) else offer
        for offer in offers
    ]


def _details_number(client: HttpClient, store: StoreConfig, api_url: str, host: str, inventory_id: str) -> str | None:
    body = {"host": host, "inventoryID": int(inventory_id) if inventory_id.isdigit() else inventory_id,
            "skipRelated": True}
    data = _call(client, store, api_url, "getProductDetails", body, cache_seconds=DETAILS_CACHE_SECONDS)
    return parse_collector_number(data)
