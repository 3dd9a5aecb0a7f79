"""Alerts that read well: switching alerts on takes a quiet baseline (what is known then is not
news), and a round of checks of one card tells of all its stores in one notification."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from availability.alerts import detection
from availability.alerts.deliveries import send_due_deliveries
from availability.alerts.models import AlertSettings, Notification
from cards.wishlist.models import TrackedCard
from tests.alerts.conftest import offer, record, result


@pytest.fixture(autouse=True)
def rounds_of_two_minutes(settings) -> None:
    settings.ALERT_ROUND_SECONDS = 120  # the default


@pytest.fixture
def three_shops(make_store, choose, alice, shop):
    others = [make_store("magic-stronghold", name="Magic Stronghold", currency="CAD"),
              make_store("la-cripta", name="La Cripta", currency="CLP")]
    choose(alice, *others)
    return [shop, *others]


def texts() -> list[str]:
    return [n.text for n in Notification.objects.order_by("pk")]


# --- one notification per card per round -----------------------------------------------------------


def test_a_round_of_checks_is_one_notification_for_the_card(
    three_shops, bolt, watched_bolt, email_on, mailoutbox, pushes
):
    start = timezone.now()
    shop, stronghold, cripta = three_shops
    record(shop, bolt, result(offer("1.50")), start)
    record(stronghold, bolt, result(offer("1.25"), offer("3.00")), start + timedelta(seconds=20))

    assert texts() == ["Lightning Bolt: in stock at 2 stores, from CAD 1.25"]
    [notification] = Notification.objects.all()
    assert [s["store"] for s in notification.stores] == ["Hairy Tarantula", "Magic Stronghold"]
    # The open tabs saw it come and grow: the same notification, pushed again, counted once as unread.
    assert [(m["notification"]["id"], m["unread"]) for _user, m in pushes] == [(notification.pk, 1)] * 2
    assert pushes[-1][1]["notification"]["text"] == "Lightning Bolt: in stock at 2 stores, from CAD 1.25"

    # The email waits for the round to end, then says it once.
    assert send_due_deliveries(now=start + timedelta(seconds=60)) == 0 and mailoutbox == []
    assert send_due_deliveries(now=start + timedelta(seconds=121)) == 1
    [email] = mailoutbox
    assert email.subject == "Lightning Bolt: in stock at 2 stores, from CAD 1.25"
    assert "  Hairy Tarantula: CAD 1.50\n  Magic Stronghold: CAD 1.25\n" in email.body


def test_prices_in_two_currencies_are_each_named(three_shops, bolt, watched_bolt):
    start = timezone.now()
    shop, stronghold, cripta = three_shops
    record(shop, bolt, result(offer("1.50")), start)
    record(cripta, bolt, result(offer("900", currency="CLP")), start + timedelta(seconds=5))
    record(stronghold, bolt, result(offer("1.40")), start + timedelta(seconds=9))

    assert texts() == ["Lightning Bolt: in stock at 3 stores, from CAD 1.40 or CLP 900"]


def test_news_after_the_round_or_again_at_the_same_store_is_a_new_notification(three_shops, bolt, watched_bolt):
    start = timezone.now()
    shop, stronghold, _ = three_shops
    record(shop, bolt, result(offer("1.50")), start)
    record(shop, bolt, result(offer("1.20")), start + timedelta(seconds=30))  # the same store again
    record(stronghold, bolt, result(offer("1.10")), start + timedelta(minutes=10))  # after the round

    assert texts() == [
        "Lightning Bolt is in stock at Hairy Tarantula: NM, CAD 1.50",
        "Lightning Bolt dropped to CAD 1.20 at Hairy Tarantula: NM (was CAD 1.50)",
        "Lightning Bolt is in stock at Magic Stronghold: NM, CAD 1.10",
    ]


def test_the_hook_running_twice_for_a_check_folded_into_a_round_changes_nothing(three_shops, bolt, watched_bolt):
    start = timezone.now()
    shop, stronghold, _ = three_shops
    record(shop, bolt, result(offer("1.50")), start)
    second = record(stronghold, bolt, result(offer("1.25")), start + timedelta(seconds=5))

    assert detection.record_alerts(second) == []
    [notification] = Notification.objects.all()
    assert len(notification.stores) == 2


def test_each_card_has_its_own_round(three_shops, bolt, watched_bolt, alice, db):
    from cards.catalog.models import Card

    helix = Card.objects.create(name="Lightning Helix")
    TrackedCard.objects.create(user=alice, card=helix)
    start = timezone.now()
    shop, stronghold, _ = three_shops
    record(shop, bolt, result(offer("1.50")), start)
    record(shop, helix, result(offer("0.50")), start + timedelta(seconds=1))
    record(stronghold, bolt, result(offer("1.25")), start + timedelta(seconds=2))

    assert sorted(texts()) == [
        "Lightning Bolt: in stock at 2 stores, from CAD 1.25",
        "Lightning Helix is in stock at Hairy Tarantula: NM, CAD 0.50",
    ]


# --- the quiet baseline --------------------------------------------------------------------------


def test_switching_alerts_on_tells_nothing_already_known_and_then_each_change(
    three_shops, bolt, watched_bolt, alert_settings
):
    shop, stronghold, cripta = three_shops
    before = timezone.now() - timedelta(hours=1)
    alert_settings.enabled = False
    alert_settings.save()
    for store, price in ((shop, "1.50"), (stronghold, "1.25")):
        record(store, bolt, result(offer(price)), before)
    record(cripta, bolt, result(), before)

    switched_on = timezone.now()
    AlertSettings.objects.filter(pk=alert_settings.pk).update(enabled=True, enabled_at=switched_on)
    later = switched_on + timedelta(minutes=31)
    for store, price in ((shop, "1.50"), (stronghold, "1.25")):
        record(store, bolt, result(offer(price)), later)
    record(cripta, bolt, result(), later + timedelta(seconds=1))
    assert texts() == []  # no flood of old news

    record(cripta, bolt, result(offer("900", currency="CLP")), later + timedelta(minutes=10))
    assert texts() == ["Lightning Bolt is in stock at La Cripta: NM, CLP 900"]


def test_a_store_never_checked_before_switch_on_takes_its_first_check_as_the_baseline(
    shop, bolt, watched_bolt, alert_settings
):
    AlertSettings.objects.filter(pk=alert_settings.pk).update(enabled_at=timezone.now())

    record(shop, bolt, result(offer("1.50")), timezone.now() + timedelta(minutes=1))

    assert texts() == []


def test_a_card_tracked_after_switch_on_tells_of_its_first_check_in_stock(shop, bolt, alice, choose, alert_settings):
    AlertSettings.objects.filter(pk=alert_settings.pk).update(enabled_at=timezone.now() - timedelta(days=1))
    choose(alice, shop)
    TrackedCard.objects.create(user=alice, card=bolt)

    record(shop, bolt, result(offer("1.50")), timezone.now() + timedelta(seconds=1))

    assert texts() == ["Lightning Bolt is in stock at Hairy Tarantula: NM, CAD 1.50"]


def test_the_notifications_page_lists_each_store_of_a_round(alice_client, three_shops, bolt, watched_bolt):
    start = timezone.now()
    shop, stronghold, _ = three_shops
    record(shop, bolt, result(offer("1.50")), start)
    record(stronghold, bolt, result(offer("1.25")), start + timedelta(seconds=3))

    page = alice_client.get(reverse("notifications")).content.decode()

    assert "Lightning Bolt: in stock at 2 stores, from CAD 1.25" in page
    assert "<li>Hairy Tarantula: CAD 1.50</li><li>Magic Stronghold: CAD 1.25</li>" in page
