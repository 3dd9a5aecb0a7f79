"""A Shopify theme's variants, read under whatever spelling the theme gives them.

`scrapers.shopify_theme` finds the listings on a results page; this module reads each listing's
variants from whichever sources it carries, merged by variant id (`read_variants`):

- JSON: an attribute (`data-product-variants`, `data-product-json`, `variants`, …) or a
  `<script type="application/json">` holding a product (`variants`), a list of variants, or a price
  map by variant id (`variants='{"4492…": {"price": "1160"}}'`). The page's `var meta = {…}` and
  JSON outside the listings (Dice Saloon keeps each product's variants in a hidden
  `div[data-product-variants]` beside its listing) add titles, prices, SKUs and product types by
  variant id (`page_variants`). A `data-product-type` / `data-product-tags` on the same element
  says whose they are.
- Elements naming a variant id in a data attribute (BinderPOS's chips): their title, price,
  quantity, availability and SKU through one lookup (`variant_data`) that knows each field's
  spellings: `data-variantprice` | `data-price` | `data-variant-price`; `data-variantqty` |
  `data-variantquantity` | `data-variant-quantity` | `data-quantity`; … HTML attribute names are
  case-insensitive (`data-variantTitle` is `data-varianttitle`), and "-" and "_" are ignored. What
  the attributes do not say is read from the element's text ("Near Mint - £11.40", or child
  elements).
- `<option>`s whose value is a variant id (`select[name=id]` and the copies themes keep), their text
  the variant title less a price or "sold out" the theme appended; `disabled` or "sold out" mark the
  variant sold out, `data-available` says either way, and in a select that marks some options sold
  out the unmarked ones are in stock.
- The older BinderPOS theme's `div.addNow` buttons: `onclick="addToCart('<id>','<title>','<qty>',1)"`.

Prices: JSON numbers are cents (Shopify's unit in theme JSON); a price with a decimal point or a
currency mark ("£11.60") is in major units; a bare integer attribute ("1140") is cents unless the
listing's visible price shows it in major units (`in_minor_units`: "1140" beside "£1,140.00").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lxml import etree

from scrapers import vocabulary
from scrapers.jsonvalues import as_dict, as_list, as_text

_X = etree.XPath


def lower_xpath(attribute: str) -> str:
    """An XPath expression for an attribute lower-cased, less "-" and "_" ("outOfStock" ->
    "outofstock", "advanced-search" -> "advancedsearch")."""
    return f"translate({attribute}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ-_', 'abcdefghijklmnopqrstuvwxyz')"


def text_of(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


SOLD_OUT_WORDS = re.compile(r"^(?:sold ?out|out of stock|unavailable|sold)$", re.I)


@dataclass
class Variant:
    """What the page says about one variant; None / "" where it says nothing."""

    id: str
    title: str = ""
    options: tuple[str, ...] = ()
    sku: str = ""
    price_text: str = ""  # as the page wrote it: "1140", "£11.60"
    cents: int | None = None  # a JSON number: always cents
    available: bool | None = None
    quantity: int | None = None
    own_element: bool = False  # a chip or button of its own, not a bare option
    product: dict[str, Any] = field(default_factory=dict)  # its product's JSON, if the page has it

    def merge(self, other: Variant) -> None:
        """Fill what this reading lacks from another reading of the same variant."""
        for name in ("title", "options", "sku", "price_text", "cents", "available", "quantity", "product"):
            if getattr(self, name) in (None, "", (), {}):
                setattr(self, name, getattr(other, name))
        self.own_element = self.own_element or other.own_element


def _merged(readings: list[Variant]) -> dict[str, Variant]:
    merged: dict[str, Variant] = {}
    for reading in readings:
        if reading.id in merged:
            merged[reading.id].merge(reading)
        else:
            merged[reading.id] = reading
    return merged


def read_variants(elements: list[etree._Element], described: dict[str, Variant]
                  ) -> tuple[dict[str, Variant], list[Variant], str | None, Any]:
    """The listing's variants by id from every source, its bare options, and its product type and tags."""
    readings: list[Variant] = []
    options: list[Variant] = []
    product_type, tags = None, None
    for element in elements:
        json_readings, json_type, json_tags = _json_variants(element)
        element_options = _option_variants(element)
        options += element_options
        readings += json_readings + element_options + _element_variants(element) + _add_now_variants(element)
        product_type = next((t for t in (product_type, json_type, attribute_anywhere(element, ("producttype",)))
                             if t is not None), None)
        tags = next((t for t in (tags, json_tags, json_or_none(attribute_anywhere(element, ("producttags",)) or ""))
                     if t is not None), None)
    variants = _merged(readings)
    for variant in variants.values():
        if variant.id in described:
            variant.merge(described[variant.id])
            product = variant.product
            product_type = product_type if product_type is not None else _text_or_none(product.get("type"))
            tags = tags if tags is not None else product.get("tags")
    return variants, options, product_type, tags


# -- variants under their several spellings -------------------------------------------------------

_SPELLINGS = {
    "id": ("variantid", "variant", "vid"),
    "title": ("varianttitle", "variantname", "title"),
    "price": ("variantprice", "price"),
    "quantity": ("variantqty", "variantquantity", "variantinventory", "quantity", "qty", "inventory",
                 "inventoryquantity", "stock"),
    "available": ("variantavailable", "available", "availability", "instock"),
    "sku": ("variantsku", "sku"),
}


def _data_attributes(element: etree._Element) -> dict[str, str]:
    """`data-variant-Price="1"` -> {"variantprice": "1"}: one spelling per field, whatever the theme."""
    return {name.lower()[5:].replace("-", "").replace("_", ""): value.strip()
            for name, value in element.attrib.items() if name.lower().startswith("data-")}


def variant_data(element: etree._Element, field_name: str) -> str | None:
    """The element's `field_name` ("id", "title", "price", "quantity", "available", "sku") under any
    of its spellings; None when the element does not say."""
    attributes = _data_attributes(element)
    return next((attributes[key] for key in _SPELLINGS[field_name] if key in attributes), None)


def attribute_anywhere(element: etree._Element, spellings: tuple[str, ...]) -> str | None:
    for inner in element.iter():
        if isinstance(inner.tag, str) and inner.attrib:
            attributes = _data_attributes(inner)
            for key in spellings:
                if key in attributes:
                    return attributes[key]
    return None


def _availability(text: str | None) -> bool | None:
    if text is None:
        return None
    lowered = text.strip().lower()
    if lowered in ("true", "1", "yes", "available", "in stock", "instock"):
        return True
    if lowered in ("false", "0", "no", "unavailable", "sold out", "soldout", "out of stock"):
        return False
    return None


def _element_variants(listing: etree._Element) -> list[Variant]:
    """BinderPOS chips and any element naming a variant id in a data attribute."""
    found = []
    for element in listing.iter():
        if not isinstance(element.tag, str) or element.tag == "option" or not element.attrib:
            continue
        variant_id = variant_data(element, "id")
        if not variant_id or not variant_id.isdigit():
            continue
        # Its own text when its attributes do not say: "Near Mint - £11.40", or in child elements.
        parts = [part for piece in element.itertext() for part in _OPTION_PARTS.split(" ".join(piece.split())) if part]
        found.append(Variant(
            id=variant_id, title=variant_data(element, "title") or " - ".join(p for p in parts if not is_price_text(p)),
            sku=variant_data(element, "sku") or "",
            price_text=variant_data(element, "price") or next((p for p in parts if is_price_text(p)), ""),
            available=_availability(variant_data(element, "available")),
            quantity=vocabulary.int_or_none(variant_data(element, "quantity")), own_element=True,
        ))
    return found


_VARIANT_OPTIONS = _X(
    f".//select[not(contains({lower_xpath('@name')}, 'quantity') or contains({lower_xpath('@name')}, 'qty')"
    f" or contains({lower_xpath('@class')}, 'quantity'))]//option[@value]"
)
_OPTION_PARTS = re.compile(r"\s+[-–—|]\s+")
_IN_PARENTHESES = re.compile(r"\s*\(([^()]*)\)")


def _option_variants(listing: etree._Element) -> list[Variant]:
    """Options whose value is a variant id; "Near Mint - £11.60" and "Near Mint (Sold out)" are
    the title "Near Mint" with a price or a sold-out mark appended. A select that marks some options
    sold out (`disabled`, "Sold out") offers the others: they are in stock."""
    found: list[tuple[etree._Element | None, Variant, bool]] = []
    for option in _VARIANT_OPTIONS(listing):
        value = (option.get("value") or "").strip()
        if not value.isdigit():
            continue
        text = _IN_PARENTHESES.sub(lambda group: f" - {group.group(1)}", text_of(option))
        parts = [part.strip() for part in _OPTION_PARTS.split(text) if part.strip()]
        marked = option.get("disabled") is not None or any(SOLD_OUT_WORDS.match(part) for part in parts)
        prices = [part for part in parts if is_price_text(part)]
        title = " - ".join(part for part in parts if not SOLD_OUT_WORDS.match(part) and part not in prices)
        available = _availability(variant_data(option, "available"))
        found.append((next(option.iterancestors("select"), None), Variant(
            id=value, title=title, price_text=variant_data(option, "price") or next(iter(prices), ""),
            available=False if available is None and marked else available,
            quantity=vocabulary.int_or_none(variant_data(option, "quantity")),
        ), marked))
    marking = {select for select, _, marked in found if marked}
    for select, variant, _ in found:
        if variant.available is None and select in marking:
            variant.available = True
    return [variant for _, variant, _ in found]


_PRICE_WORDS = frozenset({"from", "sale", "regular", "price", "now", "only", "each"})


def only_price_words(text: str) -> bool:
    """"Regular price", "Sale price": a label before the price (often visually hidden)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return bool(words) and all(word in _PRICE_WORDS for word in words)


def is_price_text(text: str) -> bool:
    """"£11.60", "11.60 GBP" and "From $2.00" are prices; "Near Mint 2" and "Lightning Bolt [Magic
    2010]" are words."""
    words = re.findall(r"[^\W\d_]{4,}", text.lower())
    return vocabulary.parse_price(text) is not None and all(word in _PRICE_WORDS for word in words)


_ADD_TO_CART_CALL = re.compile(
    r"addToCart\(\s*['\"]?(\d+)['\"]?\s*,\s*(['\"])((?:\\.|(?!\2).)*)\2(?:\s*,\s*['\"]?\s*(-?\d+)\s*['\"]?)?"
)


def _add_now_variants(listing: etree._Element) -> list[Variant]:
    """The older theme's `div.addNow onclick="addToCart('<id>','<product - variant>','<qty>',1)"`,
    its text "Near Mint - $2.50"."""
    found = []
    for element in listing.iter():
        if not isinstance(element.tag, str):
            continue
        call = _ADD_TO_CART_CALL.search(element.get("onclick") or "")
        if not call:
            continue
        text_parts = [part for part in re.split(r"\s+[-–—~]\s+", text_of(element)) if part]
        title = " - ".join(part for part in text_parts if not is_price_text(part))
        title = title or call.group(3).rsplit(" - ", 1)[-1]
        found.append(Variant(
            id=call.group(1), title=title, price_text=next((p for p in text_parts if is_price_text(p)), ""),
            quantity=vocabulary.int_or_none(call.group(4)), own_element=True,
        ))
    return found


# -- embedded JSON ----------------------------------------------------------------------------------

_JSON_SCRIPTS = _X(".//script[contains(@type, 'json')]")
_META_SCRIPTS = _X("//script[contains(., 'var meta')]")
_META = re.compile(r"var meta\s*=\s*(\{.*?\});\s*(?:\n|$)", re.S)


def json_or_none(text: str) -> Any:
    try:
        return json.loads(text) if text and text.lstrip()[:1] in "[{" else None
    except ValueError:
        return None


def _json_sources(root: etree._Element) -> list[tuple[str, dict[str, Any]]]:
    """JSON-looking attribute values (names with "variant", "product" or "json") and JSON scripts,
    each with the product type and tags its element states beside it (`data-product-type`)."""
    sources = []
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.attrib:
            continue
        for name, value in element.attrib.items():
            if value.lstrip()[:1] in ("[", "{") and any(word in name.lower() for word in ("variant", "product", "json")):
                attributes = _data_attributes(element)
                context = {"type": attributes.get("producttype"), "tags": json_or_none(attributes.get("producttags", ""))}
                sources.append((value, {key: value for key, value in context.items() if value is not None}))
    return sources + [(script.text or "", {}) for script in _JSON_SCRIPTS(root)]


def _json_variants(listing: etree._Element) -> tuple[list[Variant], str | None, Any]:
    """Variants in the listing's JSON attributes and scripts, with the product type and tags."""
    found: list[Variant] = []
    product_type, tags = None, None
    for source, context in _json_sources(listing):
        data = json_or_none(source)
        product = {**context, **as_dict(data)} if as_dict(data).get("variants") is not None else context
        product_type = product_type or _text_or_none(product.get("type") or product.get("product_type"))
        tags = tags if tags is not None else product.get("tags")
        found += _variants_in(data, context)
    return found, product_type, tags


def _variants_in(data: Any, product: dict[str, Any] | None = None) -> list[Variant]:
    """A product's variants, a list of variants, or a price map by variant id, as `Variant`s;
    `product` is what is known of their product (type, tags)."""
    if isinstance(data, dict) and isinstance(data.get("variants"), list):
        return _variants_in(data["variants"], {**(product or {}), **data})
    if isinstance(data, list):
        return [_json_variant(entry, product or {}) for entry in map(as_dict, data) if as_text(entry.get("id")).isdigit()]
    if isinstance(data, dict) and data and all(str(key).isdigit() for key in data):
        return [_json_variant({**as_dict(entry), "id": key}, product or {}) for key, entry in data.items()]
    return []


def _json_variant(entry: dict[str, Any], product: dict[str, Any]) -> Variant:
    price = entry.get("price")
    options = entry.get("options") if isinstance(entry.get("options"), list) else [
        entry.get(f"option{n}") for n in (1, 2, 3)]
    return Variant(
        id=as_text(entry.get("id")),
        title=as_text(entry.get("title")) or as_text(entry.get("public_title")),
        options=tuple(filter(None, map(as_text, options))),
        sku=as_text(entry.get("sku")),
        cents=price if isinstance(price, int) and not isinstance(price, bool) else None,
        price_text=price.strip() if isinstance(price, str) else "",
        available=entry.get("available") if isinstance(entry.get("available"), bool) else None,
        quantity=vocabulary.int_or_none(entry.get("inventory_quantity")),
        product=product,
    )


def page_variants(tree: etree._Element) -> dict[str, Variant]:
    """Variants the page describes outside its listings, by id: JSON attributes and scripts
    (Dice Saloon keeps each product's variants in a hidden `div[data-product-variants]` beside its
    listing) and Shopify's `var meta = {"products": [...]}`."""
    found: list[Variant] = []
    metas = [(meta.group(1), {}) for script in _META_SCRIPTS(tree) if (meta := _META.search(script.text or ""))]
    for source, context in _json_sources(tree) + metas:
        data = json_or_none(source)
        for product in as_list(as_dict(data).get("products")) or [data]:
            found += _variants_in(product, context)
    return _merged(found)


def _text_or_none(value: Any) -> str | None:
    return as_text(value) if as_text(value) else None


# -- prices -----------------------------------------------------------------------------------------

def in_minor_units(price_texts: list[str], shown: set[Decimal]) -> bool:
    """Whether the listing's bare integer prices are cents: yes, unless the visible price shows
    one of them in major units ("1140" beside "£1,140.00") and none as cents ("£11.40")."""
    integers = [Decimal(text) for text in price_texts if text.isdigit()]
    if any(number.scaleb(-2) in shown for number in integers):
        return True
    return not any(number in shown for number in integers)


def price_of(variant: Variant, minor: bool) -> Decimal | None:
    if variant.cents is not None:
        return vocabulary.price_from_minor_units(variant.cents)
    if variant.price_text.isdigit():
        return vocabulary.price_from_minor_units(variant.price_text, 2 if minor else 0)
    parsed = vocabulary.parse_price(variant.price_text)
    return parsed[0] if parsed else None
