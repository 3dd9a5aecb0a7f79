"""Changing what a user tracks. Every path (web forms, list import, the WebSocket) goes through here,
so a change is validated the same way and saved whole or not at all."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.shortcuts import get_object_or_404

from cards.models import Card, CardSpec, TrackedCard


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


def tracked_card_or_404(user, tracked_card_id: int) -> TrackedCard:
    """The user's own tracked card; anyone else's is as good as missing (404), for every view."""
    return get_object_or_404(TrackedCard.objects.select_related("card"), pk=tracked_card_id, user=user)


@transaction.atomic
def add_to_wishlist(user, card: Card, amount: int, specs: list[SpecValues]) -> TrackedCard:
    """Track `card`, or add `amount` to it when it is tracked already; specs are merged, never doubled.

    No specs means any printing will do, and "any" wins a merge: adding "4 Counterspell" to a
    list that wants "Counterspell (7ED)" must not leave all five copies tied to 7ED.
    """
    tracked, created = TrackedCard.objects.select_for_update().get_or_create(
        user=user, card=card, defaults={"amount": amount}
    )
    if created:
        _add_specs(tracked, specs)
        return tracked
    tracked.amount += amount
    tracked.save(update_fields=["amount", "updated_at"])
    wants_any = not [spec for spec in specs if spec.normalized() != SpecValues()]
    if wants_any:
        tracked.specs.all().delete()
    elif tracked.specs.exists():
        _add_specs(tracked, specs)
    return tracked


@transaction.atomic
def update_tracked_card(tracked: TrackedCard, amount: int, specs: list[SpecValues]) -> TrackedCard:
    """Replace the amount and the specs of a tracked card."""
    tracked.amount = amount
    tracked.save(update_fields=["amount", "updated_at"])
    tracked.specs.all().delete()
    _add_specs(tracked, specs)
    return tracked


def _add_specs(tracked: TrackedCard, specs: list[SpecValues]) -> None:
    existing = {SpecValues.of(spec) for spec in tracked.specs.all()}
    for spec in dict.fromkeys(s.normalized() for s in specs):
        if spec != SpecValues() and spec not in existing:
            CardSpec.objects.create(tracked_card=tracked, **spec.__dict__)
