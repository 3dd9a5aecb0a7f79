"""Times in the user's zone on every page they read; the browser's zone is the default; a favicon."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from availability.checks.results import StoreAnswer, remember_answer
from availability.live.cells import cell_update
from availability.preferences.models import Preferences
from cards.wishlist.models import TrackedCard

pytestmark = pytest.mark.django_db

# 20:15 UTC nine days ago: 15:15 in Toronto, 21:15 in Paris. Within half a year of today, so the
# day is written without its year ("28 Nov 15:15"), whenever the suite runs.
CHECKED = (timezone.now() - timedelta(days=9)).replace(hour=20, minute=15, second=0, microsecond=0)


def test_the_browser_zone_becomes_the_users_setting_while_it_is_the_default(alice_client, alice):
    response = alice_client.post(reverse("browser_time_zone"), {"time_zone": "America/Toronto"})
    assert response.json() == {"time_zone": "America/Toronto", "changed": True}
    assert Preferences.objects.get(user=alice).time_zone == "America/Toronto"
    # A zone the user has (once it is not the default) is theirs: a browser elsewhere does not change it.
    again = alice_client.post(reverse("browser_time_zone"), {"time_zone": "Europe/Paris"})
    assert again.json() == {"time_zone": "America/Toronto", "changed": False}


def test_an_unknown_zone_is_refused_and_nothing_changes(alice_client, alice):
    response = alice_client.post(reverse("browser_time_zone"), {"time_zone": "Mars/Olympus"})
    assert response.status_code == 400
    assert not Preferences.objects.filter(user=alice).exists()


def test_a_cell_tells_when_it_was_checked_in_the_users_zone(alice_client, alice, bolt, make_store, choose):
    store = make_store("sample-shop", name="Sample Shop")
    choose(alice, store)
    TrackedCard.objects.create(user=alice, card=bolt, amount=1)
    Preferences.objects.create(user=alice, time_zone="America/Toronto")
    remember_answer(store.pk, bolt.pk, StoreAnswer("not_found", checked_at=CHECKED), timedelta(days=3650))
    page = BeautifulSoup(alice_client.get(reverse("dashboard")).content, "html.parser")
    age = page.select_one(f"#cell-{bolt.pk}-sample-shop time.age")
    assert age["title"] == f"checked {CHECKED.astimezone(ZoneInfo('America/Toronto')):%d %b} 15:15 (America/Toronto)"
    assert age.text.endswith(f"{CHECKED.astimezone(ZoneInfo('America/Toronto')):%d %b} 15:15")  # not today: its day too


def test_a_paused_store_reads_the_same_in_every_zone_with_its_own_clock(bolt, make_store):
    store = make_store("sample-shop", name="Sample Shop")
    until = timezone.now() + timedelta(hours=1)
    answer = StoreAnswer("error", reason="paused", checked_at=timezone.now(), paused_until=until)
    for zone in ("America/Toronto", "Asia/Tokyo"):
        cell = cell_update(bolt, store, answer, [], ZoneInfo(zone))
        assert cell["state"] == "paused"
        expected = f"paused until {until.astimezone(ZoneInfo(zone)):%H:%M}"
        assert BeautifulSoup(cell["html"], "html.parser").select_one(".what").text == expected


def test_pages_show_times_in_the_users_zone(alice_client, alice):
    from availability.alerts.models import Notification

    Preferences.objects.create(user=alice, time_zone="Europe/Paris")
    Notification.objects.create(user=alice, kind="webhook_off", text="webhook off", created_at=CHECKED)
    page = alice_client.get(reverse("notifications")).content.decode()
    assert f"{CHECKED.astimezone(ZoneInfo('Europe/Paris')):%d %b} 21:15" in page


def test_every_page_links_a_favicon_and_favicon_ico_is_not_a_404(alice_client, client):
    page = BeautifulSoup(alice_client.get(reverse("notifications")).content, "html.parser")
    assert page.select_one('link[rel="icon"]')["href"].endswith(".svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.ico")
