"""Export, then import with "make my list match this file", gives back the same wishlist exactly:
the same cards, and for each the same printings with the same amounts. Checked over random
wishlists drawn from the sample catalog (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cards.catalog.models import Card, Printing
from cards.wishlist.changes import ANY_PRINTING, SpecValues, Want, save_wants
from cards.wishlist.export import moxfield_csv, moxfield_text, wishlist_of
from cards.wishlist.importing import MATCH, confirm_import
from cards.wishlist.models import MAX_AMOUNT, TrackedCard

pytestmark = pytest.mark.django_db


def _catalog_printings() -> dict[str, list[tuple[str, str, list[str]]]]:
    by_card: dict[str, list[tuple[str, str, list[str]]]] = {}
    for p in Printing.objects.select_related("card", "magic_set"):
        by_card.setdefault(p.card.name, []).append((p.magic_set.code, p.collector_number, p.finishes))
    return by_card


@st.composite
def specs_of(draw, printings, *, text_only: bool) -> SpecValues:
    """A printing wish the catalog allows: a whole printing, a set, a finish, or any printing."""
    set_code, number, finishes = draw(st.sampled_from(printings))
    # Moxfield text cannot say "non-foil only", nor a collector number without a set.
    finish = draw(st.sampled_from(["", *[f for f in finishes if not (text_only and f == "nonfoil")]]))
    shapes = [(set_code, number), (set_code, ""), ("", "")]
    if not text_only:
        shapes.append(("", number))
    chosen_set, chosen_number = draw(st.sampled_from(shapes))
    return SpecValues(chosen_set, chosen_number, finish)


@st.composite
def wishlists(draw, catalog: dict, *, text_only: bool) -> dict[str, list[Want]]:
    names = draw(st.lists(st.sampled_from(sorted(catalog)), min_size=0, max_size=6, unique=True))
    wishlist = {}
    for name in names:
        specs = draw(st.lists(specs_of(catalog[name], text_only=text_only), min_size=1, max_size=4, unique=True))
        budget = MAX_AMOUNT
        wants = []
        for spec in specs:
            amount = draw(st.integers(1, max(1, budget - (len(specs) - len(wants) - 1))))
            budget -= amount
            wants.append(Want(spec, amount))
        wishlist[name] = wants
    return wishlist


def _save(user, wishlist: dict[str, list[Want]]) -> None:
    TrackedCard.objects.filter(user=user).delete()
    for name, wants in wishlist.items():
        save_wants(TrackedCard(user=user, card=Card.objects.get(name=name)), wants)


def _state(user) -> dict[str, tuple[int, set[tuple[SpecValues, int]]]]:
    state = {}
    for tracked in TrackedCard.objects.filter(user=user).select_related("card").prefetch_related("specs"):
        wants = {(SpecValues.of(s), s.amount) for s in tracked.specs.all()} or {(ANY_PRINTING, tracked.amount)}
        state[tracked.card.name] = (tracked.amount, wants)
    return state


@pytest.mark.parametrize("write, text_only", [(moxfield_csv, False), (moxfield_text, True)], ids=["csv", "text"])
def test_export_then_match_import_gives_back_the_same_wishlist(alice, catalog, write, text_only):
    printings = _catalog_printings()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(wishlist=wishlists(printings, text_only=text_only), other=wishlists(printings, text_only=text_only))
    def round_trip(wishlist, other):
        _save(alice, wishlist)
        before = _state(alice)
        exported = write(wishlist_of(alice))
        _save(alice, other)  # whatever the list holds meanwhile is replaced

        confirm_import(alice, exported, MATCH)

        assert _state(alice) == before
        assert sum(amount for amount, _ in before.values()) == sum(
            int(line.split()[0]) for line in moxfield_text(wishlist_of(alice)).splitlines()
        )

    round_trip()
