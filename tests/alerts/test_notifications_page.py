"""The in-app notifications: a list page, and a badge in the navigation with the unread count."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.urls import reverse

from availability.alerts.models import Notification
from tests.alerts.conftest import offer, result, scrape


def badge(client) -> str | None:
    """The badge's number, or None when it is hidden."""
    soup = BeautifulSoup(client.get(reverse("dashboard")).content, "html.parser")
    element = soup.select_one("#notifications-badge")
    return None if element.has_attr("hidden") else element.text


def test_the_badge_counts_unread_notifications_and_the_list_marks_them_read(
    monkeypatch, alice_client, shop, bolt, watched_bolt
):
    assert badge(alice_client) is None
    scrape(monkeypatch, shop, bolt, result(offer("5.00")))
    scrape(monkeypatch, shop, bolt, result(offer("4.00")))
    assert badge(alice_client) == "2"

    soup = BeautifulSoup(alice_client.get(reverse("notifications")).content, "html.parser")

    items = soup.select("#notifications li")
    assert [li.select_one(".text").text for li in items] == [
        "Lightning Bolt dropped to CAD 4.00 at Hairy Tarantula: NM (was CAD 5.00)",
        "Lightning Bolt is in stock at Hairy Tarantula: NM, CAD 5.00",
    ]
    assert all("unread" in li["class"] for li in items)  # highlighted the first time they are seen
    assert items[0].find("a", string="Buy at store")["href"] == "https://shop.example.com/bolt-M10-nonfoil-NM"
    assert items[0].find("a", string="History")["href"] == reverse("card_history", args=[watched_bolt.pk])
    assert badge(alice_client) is None
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_list_shows_only_my_notifications(alice_client, bob):
    Notification.objects.create(user=bob, kind="in_stock", text="Bob's Sol Ring is in stock")

    response = alice_client.get(reverse("notifications"))

    assert "Sol Ring" not in response.content.decode()
    assert Notification.objects.get(user=bob).read_at is None
