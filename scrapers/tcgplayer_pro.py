"""TCGplayer Pro storefronts (`*.tcgplayerpro.com` or a custom domain).

Requests:
1. `POST {base_url}/api/catalog/search` with `{"query", "context": {"productLineName"}, "filters",
   "from", "size", "sort"}`: products (printings) in stock, paged with `from`/`size`.
2. `GET {base_url}/api/inventory/skus?productIds=1,2,3`: conditions, finishes, languages, prices and
   quantities for up to `ids_per_request` products at once, only for products that are the card.
So a check costs one request per results page plus one per batch of matching products.

Settings:
- `product_line` (default "Magic: The Gathering"): Magic's product line.
- `game_filters` (object, default none): per game, `product_line` and `product_line_urls` (the items'
  `productLineUrlName`s) where the store's differ from the registry's (`scrapers.games`: "Pokemon" /
  "pokemon", "Lorcana TCG" / "lorcana-tcg", "One Piece Card Game" / "one-piece-card-game").
- `page_size` (default 50) and `max_pages` (default 10).
- `ids_per_request` (default 200).

Other games' items carry their number in `customAttributes.number` ("125/197", "OP01-016"), which
names like "Nami (Parallel)" lack: for them it is read as the collector number and matched as part of
the title (so a One Piece search by card id finds the item).

Quirks handled: the load balancer 403s non-browser User-Agents (the HTTP client's UA passes);
search is fuzzy, so names are matched exactly; names carry TCGplayer suffixes "(084)" (a collector
number), "(Borderless)", "(Surge Foil)"; `conditionName` mixes condition, finish and language
("Lightly Played Foil", "Near Mint - Japanese"), so the finish comes from `isFoil` and the name,
the language from `languageName`. Quantity-0 SKUs and custom listings (signed or altered cards,
`isCustomListing`) are left out.

Recognised answers: a search answer is a JSON object holding `products.items` (a list); an
inventory answer a JSON list. Anything else (an HTML page, an empty body, other JSON) is a store
error naming what was missing.

Games: a search asks for the game's product line and keeps items of its product line only (an
item without one is taken to be of the line asked for).

Paging rule: read the next page only while the current one still lists a product that names the
card (`CardMatcher.is_related`: a match, or a near miss such as an art series or a token), the
store says more exist, and fewer than `max_pages` were read. Results are not always ordered by
relevance, so a copy behind a page of near misses is found; a common-word name ("Opt") stops at
the first page of unrelated products instead of reading them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrapers import game_offers, games, matching, vocabulary
from scrapers.diagnostics import tally
from scrapers.http import HttpClient
from scrapers.errors import UnreadablePage
from scrapers.jsonvalues import as_dict, as_list, as_text, read_json
from scrapers.offer import Offer
from scrapers.games import MAGIC
from scrapers.settings import Setting, for_game, game_filters_setting, positive, resolve
from scrapers.store import StoreConfig

LABEL = "TCGplayer Pro"
SEARCH_PATH = "/api/catalog/search"
SKUS_PATH = "/api/inventory/skus"
SEARCH_ANSWER = "TCGplayer Pro search answer"
SKUS_ANSWER = "TCGplayer Pro inventory answer"

SETTINGS = (
    Setting("product_line", str, "the product line name", default="Magic: The Gathering"),
    Setting("page_size", int, "products per search request", default=50, check=positive),
    Setting("max_pages", int, "how many result pages to read at most", default=10, check=positive),
    Setting("ids_per_request", int, "products per inventory request", default=200, check=positive),
    game_filters_setting({"product_line": str, "product_line_urls": list}),
)


def game_settings(settings: dict[str, Any], game: str = MAGIC) -> dict[str, Any]:
    """The store's settings for searching `game`: its product line and the line's URL names."""
    filters = games.game(game).stores
    resolved = resolve("tcgplayer_pro", SETTINGS, settings)
    return for_game(resolved, game, {"product_line": filters.tcgplayer_line,
                                     "product_line_urls": list(filters.tcgplayer_line_urls)})


@dataclass(frozen=True)
class Product:
    """One printing from the catalog search."""

    id: str
    name: str
    set_name: str
    url: str
    collector_number: str | None = None  # another game's number from `customAttributes` ("OP01-016")


def search(client: HttpClient, store: StoreConfig, card_name: str, game: str = MAGIC) -> list[Offer]:
    settings = game_settings(store.settings, game)
    products: list[Product] = []
    size = settings["page_size"]
    for page in range(settings["max_pages"]):
        response = client.post(
            store.url(SEARCH_PATH),
            json=search_query(card_name, settings["product_line"], start=page * size, size=size),
            requests_per_second=store.requests_per_second,
        )
        results = parse_search(read_json(response.content, SEARCH_ANSWER), card_name, store.base_url,
                               game=game, line_urls=tuple(settings["product_line_urls"]))
        tally(seen=results.products_seen, matched=len(results.products))
        products.extend(results.products)
        if not results.related or (page + 1) * size >= results.total:
            break
    offers: list[Offer] = []
    batch_size = settings["ids_per_request"]
    for start in range(0, len(products), batch_size):
        batch = products[start : start + batch_size]
        response = client.get(
            store.url(SKUS_PATH),
            params={"productIds": ",".join(product.id for product in batch)},
            requests_per_second=store.requests_per_second,
        )
        offers.extend(parse_skus(read_json(response.content, SKUS_ANSWER), batch, store.currency))
    return offers


def search_query(card_name: str, product_line: str, *, start: int, size: int) -> dict[str, Any]:
    return {
        "query": card_name,
        "context": {"productLineName": product_line},
        "filters": {},
        "from": start,
        "size": size,
        "sort": [{"field": "in-stock-price-sort", "order": "desc"}],
    }


@dataclass(frozen=True)
class SearchPage:
    products: list[Product]  # printings of exactly the card, whose stock the inventory answer tells
    total: int  # items the whole search found
    related: bool  # any item on the page named the card (see the paging rule)
    products_seen: int  # items on this page, other cards included (for `scrapers.diagnostics`)


def parse_search(data: Any, card_name: str, base_url: str, *, game: str = MAGIC,
                 line_urls: tuple[str, ...] | None = None) -> SearchPage:
    """One page of a catalog search answer: items of the game's product line (`line_urls`, by default
    the registry's) that are the card."""
    lines = line_urls or games.game(game).stores.tcgplayer_line_urls
    products = as_dict(as_dict(data).get("products"))
    items = products.get("items")
    if not isinstance(items, list):
        raise UnreadablePage(f"{SEARCH_ANSWER} not recognised: no products.items list")
    total = vocabulary.int_or_none(products.get("totalItems"))
    card = matching.CardMatcher(card_name, game)
    found = []
    related = False
    for item in map(as_dict, items):
        product_id, name = as_text(item.get("id")), as_text(item.get("name"))
        set_name = as_text(item.get("setName"))
        line = as_text(item.get("productLineUrlName")) or lines[0]
        number = as_text(as_dict(item.get("customAttributes")).get("number")) if game != MAGIC else ""
        listed = f"{name} [{number}]" if number and number not in name else name
        related = related or card.is_related(listed)
        if not product_id or line not in lines or not card.matches(listed, set_name):
            continue
        path = "/".join(
            as_text(item.get(key)) or "-" for key in ("productLineUrlName", "setUrlName", "productUrlName")
        )
        printed = game_offers.printing_in(number, game) if number else None
        found.append(Product(product_id, name, set_name, f"{base_url.rstrip('/')}/catalog/{path}/{product_id}",
                             printed[1] if printed else None))
    return SearchPage(found, total if total is not None else len(items), related, len(items))


def parse_skus(data: Any, products: list[Product], currency: str = "USD") -> list[Offer]:
    """In-stock offers from an inventory/skus answer for the given products."""
    by_id = {product.id: product for product in products}
    offers = []
    if not isinstance(data, list):
        raise UnreadablePage(f"{SKUS_ANSWER} not recognised: not a list of products")
    for entry in map(as_dict, data):
        product = by_id.get(as_text(entry.get("productId")))
        if product is None:
            continue
        for sku in map(as_dict, as_list(entry.get("skus"))):
            offer = _offer_from_sku(sku, product, currency)
            if offer is not None and offer.in_stock:
                offers.append(offer)
    return offers


def _offer_from_sku(sku: dict[str, Any], product: Product, currency: str) -> Offer | None:
    if sku.get("isCustomListing") is True:
        return None
    raw = as_text(sku.get("conditionName"))
    condition = vocabulary.parse_condition(raw)
    price = vocabulary.price_from_number(sku.get("price"))
    quantity = vocabulary.int_or_none(sku.get("quantity"))
    if condition is None or price is None or quantity is None:
        return None
    finish = vocabulary.parse_finish(matching.decorations_of(product.name), raw)
    if finish == "nonfoil" and sku.get("isFoil") is True:
        finish = "foil"
    sku_id = as_text(sku.get("skuId")) or None
    return Offer(
        name=matching.without_finish_words(product.name),
        set_name=product.set_name,
        set_code="",
        collector_number=product.collector_number or matching.collector_number_in(product.name),
        finish=finish,
        condition=condition,
        condition_raw=raw,
        language=vocabulary.parse_language(as_text(sku.get("languageName"))) or as_text(sku.get("languageName")) or None,
        price=price,
        currency=currency,
        quantity=quantity,
        url=product.url,
        variant_id=sku_id,
    )


