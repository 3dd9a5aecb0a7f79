"""Shopify storefronts (the plain theme search, no BinderPOS API).

Requests:
1. `GET {base_url}/search/suggest.json?q="<name>"&resources[type]=product&resources[limit]=10`:
   predictive search, capped at 10 products, no paging. The name is quoted because unquoted
   searches return other games' products. Its products carry no variants.
2. `GET {base_url}/products/<handle>.js` for each product that is the card and available: the
   only place conditions, finishes and prices per variant appear. A 404 means the product is gone.
   So a check costs one request plus one per matching in-stock printing.
3. Inventory sync only: `GET {base_url}/products.json?limit=250&page=N`, the whole catalog, read
   variant by variant as a product answer is (`parse_catalog_page`; prices are dollar strings).

Settings:
- `product_types` (text, default "magic|mtg"): a regular expression the product `type` must match
  (case-insensitive), which drops other games and sealed product. A type that names no game
  ("Singles": Axion Now files every game's singles so) is decided by the product's tags instead
  ("Magic" is kept, "Lorcana" is not). "" keeps every type.
- `game_filters` (object, default none): `product_types` for another game where the store types it
  otherwise than the registry says (`scrapers.games`: "Pokemon Single", "Lorcana Single", …).

Games: a search is for one game (Magic by default): its product types (the setting above for Magic,
the registry's for the others) and its card names (`scrapers.matching`). An inventory sync files
each product under the first game the store sells whose types (or, for a type naming no game, tags)
it matches, and leaves out the rest.

Titles look like "Sol Ring (0912) (Rainbow Foil) [Secret Lair Drop Series]" (the last [...] is
the set name) or "Sol Ring [3ED - N/A]", "Sol Ring (Halo Foil) [SLC - 46]" (the brackets hold a set
code and a collector number, "N/A" for none, and the set name is in `vendor`), or "Lightning Bolt
(401) - CLB" (Axion Now: the number, then the set code; no set name, and the vendor is the shop's
own name, so it is not read as a set; the card matcher reads the title less " - CLB"), or
"Steam Vents - RTR" (Highlander Games: a set code only), or "FOIL Hallowed Fountain ~ Ravnica
Allegiance [ NearMint ] [ Magic MTG ]" (London Magic Traders: printing words in capitals before the
name, the set after " ~ ", the condition in brackets; one product per condition, so a variant
without condition words takes the title's). Without
brackets the vendor names the set, unless it is just "Magic: The Gathering". BinderPOS-style SKUs
("SLD-912-EN-FO-1", double-faced "NEO-177//177-EN-NF-1", with a printing tag
"RVR-412-RETRO-EN-FO-1": set, number, language, finish, condition 1-5) fill in set code, collector
number and finish without another request; other SKUs are ignored. A variant title's language
words win over the SKU's: BinderPOS keeps "-EN-" in the SKU of its "Near Mint Non English" variants.

Variants: condition, finish and language are read from the variant title and each of its options
through `scrapers.vocabulary`, whatever the store named the options: a single "Title" option
("Lightly Played Foil"), or "Card Finish" x "Condition" ("Foil / Near Mint"; Axion Now's
"Excellent" is LP, see the vocabulary). Prices are cents in a product answer and dollar strings in
`products.json`; `offer_from_variant` is the one rule from a variant to an offer, which the theme
pages (`scrapers.shopify_theme`) use too.

Recognised answers: a suggest answer must be a JSON object holding `resources.results.products`
(a list, empty when nothing matched); a product answer a JSON object holding `variants`. Anything
else (an HTML page, an empty body, other JSON) is a store error naming what was missing.

Paging: none; predictive search answers at most 10 products, best first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from scrapers import games, matching, vocabulary
from scrapers.diagnostics import tally
from scrapers.http import HttpClient
from scrapers.errors import UnreadablePage
from scrapers.jsonvalues import as_dict, as_list, as_text, dig, read_json, require_object_with_list
from scrapers.listing import ListedProduct, ListingPage
from scrapers.offer import Offer
from scrapers.games import MAGIC
from scrapers.settings import Setting, for_game, game_filters_setting, resolve
from scrapers.store import StoreConfig

LABEL = "Shopify"
SUGGEST_PATH = "/search/suggest.json"
SUGGEST_ANSWER = "Shopify search answer"
PRODUCT_ANSWER = "Shopify product answer"


def _valid_pattern(value: str) -> str | None:
    try:
        re.compile(value)
    except re.error:
        return "is not a valid regular expression"
    return None


SETTINGS = (
    Setting("product_types", str, "a regular expression product types must match", default="magic|mtg",
            check=_valid_pattern),
    game_filters_setting({"product_types": str}),
)


def game_settings(settings: dict[str, Any], game: str = MAGIC) -> dict[str, Any]:
    """The store's settings for searching `game` (its product types: see "Games" above)."""
    resolved = resolve("shopify", SETTINGS, settings)
    return for_game(resolved, game, {"product_types": games.game(game).stores.shopify_types})


def search(client: HttpClient, store: StoreConfig, card_name: str, game: str = MAGIC) -> list[Offer]:
    settings = game_settings(store.settings, game)
    response = client.get(
        store.url(SUGGEST_PATH),
        params={"q": f'"{card_name}"', "resources[type]": "product", "resources[limit]": 10},
        requests_per_second=store.requests_per_second,
    )
    answer = read_json(response.content, SUGGEST_ANSWER)
    suggestions = parse_suggestions(answer, card_name, settings["product_types"], game)
    tally(seen=suggestions.products_seen, matched=suggestions.products_matched)
    offers: list[Offer] = []
    for product in suggestions.available:
        detail = client.get(
            store.url(f"/products/{product.handle}.js"),
            requests_per_second=store.requests_per_second,
            allow_statuses=(404,),
        )
        if detail.status == 404:
            continue  # sold and unpublished between the two requests
        data = read_json(detail.content, PRODUCT_ANSWER)
        offers.extend(parse_product(data, card_name, store.base_url, store.currency, game))
    return offers


@dataclass(frozen=True)
class Suggestion:
    handle: str
    title: str


@dataclass(frozen=True)
class Suggestions:
    available: list[Suggestion]  # the card, Magic, and available: each is worth a product request
    products_seen: int  # every product in the answer (for `scrapers.diagnostics`)
    products_matched: int  # products that are the card and Magic, available or not


def parse_suggestions(data: Any, card_name: str, product_types: str = "magic|mtg", game: str = MAGIC) -> Suggestions:
    """Products from a suggest.json answer that are the card, of its game, and available."""
    products = dig(data, "resources", "results", "products")
    if not isinstance(products, list):
        raise UnreadablePage(f"{SUGGEST_ANSWER} not recognised: no resources.results.products list")
    type_pattern = re.compile(product_types, re.I) if product_types else None
    found = []
    matched = 0
    for product in map(as_dict, products):
        title, handle = as_text(product.get("title")), as_text(product.get("handle"))
        if not title or not handle:
            continue
        if not is_wanted_type(as_text(product.get("type")), product.get("tags"), type_pattern):
            continue
        if matching.is_same_card(matching_title(title), card_name, set_of(title, "").name, game):
            matched += 1
            if product.get("available") is not False:
                found.append(Suggestion(handle, title))
    return Suggestions(found, len(products), matched)


def parse_product(data: Any, card_name: str, base_url: str, currency: str = "USD", game: str = MAGIC) -> list[Offer]:
    """In-stock offers from a `/products/<handle>.js` answer; malformed variants are skipped."""
    variants = require_object_with_list(data, "variants", PRODUCT_ANSWER)
    product = as_dict(data)
    title = as_text(product.get("title"))
    handle = as_text(product.get("handle"))
    printing = set_of(title, as_text(product.get("vendor")))
    if not title or not matching.is_same_card(matching_title(title), card_name, printing.name, game):
        return []
    offers = []
    for variant in map(as_dict, variants):
        url = f"{base_url.rstrip('/')}/products/{handle}"
        price = vocabulary.price_from_minor_units(variant.get("price"))  # cents in a product answer
        offer = offer_from_variant(variant, price, title, printing, url, currency)
        if offer is not None and offer.in_stock:
            offers.append(offer)
    return offers


def offer_from_variant(
    variant: dict[str, Any], price: Decimal | None, title: str, printing: SetOfTitle, url: str, currency: str
) -> Offer | None:
    """The offer of one available Shopify variant (`id`, `title`, `option1..3`, `sku`, `available`,
    `inventory_quantity`), wherever it was read: a product answer, `products.json`, a theme page's
    embedded JSON or its option lists. `price` is in major units; callers know their answer's unit."""
    if variant.get("available") is not True:
        return None
    variant_title = as_text(variant.get("title"))
    options = [as_text(variant.get(key)) for key in ("option1", "option2", "option3")]
    sku = decode_sku(as_text(variant.get("sku")))
    # The variant's words, its SKU, else the product title's decorations: London Magic Traders
    # sells one product per condition ("Hallowed Fountain ~ Ravnica Allegiance [ NearMint ]").
    condition = vocabulary.parse_condition(variant_title) or next(
        filter(None, map(vocabulary.parse_condition, options)), None
    ) or (sku.condition if sku else None) or vocabulary.parse_condition(printing_words(title))
    variant_id = as_text(variant.get("id"))
    if condition is None or price is None or not variant_id:
        return None
    # The variant's own words first: a "Non English" variant keeps an -EN- SKU.
    language = (next(filter(None, map(vocabulary.parse_language, options)), None)
                or vocabulary.language_in(variant_title) or (sku.language if sku else None))
    return Offer(
        name=matching.without_finish_words(title),
        set_name=printing.name,
        set_code=(sku.set_code if sku else "") or printing.code,
        collector_number=((sku.collector_number if sku else None) or printing.collector_number
                          or matching.collector_number_in(title)),
        finish=_finish(sku, vocabulary.parse_finish(variant_title, *options, printing_words(title))),
        condition=condition,
        condition_raw=variant_title,
        language=language,
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


# A product type that names no game ("Singles", "Cards"): Axion Now files every game's singles
# under "Singles" and says the game in its tags ("Magic", "Lorcana").
_GENERIC_TYPE = re.compile(r"^(?:trading\s+)?(?:singles?|cards?|tcg(?:\s+singles?)?)?$", re.I)


def is_wanted_type(product_type: str, tags: Any, type_pattern: re.Pattern[str] | None) -> bool:
    """Whether a product is of a type the store's `product_types` pattern keeps: its type matches,
    or its type names no game and one of its tags matches (a list, or products.json's "a, b")."""
    if type_pattern is None or type_pattern.search(product_type):
        return True
    if not _GENERIC_TYPE.match(product_type.strip()):
        return False  # another game's single, sealed product, accessories
    tag_list = tags.split(",") if isinstance(tags, str) else as_list(tags)
    return any(type_pattern.search(as_text(tag)) for tag in tag_list)


# A set code after " - ", perhaps after a collector number and before decorations: "Lightning Bolt
# (401) - CLB" (Axion Now), "Steam Vents - RTR", "Steam Vents -  XUNF (Full Art)" (Highlander Games).
_TITLE_WITH_CODE = re.compile(
    r"^(?P<card>.+?)\s+-\s+(?P<code>[A-Z0-9]*[A-Z][A-Z0-9]*)(?P<decorations>(?:\s*\([^()]*\))*)\s*$"
)


def _title_with_code(title: str) -> re.Match[str] | None:
    coded = _TITLE_WITH_CODE.match(title.strip())
    if coded is None or not 2 <= len(coded.group("code")) <= 6:
        return None
    # "Lightning Bolt - NM", "- EN", "- FOIL": a condition, language or finish, not a set.
    return None if matching.strip_decorations(f"x - {coded.group('code')}") == "x" else coded


# "FOIL BORDERLESS Hallowed Fountain ~ Ravnica Allegiance [ NearMint ] [ Magic MTG ]" (London Magic
# Traders): printing words in capitals before the name, the set after " ~ ", then brackets.
_LEADING_CAPITALS = re.compile(r"^(?P<words>(?:[A-Z]{2,}\s+)+)(?=\S*[a-z])")
_SET_AFTER_TILDE = re.compile(r"^(?P<card>[^~]+?)\s+~\s+(?P<set>[^\[\]~]+?)\s*(?P<brackets>(?:\[[^\]]*\]\s*)*)$")


def _leading_printing_words(title: str) -> str:
    """"FOIL BORDERLESS" before a name, when every word is a printing word (not "AEther Vial")."""
    leading = _LEADING_CAPITALS.match(title)
    if leading is None:
        return ""
    words = leading.group("words").strip()
    return words if matching.strip_decorations(f"x - {words}") == "x" else ""


def matching_title(title: str) -> str:
    """The title the card matcher reads: less a set code after " - " ("Lightning Bolt (401) - CLB"),
    printing words before the name ("FOIL Hallowed Fountain") and a set after " ~ ", which the
    matcher would otherwise take for part of the name; every other title as it is."""
    title = title.strip()
    title = title[len(_leading_printing_words(title)):].strip()
    coded = _title_with_code(title)
    if coded:
        return coded.group("card") + coded.group("decorations")
    tilde = _SET_AFTER_TILDE.match(title)
    return f"{tilde.group('card')} {tilde.group('brackets')}".strip() if tilde else title


def printing_words(title: str) -> str:
    """What a title says besides the card's name, where finish and condition words count:
    "FOIL Hallowed Fountain ~ Ravnica Allegiance [ NearMint ]" -> "FOIL [ NearMint ]"."""
    card = matching_title(title)
    return f"{_leading_printing_words(title.strip())} {matching.decorations_of(card)}".strip()


_LAST_BRACKETS = re.compile(r"\[([^\[\]]+)\]\s*$")
# "3ED - N/A", "SLD - 1696", "SLC - 46": a set code and a collector number ("N/A": none).
_CODE_AND_NUMBER = re.compile(r"^(?P<code>[A-Z0-9]{2,6})\s+-\s+(?P<number>[0-9A-Za-z★/]+)$")
_GENERIC_VENDORS = ("magic: the gathering", "wizards of the coast", "mtg")


@dataclass(frozen=True)
class SetOfTitle:
    name: str
    code: str = ""
    collector_number: str | None = None


def set_of(title: str, vendor: str) -> SetOfTitle:
    """"Sol Ring [Commander 2021]" -> Commander 2021; "Sol Ring [SLD - 1696]" with vendor
    "Secret Lair Drop Series" -> that name, code SLD, number 1696; else the vendor if it names a set."""
    coded = _title_with_code(title)
    if coded:
        # The title states the printing by its code; the vendor is the shop's own name (Axion Now)
        # or the game, not a set.
        return SetOfTitle("", coded.group("code"), matching.collector_number_in(coded.group("card")))
    tilde = _SET_AFTER_TILDE.match(title.strip())
    if tilde:
        return SetOfTitle(tilde.group("set"))
    set_name = vendor if vendor and vendor.casefold() not in _GENERIC_VENDORS else ""
    match = _LAST_BRACKETS.search(title)
    if not match:
        return SetOfTitle(set_name)
    bracket = match.group(1).strip()
    coded = _CODE_AND_NUMBER.match(bracket)
    if coded is None:
        return SetOfTitle(bracket)
    number = coded.group("number")
    return SetOfTitle(set_name, coded.group("code"), None if number.upper() == "N/A" else number)


@dataclass(frozen=True)
class Sku:
    set_code: str
    collector_number: str
    language: str | None
    finish: str
    condition: str


_BINDERPOS_SKU = re.compile(
    r"^(?P<set>[A-Z0-9]{2,6})-(?P<number>[0-9A-Za-z★]+)(?://[0-9A-Za-z★]+)?"  # "177//177": a double-faced card
    r"(?:-[A-Z]{3,12})?"  # a printing tag: "RVR-412-RETRO-EN-FO-1" (Dice Saloon)
    r"-(?P<lang>[A-Z]{2,3})-(?P<finish>[A-Z]{2})-(?P<grade>[1-5])$",
    re.I,
)


def decode_sku(sku: str) -> Sku | None:
    """BinderPOS SKUs "SET-NUM-LANG-NF|FO-COND": "SLD-912-EN-FO-1" -> SLD #912 English foil NM;
    double-faced cards repeat the number: "NEO-177//177-EN-NF-1" -> NEO #177; a printing tag may
    follow the number: "RVR-412-RETRO-EN-FO-1" -> RVR #412."""
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



# -- the whole catalog, for inventory sync (scrapers.sync) ------------------------------------------

CATALOG_PATH = "/products.json"
CATALOG_PAGE_SIZE = 250  # the most Shopify serves a page
CATALOG_ANSWER = "Shopify catalog page"


def read_catalog_page(client: HttpClient, store: StoreConfig, number: int) -> ListingPage:
    """`GET /products.json?limit=250&page=N`; a short page is the last one. Every game the store sells."""
    types_by_game = {game: game_settings(store.settings, game)["product_types"]
                     for game in store.games if game in games.GAMES}
    response = client.get(
        store.url(CATALOG_PATH), params={"limit": CATALOG_PAGE_SIZE, "page": number},
        requests_per_second=store.requests_per_second,
    )
    data = read_json(response.content, CATALOG_ANSWER)
    products = parse_catalog_page(data, store.base_url, store.currency, types_by_game=types_by_game)
    return ListingPage(products, has_next=len(data["products"]) >= CATALOG_PAGE_SIZE)


def parse_catalog_page(
    data: Any, base_url: str, currency: str = "USD", product_types: str = "magic|mtg",
    types_by_game: dict[str, str] | None = None,
) -> list[ListedProduct]:
    """Products of one `products.json` page with their in-stock offers, read as a product answer
    (`parse_product`) is: same titles, sets, variants. Prices here are dollar strings, not cents.
    `types_by_game` (game -> product types, in the store's order; default: Magic's `product_types`)
    files each product under its game; products of none are left out."""
    products = require_object_with_list(data, "products", CATALOG_ANSWER)
    patterns = {game: re.compile(types, re.I) if types else None
                for game, types in (types_by_game or {MAGIC: product_types}).items()}
    listed = []
    for product in map(as_dict, products):
        title, handle = as_text(product.get("title")), as_text(product.get("handle"))
        if not title or not handle:
            continue
        game = next((game for game, pattern in patterns.items()
                     if is_wanted_type(as_text(product.get("product_type")), product.get("tags"), pattern)), None)
        if game is None:
            continue
        printing = set_of(title, as_text(product.get("vendor")))
        url = f"{base_url.rstrip('/')}/products/{handle}"
        offers = []
        for variant in map(as_dict, as_list(product.get("variants"))):
            price = vocabulary.price_from_number(variant.get("price"))  # "1.10": major units here
            offer = offer_from_variant(variant, price, title, printing, url, currency)
            if offer is not None and offer.in_stock:
                offers.append(offer)
        if offers:
            listed.append(ListedProduct(matching_title(title), printing.name, tuple(offers), game=game))
    return listed
