"""WooCommerce stores through the public Store API.

Request: `GET {base_url}{api_path}?search=<name>&per_page=100&page=N`, one per results page; the
page count comes from the `X-WP-TotalPages` header. Search is a substring match, so names are
filtered exactly.
Inventory sync reads the same path without `search=`: every product, page by page
(`read_catalog_page`).

Settings:
- `api_path` (default "/wp-json/wc/store/v1/products"; older stores: "/wp-json/wc/store/products").
- `per_page` (default 100) and `max_pages` (default 10).
- `condition_attributes`, `set_attributes`, `language_attributes`, `finish_attributes` (lists of
  attribute names, compared case- and accent-insensitively): where this store keeps those facts.
  Defaults cover English and Spanish names ("Condition"/"Condición"/"Estado", "Set"/"Edición"…).
- `category` (default ""): keep only products in this category (name or slug), for shops that sell
  several games; "" keeps all. It is Magic's: another game's is `game_filters.<game>.category`.
- `game_filters` (object, default none): per game, the `category` its singles are in.
- `default_condition` (default "", unstated): used when a product states no condition at all;
  a condition the store does not state is left blank rather than guessed.

Games: a search is for one game (Magic by default). Magic keeps its `category` setting as always.
Another game keeps the products in its `game_filters` category when one is set, else those whose
categories name the game or name no game at all (`games.names_game`: a "Magic: The Gathering"
product is never a Pokémon single). An inventory sync files each product under the first game the
store sells that claims it (its category, or categories naming it), else under the store's main
game when that one keeps everything (Magic with no category, or a game the categories do not
contradict); products no game takes are left out.

Recognised answers: a JSON list of products (each an object with `name` and `prices`), or an
empty list. Anything else (an HTML page, an empty body, other JSON) is a store error.

Paging rule: read the next page only while the current one still lists a product that names the
card (`CardMatcher.is_related`: a match, or a near miss such as an art series or a token), the
store says more exist, and fewer than `max_pages` were read. Results are not always ordered by
relevance, so a copy behind a page of near misses is found; a common-word name ("Opt") stops at
the first page of unrelated products instead of reading them all.

Quirks handled: `name` is HTML-escaped ("&#8217;"); some stores append attributes to the name
("Sol Ring — Near Mint · Spanish"), which is read for condition and language; the price is in minor
units (`price / 10**currency_minor_unit`, Chilean pesos use 0) with its own currency code; the exact
quantity is only known from `low_stock_remaining` or a real `add_to_cart.maximum`.
A variable product (one listing, several conditions as variations) gives one offer at its lowest
price with the first condition listed: the Store API's product list does not price variations.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from scrapers import games, matching, vocabulary
from scrapers.diagnostics import tally
from scrapers.http import HttpClient
from scrapers.errors import UnreadablePage
from scrapers.jsonvalues import as_dict, as_list, as_text, read_json
from scrapers.listing import ListedProduct, ListingPage
from scrapers.games import MAGIC
from scrapers.offer import CONDITIONS, UNSTATED_CONDITION, Offer
from scrapers.settings import Setting, for_game, game_filters_setting, positive, resolve
from scrapers.store import StoreConfig

LABEL = "WooCommerce"
ANSWER = "WooCommerce answer"
DEFAULT_API_PATH = "/wp-json/wc/store/v1/products"
# WooCommerce reports this "maximum" when the shop does not track stock for a product.
_UNLIMITED = 9999


def _strings(value: list[Any]) -> str | None:
    return None if all(isinstance(item, str) for item in value) else "must be a list of text"


def _condition_code(value: str) -> str | None:
    if value in CONDITIONS or value == UNSTATED_CONDITION:
        return None
    return "must be one of " + ", ".join(CONDITIONS) + ' or "" (unstated)'


SETTINGS = (
    Setting("api_path", str, "the Store API products path", default=DEFAULT_API_PATH),
    Setting("per_page", int, "products per request", default=100, check=positive),
    Setting("max_pages", int, "how many result pages to read at most", default=10, check=positive),
    Setting("condition_attributes", list, "attribute names holding the condition", check=_strings,
            default=["Condition", "Condición", "Condicion", "Estado", "Calidad"]),
    Setting("set_attributes", list, "attribute names holding the set", check=_strings,
            default=["Set", "Edition", "Edición", "Edicion", "Expansion", "Expansión", "Colección"]),
    Setting("language_attributes", list, "attribute names holding the language", check=_strings,
            default=["Language", "Idioma", "Lenguaje"]),
    Setting("finish_attributes", list, "attribute names holding the finish", check=_strings,
            default=["Finish", "Foil", "Acabado", "Tipo"]),
    Setting("category", str, "only products in this category (name or slug; '' for all)", default=""),
    Setting("default_condition", str, "condition when a product states none", default=UNSTATED_CONDITION,
            check=_condition_code),
    game_filters_setting({"category": str}),
)


def game_settings(settings: dict[str, Any], game: str = MAGIC) -> dict[str, Any]:
    """The store's settings for searching `game` (its category: see "Games" above)."""
    return for_game(resolve("woocommerce", SETTINGS, settings), game, {"category": ""})


def search(client: HttpClient, store: StoreConfig, card_name: str, game: str = MAGIC) -> list[Offer]:
    settings = game_settings(store.settings, game)
    offers: list[Offer] = []
    for page in range(1, settings["max_pages"] + 1):
        response = client.get(
            store.url(settings["api_path"]),
            params={"search": card_name, "per_page": settings["per_page"], "page": page},
            requests_per_second=store.requests_per_second,
        )
        data = read_json(response.content, ANSWER)
        results = parse_products(data, card_name, settings, store.currency, game)
        tally(seen=results.products_seen, matched=results.products_matched)
        offers.extend(results.offers)
        total_pages = vocabulary.int_or_none(response.headers.get("X-WP-TotalPages")) or 1
        if not results.related or page >= total_pages:
            break
    return offers


@dataclass(frozen=True)
class ProductsPage:
    offers: list[Offer]  # in stock and matching only
    related: bool  # any product on the page named the card (see the paging rule)
    products_seen: int  # products on this page, other cards included (for `scrapers.diagnostics`)
    products_matched: int  # products that are the card (in the category), in stock or not


def parse_products(
    data: Any, card_name: str, settings: dict[str, Any] | None = None, currency: str = "USD", game: str = MAGIC
) -> ProductsPage:
    """One page of a Store API products answer."""
    settings = game_settings(settings or {}, game)
    card = matching.CardMatcher(card_name, game)
    products = _products(data)
    offers: list[Offer] = []
    related = False
    matched = 0
    for product in map(as_dict, products):
        name = html.unescape(as_text(product.get("name")))
        attributes = _attributes(product)
        set_name = _first(attributes, settings["set_attributes"]) or ""
        related = related or card.is_related(name)
        if not name or not card.matches(name, set_name):
            continue
        if not _is_of(product, game, settings["category"]):
            continue
        matched += 1
        offer = _offer_from_product(product, name, set_name, attributes, settings, currency)
        if offer is not None and offer.in_stock:
            offers.append(offer)
    return ProductsPage(offers, related, len(products), matched)


def _products(data: Any) -> list[Any]:
    if not isinstance(data, list):
        raise UnreadablePage(f"{ANSWER} not recognised: not a list of products")
    if data and not any(isinstance(item, dict) and "name" in item and "prices" in item for item in data):
        raise UnreadablePage(f"{ANSWER} not recognised: no product has a name and prices")
    return data


def _offer_from_product(product: dict[str, Any], name: str, set_name: str, attributes: dict[str, list[str]],
                        settings: dict[str, Any], currency: str) -> Offer | None:
    if product.get("is_in_stock") is not True or product.get("is_purchasable") is False:
        return None
    prices = as_dict(product.get("prices"))
    minor_unit = vocabulary.int_or_none(prices.get("currency_minor_unit"))
    price = vocabulary.price_from_minor_units(prices.get("price"), 2 if minor_unit is None else minor_unit)
    product_id = as_text(product.get("id"))
    if price is None or not product_id:
        return None
    # What the store appended to the name ("— Near Mint · Spanish") is the fallback for both.
    suffix = name[len(matching.strip_decorations(name)) :]
    condition_raw = _first(attributes, settings["condition_attributes"]) or suffix.strip(" -–—·|")
    condition = vocabulary.parse_condition(condition_raw) or settings["default_condition"]
    language_raw = _first(attributes, settings["language_attributes"])
    finish_raw = _first(attributes, settings["finish_attributes"])
    return Offer(
        name=matching.without_finish_words(name),
        set_name=set_name,
        set_code="",
        collector_number=matching.collector_number_in(name),
        finish=vocabulary.parse_finish(matching.decorations_of(name), finish_raw),
        condition=condition,
        condition_raw=condition_raw,
        language=vocabulary.parse_language(language_raw) or language_raw or vocabulary.language_in(suffix),
        price=price,
        currency=as_text(prices.get("currency_code")) or currency,
        quantity=_quantity(product),
        url=as_text(product.get("permalink")),
        variant_id=product_id,
    )


def _attributes(product: dict[str, Any]) -> dict[str, list[str]]:
    """Attribute name (normalised) -> term names, from `attributes[].terms` and variation values."""
    found: dict[str, list[str]] = {}
    for attribute in map(as_dict, as_list(product.get("attributes"))):
        terms = [html.unescape(as_text(as_dict(term).get("name"))) for term in as_list(attribute.get("terms"))]
        found.setdefault(matching.normalize(as_text(attribute.get("name"))), []).extend(filter(None, terms))
    return found


def _is_of(product: dict[str, Any], game: str, category: str) -> bool:
    """Whether a product is in the game's singles: its category when one is set; else, for a game
    but Magic (which keeps everything, as it always did), categories that do not name another game."""
    if category:
        return _in_category(product, category)
    return game == MAGIC or _names_game(product, game) is not False


def _names_game(product: dict[str, Any], game: str) -> bool | None:
    """Whether the product's categories name the game (True), only other games (False), or none (None)."""
    verdicts = {games.names_game(matching.normalize(f"{as_text(found.get('name'))} {as_text(found.get('slug'))}"), game)
                for found in map(as_dict, as_list(product.get("categories")))}
    if True in verdicts:
        return True
    return False if False in verdicts else None


def game_of(product: dict[str, Any], settings: dict[str, Any], sold: tuple[str, ...]) -> str | None:
    """The game a catalog product is filed under among the games the store sells (`sold`, main one
    first): the first that claims it (its category, or categories naming it), else the first that
    keeps it (see "Games" above); None: no game takes it."""
    for game in sold:
        category = game_settings(settings, game)["category"]
        if (category and _in_category(product, category)) or (not category and _names_game(product, game)):
            return game
    for game in sold:
        if not game_settings(settings, game)["category"] and (game == MAGIC or _names_game(product, game) is None):
            return game
    return None


def _in_category(product: dict[str, Any], category: str) -> bool:
    wanted = matching.normalize(category)
    return any(
        wanted in (matching.normalize(as_text(found.get("name"))), matching.normalize(as_text(found.get("slug"))))
        for found in map(as_dict, as_list(product.get("categories")))
    )


def _first(attributes: dict[str, list[str]], names: list[str]) -> str | None:
    for name in names:
        terms = attributes.get(matching.normalize(name))
        if terms:
            return terms[0]
    return None


def _quantity(product: dict[str, Any]) -> int | None:
    remaining = vocabulary.int_or_none(product.get("low_stock_remaining"))
    if remaining is not None:
        return remaining
    maximum = vocabulary.int_or_none(as_dict(product.get("add_to_cart")).get("maximum"))
    return maximum if maximum is not None and maximum < _UNLIMITED else None


# -- the whole catalog, for inventory sync (scrapers.sync) ------------------------------------------


def read_catalog_page(client: HttpClient, store: StoreConfig, number: int) -> ListingPage:
    """The search path without `search=`: every product, `per_page` at a time; the last page is
    `X-WP-TotalPages` (or, without that header, a short page)."""
    settings = resolve("woocommerce", SETTINGS, store.settings)
    response = client.get(
        store.url(settings["api_path"]), params={"per_page": settings["per_page"], "page": number},
        requests_per_second=store.requests_per_second,
    )
    data = read_json(response.content, ANSWER)
    sold = tuple(game for game in store.games if game in games.GAMES)
    products = parse_catalog_page(data, settings, store.currency, sold)
    total_pages = vocabulary.int_or_none(response.headers.get("X-WP-TotalPages"))
    has_next = number < total_pages if total_pages is not None else len(data) >= settings["per_page"]
    return ListingPage(products, has_next)


def parse_catalog_page(
    data: Any, settings: dict[str, Any] | None = None, currency: str = "USD", sold: tuple[str, ...] = (MAGIC,)
) -> list[ListedProduct]:
    """Products of one catalog page with their in-stock offer, read as `parse_products` reads a
    search answer (same names, attributes, category filter and prices), each filed under its game
    (`game_of`, among the games the store sells)."""
    settings = resolve("woocommerce", SETTINGS, settings or {})
    listed = []
    for product in map(as_dict, _products(data)):
        name = html.unescape(as_text(product.get("name")))
        game = game_of(product, settings, sold) if name else None
        if game is None:
            continue
        attributes = _attributes(product)
        set_name = _first(attributes, settings["set_attributes"]) or ""
        offer = _offer_from_product(product, name, set_name, attributes, settings, currency)
        if offer is not None and offer.in_stock:
            listed.append(ListedProduct(name, set_name, (offer,), game=game))
    return listed
