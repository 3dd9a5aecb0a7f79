"""Changing what a user tracks. Every path (web forms, list import, the WebSocket) goes through here,
so a change is validated the same way, kept within 1–999 copies, and saved whole or not at all.

What a tracked card means (README "What a tracked card means"): a card is wanted as one or more
`Want`s, each "this many copies of this printing", where a blank part of a printing means any
("any printing" is the fully blank one). The card's amount is the sum of its wants. Adding a want
to a card already tracked adds to the want of the same printing, or adds a new want beside the
others: nothing the user named before is dropped, and no copies are counted twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404

from cards.catalog.models import Card
from cards.wishlist.models import MAX_AMOUNT, CardSpec, TrackedCard


@dataclass(frozen=True)
class SpecValues:
    """A wanted printing; blank parts mean any."""

    set_code: str = ""
    collector_number: str = ""
    finish: str = ""

    @classmethod
    def of(cls, spec: CardSpec) -> SpecValues:
        return cls(spec.set_code, spec.collector_number, spec.finish)

    def normalized(self) -> SpecValues:
        return SpecValues(
            self.set_code.strip().lower(), self.collector_number.strip(), self.finish.strip().lower()
        )

    @property
    def is_any(self) -> bool:
        return self.normalized() == ANY_PRINTING

    def describe(self) -> str:
        """"M10 146 foil", "any set foil" or "any printing", as the pages write a printing."""
        return CardSpec(**self.__dict__).printing


ANY_PRINTING = SpecValues()


@dataclass(frozen=True)
class Want:
    """This many copies of this printing."""

    spec: SpecValues
    amount: int

    def describe(self) -> str:
        return f"{self.amount} {self.spec.describe()}"


class AmountError(ValidationError):
    """A change that would leave a card wanted fewer than 1 or more than 999 times."""


def tracked_card_or_404(user, tracked_card_id: int) -> TrackedCard:
    """The user's own tracked card; anyone else's is as good as missing (404), for every view."""
    return get_object_or_404(TrackedCard.objects.select_related("card"), pk=tracked_card_id, user=user)


def wants_of(tracked: TrackedCard) -> list[Want]:
    """The tracked card's wants; a card without specs is all "any printing"."""
    specs = list(tracked.specs.all())
    if not specs:
        return [Want(ANY_PRINTING, tracked.amount)]
    return [Want(SpecValues.of(spec), spec.amount) for spec in specs]


def describe_wants(wants: Iterable[Want]) -> str:
    """"5: 1 any printing, 4 M10 146 foil", the way the import preview says what a card will be."""
    wants = list(wants)
    total = sum(want.amount for want in wants)
    return f"{total}: " + ", ".join(want.describe() for want in wants)


def spread(amount: int, specs: list[SpecValues]) -> list[Want]:
    """`amount` copies over `specs` given without amounts: all on one, or shared as evenly as it
    goes, earlier printings taking the odd copies. No specs means any printing."""
    check_amount(amount)
    if not specs:
        return [Want(ANY_PRINTING, amount)]
    if amount < len(specs):
        raise AmountError(
            f"{amount} {_copies(amount)} cannot be shared over {len(specs)} printings; "
            "give each printing its own amount"
        )
    share, odd = divmod(amount, len(specs))
    return [Want(spec, share + (1 if index < odd else 0)) for index, spec in enumerate(specs)]


def wants_for(total: int | None, specs: list[tuple[SpecValues, int | None]]) -> list[Want]:
    """Wants from printings that may each name their amount, and a card total that may be None.

    Every printing names its amount: those, and a total given beside them must be their sum. None
    does: the total (1 when not given) is shared over them (`spread`). Some do: the others share
    what the total leaves.
    """
    named = [amount for _, amount in specs if amount is not None]
    if specs and len(named) == len(specs):
        if total is not None and total != sum(named):
            raise AmountError(f"the printings' amounts add up to {sum(named)}, not {total}", code="amount")
        return [Want(spec, amount) for spec, amount in specs]
    total = 1 if total is None else total
    if not specs:
        return spread(total, [])
    left = total - sum(named)
    if left < 1:
        raise AmountError(f"the printings with amounts already take {sum(named)} of {total}", code="amount")
    shared = iter(spread(left, [spec for spec, amount in specs if amount is None]))
    return [Want(spec, amount) if amount is not None else next(shared) for spec, amount in specs]


def check_amount(amount: int, card_name: str = "") -> None:
    """The one rule for amounts: a whole number from 1 to 999, per printing and per card."""
    if not 1 <= amount <= MAX_AMOUNT:
        of = f" of {card_name}" if card_name else ""
        raise AmountError(
            f"you can want 1 to {MAX_AMOUNT} copies{of}; this would make {amount:,}", code="amount"
        )


def check_wants(wants: list[Want], card_name: str) -> None:
    """Each printing and the card as a whole wanted 1 to 999 times (AmountError otherwise)."""
    if not wants:
        raise AmountError(f"{card_name} needs at least one copy", code="amount")
    for want in wants:
        check_amount(want.amount, card_name)
    check_amount(sum(want.amount for want in wants), card_name)


def merged(wants: Iterable[Want]) -> list[Want]:
    """Wants of the same printing summed into one, in first-seen order."""
    totals: dict[SpecValues, int] = {}
    for want in wants:
        spec = want.spec.normalized()
        totals[spec] = totals.get(spec, 0) + want.amount
    return [Want(spec, amount) for spec, amount in totals.items()]


def after_adding(current: list[Want], added: list[Want]) -> list[Want]:
    """What a card's wants become when `added` is added to `current`."""
    return merged([*current, *added])


@transaction.atomic
def add_wants(user, card: Card, wants: list[Want]) -> TrackedCard:
    """Track `card` with `wants`, or add them to the wants of the card already tracked.

    "4 Lightning Bolt (M10) 146 foil" added to "1 Lightning Bolt, any printing" gives 5: one of any
    printing and four M10 foils. Raises AmountError (nothing saved) past 999 copies.
    """
    tracked = TrackedCard.objects.select_for_update().filter(user=user, card=card).first()
    current = wants_of(tracked) if tracked else []
    result = after_adding(current, wants)
    if tracked is None:
        tracked = TrackedCard(user=user, card=card)
    return save_wants(tracked, result)


@transaction.atomic
def save_wants(tracked: TrackedCard, wants: list[Want]) -> TrackedCard:
    """Make `tracked` want exactly `wants` (the one place a wishlist is written).

    Raises AmountError when a printing or the card would be wanted fewer than 1 or more than 999
    times; then nothing changes.
    """
    wants = merged(wants)
    check_wants(wants, tracked.card.name)
    tracked.amount = sum(want.amount for want in wants)
    tracked.save()
    tracked.specs.all().delete()
    if [want.spec for want in wants] != [ANY_PRINTING]:
        CardSpec.objects.bulk_create(
            CardSpec(tracked_card=tracked, amount=want.amount, **want.spec.__dict__) for want in wants
        )
    # Readers that prefetched the old specs must not see them again.
    if hasattr(tracked, "_prefetched_objects_cache"):
        tracked._prefetched_objects_cache.pop("specs", None)
    return tracked


def _copies(amount: int) -> str:
    return "copy" if amount == 1 else "copies"
