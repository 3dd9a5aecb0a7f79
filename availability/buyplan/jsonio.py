"""The JSON shapes of a buy plan: wanted cards and offers in (`manage.py buy_plan`), the plan out.

Plain Python, no Django: the command line, the plan page and the WebSocket message all write a
plan with `plan_json`, so they cannot disagree. Amounts go out as decimal strings with two decimals
(`decimal_text`, for machines: docs/protocol.md); people read them through the one formatter,
`availability.money.prices.format_price` (the `money` template filter), code first, in the
currency's own minor units ("CLP 900", "USD 2.50").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from availability.buyplan.eligibility import AcceptablePrinting, PlanOffer, WantedCard
from availability.buyplan.solver import Plan, Purchase
from lgs_checker.weblinks import web_url
from scrapers.offer import MAX_PRICE, MAX_QUANTITY
from scrapers.vocabulary import CONDITIONS, FINISHES

DEFAULT_CURRENCY = "USD"
MAX_STORE_COST = Decimal("10000")  # per store used: the page's field and `--store-cost` alike
CART_PLATFORMS = frozenset({"shopify", "binderpos"})  # both sell through a Shopify cart

Converter = Callable[[Decimal, str, str], "Decimal | None"]


class PlanInputError(ValueError):
    """Input we cannot plan with; `str()` names the problem in one line."""


# --- in ------------------------------------------------------------------------------------------


def parse_wants(data: Any) -> list[WantedCard]:
    if not isinstance(data, list):
        raise PlanInputError("wants: expected a JSON list of wanted cards")
    return [_want(item, f"wants[{i}]") for i, item in enumerate(data)]


def _want(item: Any, where: str) -> WantedCard:
    if not isinstance(item, dict):
        raise PlanInputError(f"{where}: expected an object")
    printings = item.get("printings") or []
    if not isinstance(printings, list):
        raise PlanInputError(f"{where}.printings: expected a list")
    return WantedCard(
        card=_text(item, "card", where, required=True),
        # Held to 1–999 by the command (the wishlist's rule, which needs Django); a million here so
        # that rule's message never quotes a number of thousands of digits.
        amount=_count(item.get("amount"), f"{where}.amount", minimum=1, maximum=MAX_QUANTITY),
        printings=tuple(_printing(p, f"{where}.printings[{j}]") for j, p in enumerate(printings)),
        min_condition=_condition(item.get("min_condition") or "", f"{where}.min_condition", blank=True),
        max_price=_money(item["max_price"], f"{where}.max_price") if item.get("max_price") is not None else None,
        language=_text(item, "language", where),
        finish=_finish(_text(item, "finish", where), where),
    )


def _finish(finish: str, where: str) -> str:
    if finish and finish not in FINISHES:
        raise PlanInputError(f"{where}.finish: unknown finish {finish!r} (one of {', '.join(FINISHES)})")
    return finish


def _printing(item: Any, where: str) -> AcceptablePrinting:
    if not isinstance(item, dict):
        raise PlanInputError(f"{where}: expected an object")
    finish = _finish(_text(item, "finish", where), where)
    return AcceptablePrinting(_text(item, "set_code", where), _text(item, "collector_number", where), finish)


def parse_offers(data: Any) -> list[PlanOffer]:
    """Offers priced in their own currencies (`currency` and `price`); `price_in` converts them."""
    if not isinstance(data, list):
        raise PlanInputError("offers: expected a JSON list of offers")
    offers = []
    for i, item in enumerate(data):
        where = f"offers[{i}]"
        if not isinstance(item, dict):
            raise PlanInputError(f"{where}: expected an object")
        finish = _finish(_text(item, "finish", where) or "nonfoil", where)
        quantity = item.get("quantity")
        currency = (_text(item, "currency", where) or DEFAULT_CURRENCY).upper()
        offers.append(PlanOffer(
            store=_text(item, "store", where, required=True),
            card=_text(item, "card", where, required=True),
            set_code=_text(item, "set_code", where),
            collector_number=_text(item, "collector_number", where),
            finish=finish,
            condition=_condition(item.get("condition"), f"{where}.condition"),
            price=_money(item.get("price"), f"{where}.price"),
            quantity=None if quantity is None else _count(quantity, f"{where}.quantity", 0, MAX_QUANTITY),
            url=_text(item, "url", where),
            variant_id=_text(item, "variant_id", where),
            language=_text(item, "language", where),
            currency=currency,
            platform=_text(item, "platform", where),
        ))
    return offers


def _text(item: dict, name: str, where: str, required: bool = False) -> str:
    value = item.get(name)
    if value is None or value == "":
        if required:
            raise PlanInputError(f"{where}.{name}: required")
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # "variant_id": 123 and "collector_number": 146 mean the obvious
    if not isinstance(value, str):
        raise PlanInputError(f"{where}.{name}: expected a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # JSON may write "\ud800"; no terminal, file or database takes the lone surrogate it decodes to.
        raise PlanInputError(f"{where}.{name}: contains a character that is not valid Unicode (a lone surrogate)") from None
    return value.strip()


def shown(value: Any) -> str:
    """`value` as an error message quotes it: its repr, cut short when it is long (5,000 digits)."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:20]}… ({len(text):,} characters)"


def _count(value: Any, where: str, minimum: int, maximum: int | None = None) -> int:
    """A whole number in range (a JSON 1e999 is an infinite float, so never one); the message says
    the bound it broke."""
    whole = isinstance(value, int) and not isinstance(value, bool)
    if whole and value < minimum:
        raise PlanInputError(f"{where}: expected a whole number of {minimum} or more, got {shown(value)}")
    if whole and maximum is not None and value > maximum:
        raise PlanInputError(f"{where}: expected a whole number of at most {maximum:,}, got {shown(value)}")
    if not whole:
        bounds = f"from {minimum} to {maximum:,}" if maximum is not None else f"of {minimum} or more"
        raise PlanInputError(f"{where}: expected a whole number {bounds}, got {shown(value)}")
    return value


def _money(value: Any, where: str) -> Decimal:
    """A price from 0 to what a stored price may be (`MAX_PRICE`): never infinite (1e999), never
    thousands of digits that would overflow the solver's arithmetic."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise PlanInputError(f"{where}: expected a price like \"2.50\", got {shown(value)}")
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise PlanInputError(f"{where}: expected a price like \"2.50\", got {shown(value)}") from None
    if not amount.is_finite() or not 0 <= amount <= MAX_PRICE:
        raise PlanInputError(f"{where}: a price must be from 0 to {MAX_PRICE:,}, got {shown(value)}")
    return amount


def _condition(value: Any, where: str, blank: bool = False) -> str:
    if blank and value == "":
        return ""
    if value not in CONDITIONS:
        raise PlanInputError(f"{where}: unknown condition {value!r} (one of {', '.join(CONDITIONS)})")
    return value


def default_currency(offers: Sequence[PlanOffer]) -> str:
    """The plan's currency when nobody says: the stores' own if they all price in one, else USD."""
    currencies = {offer.currency for offer in offers if offer.currency}
    return currencies.pop() if len(currencies) == 1 else DEFAULT_CURRENCY


def price_in(
    offers: Sequence[PlanOffer], currency: str, convert: Converter
) -> tuple[list[PlanOffer], list[PlanOffer]]:
    """(offers priced in `currency`, offers left out for want of a rate)."""
    priced, unpriced = [], []
    for offer in offers:
        if offer.currency.upper() == currency.upper():
            priced.append(offer)
            continue
        price = convert(offer.price, offer.currency, currency)
        if price is None:
            unpriced.append(offer)
        else:
            priced.append(replace(offer, price=price, original_price=offer.price))
    return priced, unpriced


# --- out -----------------------------------------------------------------------------------------


def decimal_text(amount: Decimal) -> str:
    """An amount as the plan's JSON and CSV carry it: "900.00", "2.50" (never shown as is)."""
    return f"{amount:.2f}"


def cart_url(base: str, purchases: Sequence[Purchase]) -> str | None:
    """A Shopify cart permalink filling the cart with every purchase (`/cart/<variant>:<qty>,…`);
    None unless every purchase names its variant."""
    if not purchases or not base or any(not p.offer.variant_id for p in purchases):
        return None
    quantities: dict[str, int] = {}
    for purchase in purchases:
        quantities[purchase.offer.variant_id] = quantities.get(purchase.offer.variant_id, 0) + purchase.quantity
    return f"{base.rstrip('/')}/cart/" + ",".join(f"{variant}:{qty}" for variant, qty in quantities.items())


def cart_base_from_url(url: str) -> str:
    """A Shopify shop's root from one of its product links (`https://shop/products/x` → `https://shop`)."""
    root, found, _rest = url.partition("/products/")
    return root if found else ""


def shopping_list(purchases: Sequence[Purchase]) -> str:
    """The "copy as list" text for one store, in the deck-list shape stores' buylist forms accept."""
    lines = []
    for p in purchases:
        printing = " ".join(part for part in (f"({p.offer.set_code.upper()})" if p.offer.set_code else "",
                                               p.offer.collector_number) if part)
        extras = ", ".join(part for part in (p.offer.condition, p.offer.finish if p.offer.finish != "nonfoil" else "") if part)
        lines.append(f"{p.quantity} {p.offer.card}" + (f" {printing}" if printing else "") + f" [{extras}]")
    return "\n".join(lines)


def plan_json(plan: Plan, currency: str, cart_base: Callable[[str, list[Purchase]], str] | None = None,
              unpriced: Sequence[PlanOffer] = ()) -> dict[str, Any]:
    """The plan as the command line prints it and the WebSocket sends it. `cart_base(store,
    purchases)` gives a store's cart root, or "" when the store has no cart permalinks."""
    stores = []
    for store, purchases in plan.by_store().items():
        base = cart_base(store, purchases) if cart_base else ""
        stores.append({
            "store": store,
            "items": [_item(p) for p in purchases],
            "subtotal": decimal_text(sum((p.cost for p in purchases), Decimal("0"))),
            "store_cost": decimal_text(plan.store_cost),
            "cart_url": web_url(cart_url(base, purchases)) or None,  # the pages' safe-link rule
            "list_text": shopping_list(purchases),
        })
    return {
        "currency": currency,
        "total": decimal_text(plan.total),
        "items_total": decimal_text(plan.items_total),
        "store_costs_total": decimal_text(plan.store_costs_total),
        "optimal": plan.optimal,
        "gap": plan.gap,
        "copies": plan.copies,
        "stores": stores,
        "missing": [{"card": want.card, "amount": copies, "wanted": want.amount, "for": want.label}
                    for want, copies in plan.missing],
        "unpriced": [
            {"store": o.store, "card": o.card, "price": decimal_text(o.price), "currency": o.currency} for o in unpriced
        ],
    }


def _item(purchase: Purchase) -> dict[str, Any]:
    offer = purchase.offer
    item = {
        "card": offer.card, "set_code": offer.set_code, "collector_number": offer.collector_number,
        "finish": offer.finish, "condition": offer.condition, "language": offer.language,
        # A store's link is its data: only an http(s) link goes out, the rule every page applies.
        "quantity": purchase.quantity, "price": decimal_text(offer.price), "url": web_url(offer.url),
        "variant_id": offer.variant_id or None,
        "for": purchase.want.label,  # which of the card's wants this copy fills: "STA 42", "any printing"
    }
    if offer.original_price is not None:  # converted into the plan's currency: the store's own price
        item["original_price"], item["original_currency"] = decimal_text(offer.original_price), offer.currency
    return item
