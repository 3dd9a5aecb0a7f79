"""The currencies a user may pick: for an alert's price ceiling and for a buy plan.

One explicit list rather than all of ISO 4217 (pycountry's list, which the scrapers use to tell a
currency code from noise): a picker of 180 currencies hides the handful anyone here prices in. The
list is the currencies the directory's stores and the ECB's rates make common; every store's own
currency joins it, so a store added in a new currency can be planned and capped in at once.
"""

from __future__ import annotations

from stores.models import Store

CURRENCIES = ("AUD", "CAD", "CLP", "EUR", "GBP", "JPY", "USD")


def currency_choices(*also: str) -> list[str]:
    """The list, every store's own currency and `also` (e.g. a plan's current one), sorted (one query)."""
    codes = {*CURRENCIES, *Store.objects.values_list("currency", flat=True).distinct(), *also}
    return sorted({code.strip().upper() for code in codes if code and code.strip()})
