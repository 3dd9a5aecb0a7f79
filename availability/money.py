"""Writing a price with its currency, in the currency's own minor units (docs/money.md)."""

from __future__ import annotations

from decimal import Decimal

# ISO 4217 currencies without minor units that Magic stores price in.
NO_MINOR_UNITS = {"CLP", "JPY", "KRW", "ISK", "HUF", "TWD", "VND", "COP", "PYG"}


def format_price(amount: Decimal, currency: str) -> str:
    """"CAD 1.25", "CLP 900": prices always carry their currency."""
    if currency.upper() in NO_MINOR_UNITS:
        return f"{currency} {amount.quantize(Decimal(1))}"
    return f"{currency} {amount.quantize(Decimal('0.01'))}"
