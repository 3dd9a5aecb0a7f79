"""Quiet hours and the daily digest, in the user's time zone: the app is told at once, email and
webhook wait, and what waited goes out together as one message. Time is passed in, never slept."""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest

from availability.alerts.deliveries import send_due_deliveries
from availability.alerts.models import AlertSettings, Notification
from availability.preferences.zones import set_zone
from tests.alerts.conftest import at, offer, record, result


def preferences(time_zone: str = "America/Toronto", **fields) -> AlertSettings:
    settings = AlertSettings(**fields)
    settings.zone = ZoneInfo(time_zone)  # the user's zone, which the app reads from their preferences
    return settings


NIGHT = {"quiet_start": time(22), "quiet_end": time(7)}


@pytest.mark.parametrize("local, goes_at", [
    ("2027-01-12 21:59", "2027-01-12 21:59"),
    ("2027-01-12 22:00", "2027-01-13 07:00"),
    ("2027-01-12 23:30", "2027-01-13 07:00"),
    ("2027-01-13 06:59", "2027-01-13 07:00"),
    ("2027-01-13 07:00", "2027-01-13 07:00"),
])
def test_nothing_goes_out_during_quiet_hours_across_midnight(local, goes_at):
    when = at(local, "America/Toronto")
    assert preferences(**NIGHT).send_time(when) == at(goes_at, "America/Toronto")


def test_quiet_hours_within_one_day():
    lunch = preferences(quiet_start=time(12), quiet_end=time(13, 30))
    assert lunch.send_time(at("2027-01-12 12:10", "America/Toronto")) == at("2027-01-12 13:30", "America/Toronto")
    assert lunch.send_time(at("2027-01-12 14:00", "America/Toronto")) == at("2027-01-12 14:00", "America/Toronto")


def test_quiet_hours_are_kept_in_the_users_time_zone_across_a_clock_change():
    # Toronto springs forward on 2027-03-14: 07:00 that morning is 11:00 UTC, not 12:00.
    goes_at = preferences(**NIGHT).send_time(at("2027-03-14 03:30", "UTC"))  # 22:30 the evening before
    assert goes_at == at("2027-03-14 11:00", "UTC")


def test_no_quiet_hours_means_at_once():
    when = at("2027-01-12 03:00", "America/Toronto")
    assert preferences().send_time(when) == when
    assert preferences(quiet_start=time(7), quiet_end=time(7)).send_time(when) == when


@pytest.mark.parametrize("local, goes_at", [
    ("2027-01-12 07:59", "2027-01-12 08:00"),
    ("2027-01-12 08:00", "2027-01-13 08:00"),
    ("2027-01-12 19:45", "2027-01-13 08:00"),
])
def test_a_daily_digest_goes_out_at_the_users_digest_hour(local, goes_at):
    digest = preferences(time_zone="Europe/Paris", frequency="daily", digest_hour=8)
    assert digest.send_time(at(local, "Europe/Paris")) == at(goes_at, "Europe/Paris")


def test_a_digest_hour_inside_quiet_hours_waits_for_them_to_end():
    digest = preferences(frequency="daily", digest_hour=6, **NIGHT)
    assert digest.send_time(at("2027-01-12 15:00", "America/Toronto")) == at("2027-01-13 07:00", "America/Toronto")


# --- end to end: checks in, one message out ----------------------------------------------------------


@pytest.fixture
def everywhere(alert_settings, email_on, webhook_on, mailoutbox):
    """Alice hears by email and webhook too."""
    return webhook_on


def test_alerts_in_quiet_hours_are_in_the_app_at_once_and_sent_together_when_they_end(
    shop, bolt, watched_bolt, alert_settings, everywhere, mailoutbox, pushes
):
    AlertSettings.objects.filter(pk=alert_settings.pk).update(**NIGHT)
    set_zone(alert_settings.user_id, "America/Toronto")
    record(shop, bolt, result(offer("5.00")), at("2027-01-12 23:30", "America/Toronto"))
    record(shop, bolt, result(offer("4.00")), at("2027-01-13 01:15", "America/Toronto"))

    assert [n.kind for n in Notification.objects.order_by("pk")] == ["in_stock", "price_drop"]
    assert len(pushes) == 2  # the app is told at once
    assert send_due_deliveries(now=at("2027-01-13 06:59", "America/Toronto")) == 0
    assert mailoutbox == [] and everywhere.posts == []

    assert send_due_deliveries(now=at("2027-01-13 07:00", "America/Toronto")) == 2  # one email, one post

    [email] = mailoutbox
    assert email.subject == "2 card alerts from LGS Stock Checker"
    assert "Lightning Bolt is in stock at Hairy Tarantula: NM, CAD 5.00" in email.body
    assert "Lightning Bolt dropped to CAD 4.00 at Hairy Tarantula: NM (was CAD 5.00)" in email.body
    [post] = everywhere.posts
    assert post["text"].splitlines()[0] == "2 card alerts from LGS Stock Checker:"
    assert len(post["alerts"]) == 2
    assert send_due_deliveries(now=at("2027-01-13 09:00", "America/Toronto")) == 0  # nothing twice


def test_a_daily_digest_bundles_the_days_alerts_into_one_email_and_one_post(
    shop, bolt, watched_bolt, alert_settings, everywhere, mailoutbox, make_store, choose, alice
):
    AlertSettings.objects.filter(pk=alert_settings.pk).update(frequency="daily", digest_hour=8)
    set_zone(alert_settings.user_id, "Europe/Paris")
    other = make_store("magic-stronghold", name="Magic Stronghold", currency="CAD")
    choose(alice, other)
    record(shop, bolt, result(offer("5.00")), at("2027-01-12 10:00", "Europe/Paris"))
    record(other, bolt, result(offer("6.00")), at("2027-01-12 15:00", "Europe/Paris"))
    record(shop, bolt, result(offer("4.50")), at("2027-01-12 20:00", "Europe/Paris"))

    assert Notification.objects.count() == 3  # in the app as they happened
    assert send_due_deliveries(now=at("2027-01-13 07:59", "Europe/Paris")) == 0
    assert send_due_deliveries(now=at("2027-01-13 08:00", "Europe/Paris")) == 2

    [digest] = mailoutbox
    assert digest.subject == "3 card alerts from LGS Stock Checker"
    assert digest.body.startswith("3 things happened to cards you track:")
    for line in ["Lightning Bolt is in stock at Hairy Tarantula: NM, CAD 5.00",
                 "Lightning Bolt is in stock at Magic Stronghold: NM, CAD 6.00",
                 "Lightning Bolt dropped to CAD 4.50 at Hairy Tarantula: NM (was CAD 5.00)"]:
        assert line in digest.body
    [post] = everywhere.posts
    assert [a["store_slug"] for a in post["alerts"]] == ["hairy-tarantula", "magic-stronghold", "hairy-tarantula"]

    # The next alert waits for the next day's digest.
    record(other, bolt, result(), at("2027-01-13 09:00", "Europe/Paris"))
    record(other, bolt, result(offer("5.50")), at("2027-01-13 09:30", "Europe/Paris"))
    assert send_due_deliveries(now=at("2027-01-13 23:00", "Europe/Paris")) == 0
    assert send_due_deliveries(now=at("2027-01-14 08:00", "Europe/Paris") + timedelta(seconds=30)) == 2
    assert mailoutbox[-1].subject == "Lightning Bolt is back in stock at Magic Stronghold: NM, CAD 5.50"


def test_a_retry_that_would_fall_in_quiet_hours_waits_for_them_to_end(
    shop, bolt, watched_bolt, alert_settings, webhook_on
):
    AlertSettings.objects.filter(pk=alert_settings.pk).update(**NIGHT)
    set_zone(alert_settings.user_id, "America/Toronto")
    webhook_on.status = 500
    record(shop, bolt, result(offer("5.00")), at("2027-01-12 21:58", "America/Toronto"))

    send_due_deliveries(now=at("2027-01-12 21:58", "America/Toronto"))  # fails; a retry at 21:59 is fine
    send_due_deliveries(now=at("2027-01-12 21:59", "America/Toronto"))  # fails; 22:04 is quiet

    assert send_due_deliveries(now=at("2027-01-13 06:59", "America/Toronto")) == 0
    assert len(webhook_on.posts) == 2
    webhook_on.status = 204
    assert send_due_deliveries(now=at("2027-01-13 07:00", "America/Toronto")) == 1
