"""A card already in stock when it is tracked alerts at once (issue 21 item 3): judged against the
answer its store already gave (cached, no new check), and dated when that answer was read; the next
check that repeats the answer, or raises the price, tells nothing more."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from availability.alerts.models import Notification
from availability.checks.models import StoreCheck
from cards.wishlist.changes import ANY_PRINTING, Want, add_wants
from tests.alerts.conftest import offer, result, scrape

# Committing a wishlist change also pushes it to the user's tabs, through the channel layer's database.
pytestmark = pytest.mark.django_db(databases="__all__")


def answered_earlier(monkeypatch, shop, bolt, price: str, minutes: int) -> StoreCheck:
    """The store's answer for the card, read `minutes` ago for someone else (nobody watches yet)."""
    check = scrape(monkeypatch, shop, bolt, result(offer(price)))
    read_at = timezone.now() - timedelta(minutes=minutes)
    StoreCheck.objects.filter(pk=check.pk).update(checked_at=read_at)
    return StoreCheck.objects.get(pk=check.pk)


def test_a_card_in_stock_when_tracked_alerts_at_once_dated_when_the_store_answered(
    monkeypatch, alice, shop, bolt, choose, alert_settings, pushes, django_capture_on_commit_callbacks
):
    earlier = answered_earlier(monkeypatch, shop, bolt, "3.50", minutes=10)
    choose(alice, shop)

    with django_capture_on_commit_callbacks(execute=True):
        add_wants(alice, bolt, [Want(ANY_PRINTING, 1)])  # the one way every form and message tracks a card

    [notification] = Notification.objects.all()
    assert notification.text == "Lightning Bolt is in stock at Hairy Tarantula: NM, CAD 3.50"
    assert notification.created_at == earlier.checked_at  # when the store's answer was read
    assert [message["notification"]["text"] for _user, message in pushes] == [notification.text]

    # The recheck finds the same answer, then a higher price: neither is news.
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    scrape(monkeypatch, shop, bolt, result(offer("4.00")))
    assert Notification.objects.count() == 1
    # A lower price than the one told of still is.
    scrape(monkeypatch, shop, bolt, result(offer("3.00")))
    assert [n.kind for n in Notification.objects.order_by("pk")] == ["in_stock", "price_drop"]


def test_a_card_out_of_stock_when_tracked_tells_nothing_until_it_comes_in(
    monkeypatch, alice, shop, bolt, choose, alert_settings, django_capture_on_commit_callbacks
):
    scrape(monkeypatch, shop, bolt, result())  # out of stock
    choose(alice, shop)
    with django_capture_on_commit_callbacks(execute=True):
        add_wants(alice, bolt, [Want(ANY_PRINTING, 1)])
    assert Notification.objects.count() == 0
    # Back in stock after it was tracked: news, as ever.
    scrape(monkeypatch, shop, bolt, result(offer("3.50")))
    assert [n.kind for n in Notification.objects.all()] == ["in_stock"]


def test_a_list_of_cards_tracked_at_once_is_judged_in_one_queued_task(
    monkeypatch, alice, shop, bolt, choose, alert_settings, pushes, django_capture_on_commit_callbacks
):
    """An import tracks many cards in one transaction: they are judged together by the worker, so the
    import is not held up, and the in-stock one still alerts (once the task runs)."""
    from cards.catalog.models import Card
    from tests.alerts.conftest import run_queued_tasks

    answered_earlier(monkeypatch, shop, bolt, "3.50", minutes=10)
    choose(alice, shop)
    others = [Card.objects.create(name=name, layout="normal")
              for name in ["Counterspell", "Llanowar Elves", "Shock", "Sol Ring"]]
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            for card in [bolt, *others]:
                add_wants(alice, card, [Want(ANY_PRINTING, 1)])
    assert Notification.objects.count() == 0  # queued, not judged in the request
    assert run_queued_tasks().count("availability.alerts.detection.alert_on_known_answers") == 1
    [notification] = Notification.objects.all()
    assert notification.text == "Lightning Bolt is in stock at Hairy Tarantula: NM, CAD 3.50"
