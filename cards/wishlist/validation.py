"""A want checked against the catalog: the printing it names was ever made (cards.catalog.validation),
and its amounts are shared or summed by the one rule (`cards.wishlist.changes.wants_for`).

The add and edit forms, the list import and the WebSocket messages all call these, so a wish is
checked the same way whichever door it comes in by.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from cards.catalog.models import Card, Printing
from cards.catalog.validation import check_printing, printings_of
from cards.wishlist.changes import SpecValues, Want, wants_for


def validate_spec(card: Card, spec: SpecValues) -> SpecValues:
    """`spec` normalised, when at least one printing of `card` matches it; blank parts match any."""
    return _checked_spec(card, spec.normalized(), printings_of(card))


def checked_wants(card: Card, total: int | None, specs: list[tuple[SpecValues, int | None]]) -> list[Want]:
    """Printings that may each name their amount, checked against the catalog, as wants of `card`
    (`cards.wishlist.changes.wants_for` shares or sums the amounts); every catalog problem at once."""
    printings = printings_of(card)
    checked: list[tuple[SpecValues, int | None]] = []
    problems: list[str] = []
    for spec, amount in specs:
        try:
            checked.append((_checked_spec(card, spec.normalized(), printings), amount))
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError(problems)
    return wants_for(total, checked)


def _checked_spec(card: Card, spec: SpecValues, printings: list[Printing]) -> SpecValues:
    # Stored in the catalog's spelling of the collector number.
    number = check_printing(card, spec.set_code, spec.collector_number, spec.finish, printings)
    return SpecValues(spec.set_code, number, spec.finish)
