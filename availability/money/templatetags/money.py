"""`{{ offer.price|money:offer.currency }}`: a price as its currency is written, "CAD 1.25" or
"CLP 900" (availability/money/prices.py). Offers keep their prices to the cent whatever the currency, so a
Chilean store's 900 pesos arrive as "900.00"; every template shows a price through this filter."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from availability.money.prices import format_price

register = template.Library()


@register.filter
def money(amount, currency) -> str:
    if amount is None or amount == "":
        return ""
    try:
        return format_price(Decimal(str(amount)), str(currency or "").strip()).strip()
    except (InvalidOperation, ValueError):  # not a number: show what was kept rather than nothing
        return f"{currency or ''} {amount}".strip()
