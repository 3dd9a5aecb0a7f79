"""Converting a price into another currency: replaced by the exchange-rate table.

Until that table exists only the same currency converts; every other pair has no known rate, so
callers must treat a None as "cannot compare", never as zero or as equal.
"""

from __future__ import annotations

from decimal import Decimal


def convert(amount: Decimal, from_currency: str, to_currency: str) -> Decimal | None:
    """`amount` in `from_currency` expressed in `to_currency`, or None when no rate is known."""
    if from_currency.upper() == to_currency.upper():
        return amount
    return None
