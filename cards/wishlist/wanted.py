"""What a user will take of a card: the one rule, for the dashboard cells, the price history, the
alerts and the buy plan.

Two steps, each decided here only:

- `wanted(offer, specs)`: in stock (a quantity of 0 is listed but sold out; no quantity means the
  store only says "available") and of a printing one of the user's specs accepts (no specs: any
  printing). This is what the dashboard cells (`availability.live.cells`) and the price history
  (`availability.checks.history`) show: every copy of a printing the user tracks.
- `Want.accepts(offer)`: that, and the card's rule on top (its alert rule over the user's alert
  defaults: a finish, a language, a condition floor, a price ceiling). This is what the alerts tell
  of (`availability.alerts.rules.AlertCriteria`) and what the buy plan buys
  (`availability.buyplan.eligibility`), so a plan never buys a copy the alerts would not tell of.

The dashboard shows the first step only: a copy over the ceiling or in another language is still on
the shelf, and the cell says so rather than "not in stock"; the rule decides what is news and what
is bought.

Plain Python without Django, so the buy plan's solver and benchmark use it without a database.
Offers may be the cached JSON dicts, `availability.checks.models.Offer` rows or the buy plan's `PlanOffer`s:
anything with `set_code`, `collector_number`, `finish`, `quantity` (and for `Want.accepts`
`condition`, `language`, `price`, `currency`), as keys or attributes.
Specs are anything with `set_code`, `collector_number` and `finish`, blank meaning any.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from cards.catalog.collector_numbers import same_collector_number
from scrapers.vocabulary import CONDITIONS

# amount, from currency, to currency → the amount converted, or None without a rate
# (`availability.money.rates.convert`, or `RateTable.convert` for many at once).
Converter = Callable[[Decimal, str, str], Decimal | None]

# Most stores only name a language when it is not English.
UNSTATED_LANGUAGE = "english"


class PrintingSpec(Protocol):
    set_code: str
    collector_number: str
    finish: str


def _part(offer: Any, name: str) -> Any:
    return offer.get(name) if isinstance(offer, Mapping) else getattr(offer, name, None)


def printing_name(spec: PrintingSpec) -> str:
    """A printing as the pages write it: "M10 146 foil", "any set foil", or "any printing"."""
    if not (spec.set_code or spec.collector_number or spec.finish):
        return "any printing"
    parts = [spec.set_code.upper() or "any set", spec.collector_number, spec.finish]
    return " ".join(p for p in parts if p)


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


def wanted_printing(offer: Any, specs: Iterable[PrintingSpec]) -> bool:
    """Of a printing one of `specs` accepts; no specs means any printing will do."""
    specs = list(specs)
    return not specs or any(spec_accepts(spec, offer) for spec in specs)


def wanted(offer: Any, specs: Iterable[PrintingSpec]) -> bool:
    """In stock, and of a printing one of `specs` accepts."""
    return in_stock(offer) and wanted_printing(offer, specs)


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


def same_language(language: str | None, wanted_language: str) -> bool:
    """A blank wanted language accepts any; an offer naming none is English (most stores name only others)."""
    return not wanted_language or (language or UNSTATED_LANGUAGE).casefold() == wanted_language.casefold()


@dataclass(frozen=True)
class Want:
    """What a user will take of one card: the printings they track (none: any) and the card's rule.

    Blank parts accept anything. `max_price` is per copy, in `max_price_currency` (blank: the
    offers' own currency, as the buy plan has them once priced in its currency).
    """

    printings: tuple[PrintingSpec, ...] = ()
    min_condition: str = ""
    max_price: Decimal | None = None
    max_price_currency: str = ""
    language: str = ""
    finish: str = ""

    def accepts(self, offer: Any, convert: Converter | None = None, *, ignore_price: bool = False) -> bool:
        """Whether the user will take this offer: in stock, a wanted printing, the rule's finish,
        condition floor, language and (unless `ignore_price`) price ceiling, converting the price
        with `convert` when the ceiling is in another currency."""
        if not wanted(offer, self.printings):
            return False
        if self.finish and _part(offer, "finish") != self.finish:
            return False
        if not condition_at_least(_part(offer, "condition") or "", self.min_condition):
            return False
        if not same_language(_part(offer, "language"), self.language):
            return False
        if ignore_price or self.max_price is None:
            return True
        price = Decimal(str(_part(offer, "price")))
        return under_ceiling(price, _part(offer, "currency") or "", self.max_price, self.max_price_currency, convert)
