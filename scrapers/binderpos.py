"""BinderPOS: the inventory add-on many Shopify game stores use.

Two ways in, chosen by the `mode` setting:

- "api" (default): `POST {api_url}/external/shopify/products/forStore` with a JSON body naming the
  store by its myshopify name (`storeUrl`), the card title and `instockOnly`. Products carry set
  name and code, collector number and per-variant quantity, so no detail request is ever needed.
  Paged with `offset`/`limit`; `count` is the total.
- "html": for stores that closed the API, the store's search page
  `GET {base_url}/search?q=<name>&type=product&page=N`, in whatever theme the store runs (the
  BinderPOS productCard theme under any of its attribute spellings, its grid theme, the older
  "Norm" theme, or a regular Shopify theme): `scrapers.shopify_theme` reads each listing from what
  Shopify themes share (product links, variant data attributes under any spelling, option lists,
  embedded variant JSON, add-to-cart forms, sold-out marks). A listing whose page cannot say which
  variants are in stock (a grid theme's bare option list, a theme showing only a link and a price)
  is confirmed through the product's Shopify answer (`GET {base_url}/products/<handle>.js`, one
  request per such printing of the card); when that answer is missing or not recognised, the
  listing keeps what the page showed (the variant its form adds). An answer whose product type is
  another game's drops the listing.
  Never a silent "not in stock": every listing of the card (its title matches, its type is
  Magic's or unstated) is counted in a `Readout` with the offers it gave and whether it says it is
  sold out; a search whose listings name the card, give no offer and do not say sold out is a
  store error ("3 listings for Tarmogoyf could not be read").
  A page that is not a results page (a home, login or maintenance page, a theme whose listings
  carry nothing we can read) or whose results had not rendered (the advanced-search widget's
  placeholder, a spinner, an empty grid) is not read as "no copies": BinderPOS stores are Shopify
  shops, so the check falls back to the Shopify JSON endpoints (`scrapers.shopify`), and only when
  those fail too is it a store error naming both. A page that says it has no results is "not found".

Language: a variant title's words win ("Near Mint Non English" is not English, though its SKU
keeps "-EN-"); otherwise the SKU's language (`NEO-177//177-EN-NF-1` -> English). An answer that is
not a JSON object with a `products` list is a store error.

Paging rule (both modes): read the next page only while the current one still lists a product
that names the card (`CardMatcher.is_related`: a match, or a near miss such as an art series or
a token), the store says more exist, and fewer than `max_pages` were read. So a copy behind a page
of near misses is found, and a search for "Opt" stops at the first page of unrelated products.
In html mode a page listing only products already read also ends the search (a store that ignores
`page=N` answers page 1 again), and a product is read once however many pages list it.

Settings:
- `shop`: the store's *.myshopify.com name, e.g. "hairytarantula" or "hairytarantula.myshopify.com"
  (any store page shows it as `Shopify.shop = "…"`). The API needs it; a store without it is valid
  and is read through its listing (`products.json`, see `scrapers.paths`), not searched.
- `api_url` (default "https://portal.binderpos.com").
- `mode`: "api" or "html" (default "api").
- `page_size` (default 30) and `max_pages` (default 10).

Games: a search is for one game (Magic by default). The API is asked for the game's `game` value
("mtg", "pokemon", "yugioh" as real stores send them; the others from `scrapers.games`, overridable
per store in `game_filters.<game>.api_game`), and every mode keeps only products whose type is the
game's (`game_filters.<game>.product_types`, else the registry's: "MTG Single", "Pokemon Single", …).
A store's listing is Shopify's (`scrapers.shopify`), which files every product under its game.

The API answers 429 with Retry-After when pushed; the HTTP client holds the whole API host then,
which is right because every BinderPOS store shares it.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from scrapers import games, matching, shopify, shopify_theme, vocabulary
from scrapers.diagnostics import tally
from scrapers.errors import InvalidSettings, StoreHttpError, UnreadablePage
from scrapers.games import MAGIC
from scrapers.http import HttpClient
from scrapers.jsonvalues import as_dict, as_list, as_text, read_json, require_object_with_list
from scrapers.listing import ListingPage
from scrapers.offer import Offer
from scrapers.readout import Readout
from scrapers.settings import Setting, for_game, game_filters_setting, http_url, positive, resolve
from scrapers.store import StoreConfig

LABEL = "BinderPOS (Shopify)"
DEFAULT_API_URL = "https://portal.binderpos.com"
API_PATH = "/external/shopify/products/forStore"
API_ANSWER = "BinderPOS answer"
_SHOP_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*(\.myshopify\.com)?$")


def _valid_shop(value: str) -> str | None:
    return None if _SHOP_NAME.match(value.strip().lower()) else "must be a *.myshopify.com name like 'hairytarantula'"


SETTINGS = (
    Setting("shop", str, "the store's *.myshopify.com name", check=_valid_shop),
    Setting("api_url", str, "the BinderPOS API address", default=DEFAULT_API_URL, check=http_url),
    Setting("mode", str, "'api' or 'html'", default="api", choices=("api", "html")),
    Setting("page_size", int, "products per request", default=30, check=positive),
    Setting("max_pages", int, "how many result pages to read at most", default=10, check=positive),
    game_filters_setting({"api_game": str, "product_types": str}),
)


def game_settings(settings: dict[str, Any], game: str = MAGIC) -> dict[str, Any]:
    """The store's settings for searching `game`: the API's game value and the game's product types."""
    filters = games.game(game).stores
    resolved = resolve("binderpos", SETTINGS, settings)
    return for_game(resolved, game, {"api_game": filters.binderpos_game, "product_types": filters.shopify_types})


NO_SHOP = ("the store's settings do not name its shop (its *.myshopify.com name), which the BinderPOS API "
           "needs: it is read through its listing instead (inventory mode auto or sync)")


def search(client: HttpClient, store: StoreConfig, card_name: str, game: str = MAGIC) -> list[Offer]:
    settings = game_settings(store.settings, game)
    if settings["mode"] == "html":
        return _search_html(client, store, card_name, settings, game)
    if not settings["shop"]:
        raise InvalidSettings(NO_SHOP)
    return _search_api(client, store, card_name, settings, game)


# -- API mode ---------------------------------------------------------------------------------


def _search_api(client: HttpClient, store: StoreConfig, card_name: str, settings: dict[str, Any],
                game: str) -> list[Offer]:
    offers: list[Offer] = []
    limit = settings["page_size"]
    for page in range(settings["max_pages"]):
        response = client.post(
            settings["api_url"].rstrip("/") + API_PATH,
            json=api_query(shop_domain(settings["shop"]), card_name, offset=page * limit, limit=limit,
                           game=settings["api_game"]),
            requests_per_second=store.requests_per_second,
        )
        data = read_json(response.content, API_ANSWER)
        answer = parse_api_response(data, card_name, store.base_url, store.currency, game=game,
                                    product_types=settings["product_types"])
        tally(seen=answer.products_seen, matched=answer.products_matched)
        offers.extend(answer.offers)
        if not answer.related or (page + 1) * limit >= answer.total:
            break
    return offers


def shop_domain(shop: str) -> str:
    shop = shop.strip().lower()
    return shop if shop.endswith(".myshopify.com") else f"{shop}.myshopify.com"


def api_query(store_url: str, card_name: str, *, offset: int, limit: int, game: str = "mtg") -> dict[str, Any]:
    """The API's search body; `game` is the API's own value for the game ("mtg", "pokemon")."""
    return {
        "storeUrl": store_url,
        "game": game,
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


def parse_api_response(data: Any, card_name: str, base_url: str, currency: str = "USD", *, game: str = MAGIC,
                       product_types: str | None = None) -> ApiPage:
    """One page of a BinderPOS API answer; `product_types` defaults to the game's (`scrapers.games`)."""
    products = require_object_with_list(data, "products", API_ANSWER)
    body = as_dict(data)
    total = vocabulary.int_or_none(body.get("count"))
    card = matching.CardMatcher(card_name, game)
    game_type = re.compile(product_types if product_types is not None else games.game(game).stores.shopify_types, re.I)
    offers: list[Offer] = []
    related = False
    matched = 0
    for product in map(as_dict, products):
        title = as_text(product.get("title"))
        set_name = as_text(product.get("setName"))
        listed_name = as_text(product.get("cardName")) or title
        names = [listed_name]
        number = as_text(product.get("collectorNumber")) or as_text(product.get("cardNumber"))
        if game != MAGIC and number:
            # Another game's number is part of its printing ("OP01-016"), and its title may say more
            # than the card's name does ("(Parallel)").
            names = [f"{listed_name} [{number}]", f"{title} [{number}]"]
        related = related or card.is_related(listed_name) or card.is_related(title)
        product_type = as_text(product.get("productType"))
        if product_type and not game_type.search(product_type):
            continue  # another game's single with the same name
        if not any(card.matches(name, set_name) for name in names) or card.is_non_card(title, set_name):
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
parse_theme_page = shopify_theme.parse_theme_page  # one results page, any theme (pure)
ThemePage = shopify_theme.ThemePage


def _search_html(client: HttpClient, store: StoreConfig, card_name: str, settings: dict[str, Any],
                 game: str) -> list[Offer]:
    offers: list[Offer] = []
    readout = Readout(card_name)
    seen: set[str] = set()
    for page in range(1, settings["max_pages"] + 1):
        response = client.get(
            store.url(SEARCH_PATH),
            params={"q": card_name, "type": "product", "page": page},
            requests_per_second=store.requests_per_second,
        )
        try:
            results = parse_theme_page(response.content, card_name, response.url, store.currency,
                                       settings["product_types"], game)
        except UnreadablePage as exc:
            if page > 1:
                raise
            return _search_shopify_json(client, store, card_name, exc.reason, settings, game)
        tally(seen=results.products_seen, matched=results.products_matched)
        new = [listing for listing in results.listings if listing.handle not in seen]
        for listing in new:
            seen.add(listing.handle)
            read = _confirmed(client, store, card_name, listing, settings, game) if listing.unconfirmed else listing
            if read is None:
                continue  # its Shopify answer says it is another game's product
            readout.listing(offers=len(read.offers), sold_out=read.sold_out)
            offers.extend(read.offers)
        # A page of listings already read: the store ignores `page` (or repeats its last page).
        if not results.related or not results.has_next_page or (results.listings and not new):
            break
    readout.require_readable()
    return offers


def _confirmed(client: HttpClient, store: StoreConfig, card_name: str, listing: shopify_theme.Listing,
               settings: dict[str, Any], game: str) -> shopify_theme.Listing | None:
    """A listing whose page cannot say which variants are in stock, read from the product's Shopify
    answer (`/products/<handle>.js`); as the page showed it when that answer is missing or not
    recognised (a product page that fails costs its detail, never the offers already read); None
    when the answer's product type says it is another game's."""
    detail = client.get(store.url(f"/products/{listing.handle}.js"),
                        requests_per_second=store.requests_per_second, allow_statuses=(404,))
    if detail.status == 404:
        return listing
    try:
        data = read_json(detail.content, shopify.PRODUCT_ANSWER)
        offers = shopify.parse_product(data, card_name, store.base_url, store.currency, game)
    except UnreadablePage:
        return listing
    product_type = as_text(as_dict(data).get("type"))
    game_type = re.compile(settings["product_types"], re.I) if settings["product_types"] else None
    if product_type and not shopify.is_wanted_type(product_type, as_dict(data).get("tags"), game_type):
        return None
    sold_out = not any(as_dict(variant).get("available") is True for variant in as_list(as_dict(data).get("variants")))
    return dataclasses.replace(listing, offers=offers, sold_out=sold_out and not offers, unconfirmed=False)


def _search_shopify_json(client: HttpClient, store: StoreConfig, card_name: str, theme_reason: str,
                         settings: dict[str, Any], game: str) -> list[Offer]:
    """The same shop through Shopify's JSON endpoints, when its results page could not be read
    (a theme we do not know, results not rendered yet): an answer there, or an error naming both."""
    as_shopify = dataclasses.replace(store, platform="shopify", settings=_shopify_settings(settings))
    try:
        return shopify.search(client, as_shopify, card_name, game)
    except (UnreadablePage, StoreHttpError) as exc:
        raise UnreadablePage(f"{theme_reason}; Shopify JSON fallback: {exc.reason}") from exc


# -- the whole catalog, for inventory sync (scrapers.sync) ------------------------------------------


def read_catalog_page(client: HttpClient, store: StoreConfig, number: int) -> ListingPage:
    """A BinderPOS store is a Shopify shop: its catalog is Shopify's `products.json`."""
    as_shopify = dataclasses.replace(store, platform="shopify",
                                     settings=_shopify_settings(resolve("binderpos", SETTINGS, store.settings)))
    return shopify.read_catalog_page(client, as_shopify, number)


def _shopify_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The store's settings as its Shopify side reads them: only its per-game product types."""
    types = {game: {"product_types": filters["product_types"]}
             for game, filters in (settings.get("game_filters") or {}).items() if "product_types" in filters}
    return {"game_filters": types} if types else {}
