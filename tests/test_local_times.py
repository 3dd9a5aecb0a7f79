"""One way to show a time: in the reader's zone, on a 24-hour clock, absolute
(availability/preferences/times.py and its `in_zone` filters), on every page that shows one."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from availability.checks.results import StoreAnswer, remember_answer
from availability.preferences.models import Preferences
from availability.preferences.times import local_time
from cards.wishlist.models import TrackedCard

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 12, 7, 13, 5, tzinfo=dt_timezone.utc)
TORONTO = ZoneInfo("America/Toronto")  # 08:05 there


@pytest.mark.parametrize(
    "when, dated, shown",
    [
        (NOW - timedelta(hours=1), False, "07:05"),  # today in Toronto
        (NOW - timedelta(hours=1), True, "07 Dec 07:05"),
        (NOW - timedelta(hours=9), False, "06 Dec 23:05"),  # today in UTC, yesterday in Toronto
        (NOW + timedelta(hours=17), False, "01:05"),  # tomorrow, still to come within a day: "until 01:05"
        (NOW + timedelta(days=2), False, "09 Dec 08:05"),
        (NOW - timedelta(days=200), False, "21 May 2026 09:05"),  # a day and month alone could be either year's
    ],
)
def test_a_time_is_a_clock_time_today_and_names_its_day_otherwise(when, dated, shown) -> None:
    assert local_time(when, TORONTO, NOW, dated=dated) == shown


def test_the_filters_take_iso_strings_and_the_active_zone_and_show_nothing_for_nothing() -> None:
    template = Template("{% load times %}[{{ when|in_zone_dated }}|{{ when|in_zone_dated:'Asia/Tokyo' }}|{{ none|in_zone }}]")
    with timezone.override(TORONTO):
        shown = template.render(Context({"when": (NOW - timedelta(days=1)).isoformat(), "none": None}))
    assert shown == "[06 Dec 08:05|06 Dec 22:05|]"


@pytest.mark.django_db
def test_the_buy_plan_says_when_each_stores_prices_were_read_as_a_clock_time(alice_client, alice, bolt, make_store, choose):
    Preferences.objects.create(user=alice, time_zone="Asia/Tokyo")
    store = make_store("bolt-shop", name="Bolt Shop", currency="USD")
    choose(alice, store)
    TrackedCard.objects.create(user=alice, card=bolt, amount=1)
    read = timezone.now() - timedelta(minutes=25)
    offer = {"name": "Lightning Bolt", "set_code": "m10", "collector_number": "146", "finish": "nonfoil",
             "condition": "NM", "language": "English", "price": "2.00", "currency": "USD", "quantity": 1,
             "url": "https://bolt-shop.example/products/bolt", "variant_id": ""}
    remember_answer(store.pk, bolt.pk, StoreAnswer("ok", [offer], checked_at=read), timedelta(hours=1))

    page = BeautifulSoup(alice_client.get(reverse("buy_plan")).content, "html.parser")

    age = page.select_one(".plan-store .age")
    assert "min ago" not in age.text and "just now" not in age.text
    assert age.time.text == local_time(read, ZoneInfo("Asia/Tokyo"))
    assert re.fullmatch(r"\d\d:\d\d", page.select_one(".plan-summary")["data-planned-at"])


def test_no_template_script_or_view_writes_a_time_by_hand() -> None:
    """Times for people go through the one function; ISO strings for machines are fine, and so is a
    model's `__str__`, which names a row for the admin and the logs (in UTC)."""
    by_hand = re.compile(r"\|date:|\|time:|\|timesince|\|naturaltime|toLocale(Time)?String|min ago|%H:%M|%d %b")
    allowed = {
        "availability/preferences/times.py": "the one way",
        "availability/checks/models.py": "rows named for the admin",
        "availability/alerts/forms.py": "the quiet hours' inputs: a time of day, not a moment",
    }
    files = [*ROOT.glob("availability/**/*.py"), *ROOT.glob("availability/**/*.html"), *ROOT.glob("availability/**/*.txt"),
             *ROOT.glob("templates/**/*.html"), *ROOT.glob("static/js/*.js")]
    for path in files:
        relative = str(path.relative_to(ROOT))
        if relative in allowed or "/migrations/" in relative:
            continue
        assert not by_hand.search(path.read_text(encoding="utf-8")), relative
