"""Which offers a user wants: the one rule, called by the dashboard cells (`availability.checks.results`),
the price history (`availability.checks.history`), the alert rules (`availability.alerts.rules`) and the buy
plan (`availability.buyplan.eligibility`).

An offer is wanted when it is in stock (a quantity of 0 is listed but sold out; no quantity means
the store only says "available") and of a printing one of the user's specs accepts (no specs: any
printing). On top of that, alert rules and the buy plan may ask for a condition floor
(`condition_at_least`) and a price ceiling (`under_ceiling`).

Plain Python without Django, so the buy plan's solver and benchmark use it without a database.
Offers may be the cached JSON dicts, `availability.checks.models.Offer` rows or the buy plan's `PlanOffer`s:
anything with `set_code`, `collector_number`, `finish` and `quantity` (keys or attributes).
Specs are anything with `set_code`, `collector_number` and `finish`, blank meaning any.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Protocol

from cards.catalog.collector_numbers import same_collector_number
from scrapers.vocabulary import CONDITIONS

# amount, from currency, to currency → the amount converted, or None without a rate
# (`availability.money.rates.convert`, or `RateTable.convert` for many at once).
Converter = Callable[[Decimal, str, str], Decimal | None]


class PrintingSpec(Protocol):
    set_code: str
    collector_number: str
    finish: str


def _part(offer: Any, name: str) -> Any:
    return offer.get(name) if isinstance(offer, Mapping) else getattr(offer, name, None)


def spec_accepts(spec: PrintingSpec, offer: Any) -> bool:
    """Whether an offer is of the printing `spec` asks for; a part the offer does not state cannot
    satisfy a spec that names it (a store hiding the collector number cannot prove it)."""
    if spec.set_code and (_part(offer, "set_code") or "").casefold() != spec.set_code.casefold():
        return False
    if spec.collector_number and not same_collector_number(_part(offer, "collector_number") or "", spec.collector_number):
        return False
    return not spec.finish or _part(offer, "finish") == spec.finish


def in_stock(offer: Any) -> bool:
    """Listed with copies: a quantity of 0 (or less) is sold out; no quantity is "available"."""
    quantity = _part(offer, "quantity")
    return quantity is None or quantity > 0


def wanted(offer: Any, specs: Iterable[PrintingSpec]) -> bool:
    """In stock, and of a printing one of `specs` accepts; no specs means any printing will do."""
    specs = list(specs)
    return in_stock(offer) and (not specs or any(spec_accepts(spec, offer) for spec in specs))


def wanted_offers(offers: Iterable, specs: Iterable[PrintingSpec]) -> list:
    specs = list(specs)
    return [offer for offer in offers if wanted(offer, specs)]


def condition_at_least(condition: str, minimum: str) -> bool:
    """NM is at least LP; a blank minimum accepts anything; an unknown or unstated condition is at
    least nothing else."""
    if not minimum:
        return True
    if condition not in CONDITIONS:
        return False
    return CONDITIONS.index(condition) <= CONDITIONS.index(minimum)


def under_ceiling(
    price: Decimal, currency: str, ceiling: Decimal | None, ceiling_currency: str, convert: Converter | None = None
) -> bool:
    """Whether `price` in `currency` is at most the ceiling. No ceiling: yes. A ceiling without a
    currency (or in the same one) compares the numbers. Otherwise the price is converted with
    `convert`; without a rate it is not compared, so not accepted (the alert pages list such
    stores, never leave them out silently)."""
    price_there = price_in_currency(price, currency, ceiling_currency, convert)
    return ceiling is None or (price_there is not None and price_there <= ceiling)


def price_in_currency(
    price: Decimal, currency: str, target: str, convert: Converter | None = None
) -> Decimal | None:
    """`price` in `target` (its own number when `target` is blank or the same); None without a rate."""
    if not target or not currency or currency.upper() == target.upper():
        return price
    return convert(price, currency, target) if convert else None
