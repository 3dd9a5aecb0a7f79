"""The data model's rules: the database itself refuses what makes no sense."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from availability.checks.models import Offer, StoreCheck
from cards.wishlist.changes import SpecValues, add_wants, spread
from cards.wishlist.models import CardSpec, TrackedCard


def test_a_user_tracks_a_card_once(alice, bolt):
    TrackedCard.objects.create(user=alice, card=bolt, amount=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        TrackedCard.objects.create(user=alice, card=bolt, amount=2)


def test_an_amount_below_one_is_refused(alice, bolt):
    with pytest.raises(IntegrityError), transaction.atomic():
        TrackedCard.objects.create(user=alice, card=bolt, amount=0)


def test_the_same_spec_cannot_be_added_twice(alice, bolt):
    tracked = TrackedCard.objects.create(user=alice, card=bolt)
    CardSpec.objects.create(tracked_card=tracked, set_code="m10", finish="foil")
    with pytest.raises(IntegrityError), transaction.atomic():
        CardSpec.objects.create(tracked_card=tracked, set_code="M10 ", finish="foil")


def test_adding_a_tracked_card_again_adds_to_the_same_printing_and_keeps_the_others(alice, bolt):
    add_wants(alice, bolt, spread(2, [SpecValues("M10", "", "foil")]))
    tracked = add_wants(alice, bolt, spread(2, [SpecValues("m10", "", "foil"), SpecValues("m11")]))
    assert tracked.amount == 4
    assert sorted(str(s) for s in tracked.specs.all()) == ["1× M11", "3× M10 foil"]


def test_price_history_of_one_printing_at_one_store(make_store, bolt):
    store = make_store()
    start = timezone.now() - timedelta(days=3)
    for day, price in enumerate(["3.50", "2.99", "4.25"]):
        check = StoreCheck.objects.create(store=store, card=bolt, checked_at=start + timedelta(days=day), status="ok")
        for set_code, finish in (("M10", "foil"), ("M10", "nonfoil"), ("M11", "foil")):
            Offer.objects.create(
                store_check=check, name="Lightning Bolt", set_code=set_code, collector_number="146",
                finish=finish, condition="NM", price=Decimal(price) + (1 if finish == "foil" else 0),
                currency="USD", url="https://store.example/bolt",
            )
    history = list(Offer.objects.price_history(store, bolt, "m10", "146", "foil"))
    assert [price for _, price, _ in history] == [Decimal("4.50"), Decimal("3.99"), Decimal("5.25")]
    assert [when for when, _, _ in history] == sorted(when for when, _, _ in history)
def test_a_store_uses_its_own_cache_ttl_or_the_default(make_store, settings):
    settings.CHECK_CACHE_TTL_MINUTES = 30
    assert make_store("default-ttl").cache_ttl == timedelta(minutes=30)
    assert make_store("own-ttl", cache_ttl_minutes=120).cache_ttl == timedelta(minutes=120)


def test_any_printing_is_a_want_beside_the_named_printings_not_instead_of_them(alice, bolt):
    add_wants(alice, bolt, spread(1, [SpecValues("m10")]))
    tracked = add_wants(alice, bolt, spread(4, []))
    assert tracked.amount == 5 and sorted(str(s) for s in tracked.specs.all()) == ["1× M10", "4× any printing"]
    tracked = add_wants(alice, bolt, spread(1, [SpecValues("m11")]))
    assert tracked.amount == 6 and tracked.specs.count() == 3
