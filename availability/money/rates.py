"""Converting prices between currencies with the exchange rates an admin keeps (`ExchangeRate`).

Rates are stored as the ECB quotes them, units per euro, so any pair converts through the euro:
USD → CAD is `amount / USD_per_EUR * CAD_per_EUR`. A currency without a rate converts to nothing
(None): callers leave such a price out and say so, never guess.

    convert(Decimal("2.50"), "USD", "CAD")     # one conversion, reads the two rates it needs
    RateTable.current().convert(...)          # many conversions, one query
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from lxml import etree

from availability.money.models import ExchangeRate
from availability.money.prices import minor_unit

ECB_NAMESPACE = "http://www.ecb.int/vocabulary/2002-08-01/eurofxref"


@dataclass(frozen=True)
class RateTable:
    """Units per euro by currency code; the euro itself is always 1."""

    per_euro: dict[str, Decimal]

    @classmethod
    def current(cls, currencies: set[str] | None = None) -> RateTable:
        rows = ExchangeRate.objects.all()
        if currencies is not None:
            rows = rows.filter(currency__in={c.upper() for c in currencies})
        return cls(dict(rows.values_list("currency", "per_euro")))

    def rate(self, currency: str) -> Decimal | None:
        currency = currency.upper()
        return Decimal("1") if currency == "EUR" else self.per_euro.get(currency)

    def convert(self, amount: Decimal, from_currency: str, to_currency: str) -> Decimal | None:
        """`amount` in `to_currency`, rounded to its minor unit; None without both rates."""
        if from_currency.upper() == to_currency.upper():
            return amount
        source, target = self.rate(from_currency), self.rate(to_currency)
        if source is None or target is None:
            return None
        return (amount / source * target).quantize(minor_unit(to_currency), rounding=ROUND_HALF_UP)


def convert(amount: Decimal, from_currency: str, to_currency: str) -> Decimal | None:
    """`amount` of `from_currency` in `to_currency` at the admin's rates, rounded to the target's
    minor unit (cents; whole pesos for CLP); the same amount when the currencies are the same;
    None when either rate is unknown."""
    return RateTable.current({from_currency, to_currency}).convert(amount, from_currency, to_currency)


@dataclass(frozen=True)
class EcbRates:
    day: date
    per_euro: dict[str, Decimal]


class RateFileError(ValueError):
    """A rate file we cannot read; `str()` says why."""


def parse_ecb_xml(data: bytes) -> EcbRates:
    """The newest day's rates in an ECB reference-rate file (the daily one, or the 90-day and full
    history files, which hold one day per `<Cube time=…>`)."""
    # The file may come from a URL: no entities, no network, no huge trees.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise RateFileError(f"not an XML file: {error}") from None
    days = root.findall(f".//{{{ECB_NAMESPACE}}}Cube[@time]")
    if not days:
        raise RateFileError("no <Cube time=…> in the file: is it the ECB's eurofxref XML?")
    newest = max(days, key=lambda cube: cube.get("time"))
    try:
        day = date.fromisoformat(newest.get("time"))
        rates = {
            cube.get("currency").upper(): Decimal(cube.get("rate"))
            for cube in newest.findall(f"{{{ECB_NAMESPACE}}}Cube[@currency]")
        }
    except (ValueError, ArithmeticError, AttributeError) as error:
        raise RateFileError(f"a rate on {newest.get('time')} cannot be read: {error}") from None
    if not rates or any(rate <= 0 for rate in rates.values()):
        raise RateFileError(f"no usable rates for {day}")
    return EcbRates(day, rates)
