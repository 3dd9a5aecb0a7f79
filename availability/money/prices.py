"""Writing a price with its currency, in the currency's own minor units (docs/money.md)."""

from __future__ import annotations

from decimal import Decimal

# Currencies whose prices have no minor unit in practice (ISO 4217 gives CLP, JPY, KRW, ISK, VND,
# PYG 0 decimals; HUF, TWD and COP are priced in whole units by shops). The rest have 2.
NO_MINOR_UNITS = frozenset({"CLP", "JPY", "KRW", "ISK", "HUF", "TWD", "VND", "COP", "PYG"})


def minor_unit(currency: str) -> Decimal:
    """The smallest amount a price in `currency` is written in: 1 for CLP, 0.01 for USD."""
    return Decimal(1) if currency.upper() in NO_MINOR_UNITS else Decimal("0.01")


def format_price(amount: Decimal, currency: str) -> str:
    """"CAD 1.25", "CLP 900": prices always carry their currency."""
    return f"{currency} {amount.quantize(minor_unit(currency))}"
