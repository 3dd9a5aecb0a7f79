"""JSON the sample store serves: Shopify, the BinderPOS API, Conduct, TCGplayer Pro, WooCommerce.

Field names and value types follow docs/platforms.md (cents vs dollar strings vs floats, null
variant ids, HTML-escaped names), so the parsers meet the same shapes they will meet live.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from html import escape
from typing import Any

from scrapers.sample_store import shelves
from scrapers.sample_store.inventory import (
    CONDITION_NAMES, Printing, Stock, product_id, shopify_handle, slug,
)
from scrapers.sample_store.pages_html import variant_title

GRADE = {"NM": 1, "LP": 2, "MP": 3, "HP": 4, "DMG": 5}
LANGUAGE_CODES = {"English": "EN", "Japanese": "JP"}


def _cents(price: Decimal) -> int:
    return int(price * 100)


def _float(price: Decimal) -> float:
    return float(price)


# -- Shopify ---------------------------------------------------------------------------------------

shopify_title = shelves.shopify_title


def _shopify_type(printing: Printing) -> str:
    return shelves.SHOPIFY_TYPES[printing.game]


def _vendor(printing: Printing) -> str:
    # The sample store names Magic's publisher for every game, as it always did, but the others'.
    return "Magic: The Gathering" if printing.game in ("magic", "fab") else shelves.VENDORS[printing.game]


def shopify_suggest(printings: list[Printing]) -> dict[str, Any]:
    products = [
        {
            "title": shopify_title(p), "handle": shopify_handle(p), "url": f"/products/{shopify_handle(p)}",
            "type": _shopify_type(p), "vendor": _vendor(p),
            "price": f"{min(s.price for s in p.stock):.2f}",
            "price_min": f"{min(s.price for s in p.stock):.2f}", "price_max": f"{max(s.price for s in p.stock):.2f}",
            "available": p.in_stock, "tags": [p.set_code, p.rarity], "variants": [],
        }
        for p in printings[:10]
    ]
    return {"resources": {"results": {"products": products}}}


def shopify_sku(printing: Printing, stock: Stock) -> str:
    finish = "NF" if stock.finish == "nonfoil" else "FO"
    return (f"{printing.set_code}-{printing.collector_number}-{LANGUAGE_CODES.get(stock.language, 'EN')}"
            f"-{finish}-{GRADE[stock.condition]}")


def shopify_product(printing: Printing) -> dict[str, Any]:
    variants = [
        {"id": printing.id * 1000 + index, "title": variant_title(stock, printing),
         "option1": variant_title(stock, printing), "option2": None, "option3": None, "price": _cents(stock.price),
         "available": stock.quantity > 0, "sku": shopify_sku(printing, stock)}
        for index, stock in enumerate(printing.stock)
    ]
    return {"id": printing.id, "title": shopify_title(printing), "handle": shopify_handle(printing),
            "vendor": _vendor(printing), "type": _shopify_type(printing), "tags": [printing.set_code],
            "price": min(v["price"] for v in variants), "variants": variants, "options": [{"name": "Title"}]}


# -- BinderPOS API -----------------------------------------------------------------------------------

def binderpos_products(printings: list[Printing], offset: int, limit: int) -> dict[str, Any]:
    page = printings[offset : offset + limit]
    products = [
        {
            "id": p.id, "shopifyId": 7000 + p.id, "title": shopify_title(p), "handle": shopify_handle(p),
            "vendor": _vendor(p), "productType": _shopify_type(p), "tags": [],
            "img": f"https://cdn.example.invalid/{p.id}.jpg", "setName": p.set_name, "setCode": p.set_code.lower(),
            "rarity": p.rarity, "cardName": p.name, "cardNumber": p.collector_number,
            "collectorNumber": p.collector_number, "overallQuantity": sum(s.quantity for s in p.stock),
            "variants": [
                {"id": p.id * 1000 + i, "shopifyId": 900000 + p.id * 1000 + i, "title": variant_title(s, p),
                 "option1": variant_title(s, p), "sku": shopify_sku(p, s), "price": _float(s.price),
                 "quantity": s.quantity, "reserveQuantity": 0}
                for i, s in enumerate(p.stock)
            ],
        }
        for p in page
    ]
    return {"count": len(printings), "limit": limit, "offset": offset, "currentFilters": {}, "products": products}


# -- Conduct Commerce -----------------------------------------------------------------------------

CONDUCT_CONDITIONS = {"NM": "NM/Mint", "LP": "Lightly Played", "MP": "Moderately Played",
                      "HP": "Sleeve Playable", "DMG": "Damaged"}


def conduct_name(printing: Printing, finish: str) -> str:
    return shelves.conduct_name(printing, finish, {"nonfoil": "", "foil": " - Foil", "etched": " - Etched Foil"}[finish])


def conduct_listings(printings: list[Printing]) -> dict[str, Any]:
    listings = []
    for p in printings:
        for finish in p.finishes:
            inventory_id = product_id(p, finish)
            listings.append({
                "inventoryID": inventory_id, "inventoryName": conduct_name(p, finish), "categoryName": p.set_name,
                "image": f"{shelves.CRYSTAL_COMMERCE_SLUGS[p.game]}/{p.set_code.lower()}/{uuid.UUID(int=inventory_id)}.jpg",
                "filterFields": {"Rarity": p.rarity, "Finish": "Foil" if finish != "nonfoil" else "Regular"},
                "variants": [
                    # Conduct sends null ids for some variants; the combination id still differs.
                    {"id": None if i % 2 else inventory_id * 10 + i, "variantCombinationID": 7 + i,
                     "name": CONDUCT_CONDITIONS[s.condition], "price": _float(s.price), "quantity": s.quantity}
                    for i, s in enumerate(p.stock_in(finish))
                ],
            })
    return {"success": True, "errors": [], "result": {"listings": listings}}


def conduct_details(printing: Printing, finish: str) -> dict[str, Any]:
    return {"success": True, "errors": [], "result": {"inventoryID": product_id(printing, finish), "fields": [
        {"name": "Set", "value": printing.set_name}, {"name": "Collector Number", "value": printing.collector_number},
        {"name": "Finish", "value": finish.title()}, {"name": "Language", "value": "English"},
    ]}}


def conduct_store_settings() -> dict[str, Any]:
    """`getStoreSettings`: the store's product types (the shape the scraper reads; see scrapers/conduct.py)."""
    types = [{"productTypeID": type_id, "name": name} for type_id, name, _ in shelves.CONDUCT_PRODUCT_TYPES]
    return {"success": True, "errors": [], "result": {"productTypes": types}}


def conduct_refusal(message: str) -> dict[str, Any]:
    return {"success": False, "errors": [message], "result": None}


# -- TCGplayer Pro ---------------------------------------------------------------------------------

def tcgplayer_name(printing: Printing) -> str:
    if printing.game not in ("magic", "fab"):
        return shelves.tcgplayer_name(printing)
    if printing.set_code == "SLD" and printing.name == "Lightning Bolt":
        return f"{printing.name} ({printing.collector_number.zfill(3)})"
    if printing.set_code == "STA":
        return f"{printing.name} (Borderless)"
    return printing.name


def _tcgplayer_attributes(printing: Printing) -> dict[str, Any]:
    """TCGplayer gives other games' numbers in `customAttributes.number` ("125/197", "OP01-016")."""
    if printing.game in ("magic", "fab"):
        return {}
    return {"number": printing.printed_number or printing.collector_number, "rarityDbName": printing.rarity}


def tcgplayer_search(printings: list[Printing], start: int, size: int) -> dict[str, Any]:
    items = [
        {"id": 200000 + p.id, "name": tcgplayer_name(p), "setName": p.set_name, "setUrlName": slug(p.set_name),
         "productUrlName": slug(tcgplayer_name(p)), "productLineUrlName": shelves.tcgplayer_line_url(p),
         "rarityName": p.rarity, "lowestPrice": _float(min(s.price for s in p.stock)),
         "customAttributes": _tcgplayer_attributes(p)}
        for p in printings[start : start + size]
    ]
    set_counts: dict[str, int] = {}
    for p in printings:
        set_counts[p.set_name] = set_counts.get(p.set_name, 0) + 1
    return {"filters": {"setName": [{"value": k, "count": v} for k, v in set_counts.items()]},
            "products": {"totalItems": len(printings), "items": items}}


def tcgplayer_skus(printings: list[Printing]) -> list[dict[str, Any]]:
    result = []
    for p in printings:
        skus = []
        for i, s in enumerate(p.stock):
            finish = {"nonfoil": "", "foil": " Foil", "etched": " Foil Etched"}[s.finish] if p.game == "magic" else \
                (f" {p.finish_word(s.finish)}" if s.finish != "nonfoil" else "")
            language = "" if s.language == "English" else f" - {s.language}"
            skus.append({"skuId": 500000 + p.id * 100 + i, "conditionName": f"{CONDITION_NAMES[s.condition]}{finish}{language}",
                         "languageName": s.language, "isFoil": s.finish != "nonfoil", "price": _float(s.price),
                         "quantity": s.quantity, "isCustomListing": False, "title": None})
        result.append({"productId": 200000 + p.id, "total": sum(s.quantity for s in p.stock), "skus": skus})
    return result


# -- WooCommerce -----------------------------------------------------------------------------------

CLP_PER_USD = 1000


def woocommerce_rows(printings: list[Printing]) -> list[tuple[Printing, Stock]]:
    """One simple product per printing, finish and condition, as small Chilean shops list them."""
    return [(p, s) for p in printings for s in p.stock]


def woocommerce_product(printing: Printing, stock: Stock, index: int, base_url: str) -> dict[str, Any]:
    finish = {"nonfoil": "", "foil": " (Foil)", "etched": " (Etched Foil)"}[stock.finish]
    name = escape(shelves.listed_name(printing, stock.finish, finish)).replace("&#x27;", "&#8217;")
    category_id, category, category_slug = shelves.WOOCOMMERCE_CATEGORIES[printing.game]
    price = str(int(stock.price * CLP_PER_USD))
    product_id_ = 3000 + printing.id * 10 + index
    return {
        "id": product_id_, "name": name, "permalink": f"{base_url}/producto/{slug(printing.name)}-{product_id_}/",
        "sku": "", "type": "simple",
        "prices": {"price": price, "regular_price": price, "sale_price": price, "currency_code": "CLP",
                   "currency_symbol": "$", "currency_minor_unit": 0, "currency_decimal_separator": ",",
                   "currency_thousand_separator": "."},
        "is_in_stock": stock.quantity > 0, "is_purchasable": True,
        "low_stock_remaining": stock.quantity if 0 < stock.quantity <= 2 else None,
        "stock_availability": {"text": f"{stock.quantity} disponibles" if stock.quantity else "Agotado",
                               "class": "in-stock" if stock.quantity else "out-of-stock"},
        "add_to_cart": {"text": "Añadir al carrito", "minimum": 1, "maximum": stock.quantity or 9999},
        "attributes": [
            {"id": 1, "name": "Edición", "taxonomy": "pa_edicion", "has_variations": False,
             "terms": [{"id": 10 + printing.id, "name": printing.set_name, "slug": slug(printing.set_name)}]},
            {"id": 2, "name": "Condición", "taxonomy": "pa_condicion", "has_variations": False,
             "terms": [{"id": 40, "name": CONDITION_NAMES[stock.condition], "slug": stock.condition.lower()}]},
            {"id": 3, "name": "Idioma", "taxonomy": "pa_idioma", "has_variations": False,
             "terms": [{"id": 50, "name": {"English": "Inglés", "Japanese": "Japonés"}[stock.language],
                        "slug": stock.language.lower()}]},
        ],
        "variations": [], "categories": [{"id": category_id, "name": category, "slug": category_slug}], "tags": [],
    }
