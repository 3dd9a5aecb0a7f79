"""Alert emails: what they say, and the signed unsubscribe link that works without signing in."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from availability.alerts.deliveries import send_due_deliveries
from availability.alerts.models import AlertSettings, Delivery
from tests.alerts.conftest import offer, result, run_queued_tasks, scrape


@pytest.fixture
def alert_email(monkeypatch, shop, bolt, want_foil_m10, email_on, mailoutbox, settings):
    settings.SITE_URL = "https://lgs.example.com"
    scrape(monkeypatch, shop, bolt, result(offer("4.00"), offer("42.00", finish="foil", quantity=3)))
    run_queued_tasks()
    [message] = mailoutbox
    return message


def unsubscribe_path(message) -> str:
    return re.search(r"https://lgs\.example\.com(/alerts/unsubscribe/[^/\s]+/)", message.body).group(1)


def test_the_email_names_the_card_store_price_condition_and_links(alert_email, want_foil_m10):
    assert alert_email.to == ["alice@example.com"]
    assert alert_email.subject == "Lightning Bolt (foil) is in stock at Hairy Tarantula: NM, CAD 42.00"
    body = alert_email.body
    assert "Card:      Lightning Bolt" in body
    assert "Store:     Hairy Tarantula" in body
    assert "Price:     CAD 42.00" in body
    assert "Condition: NM" in body
    assert "Finish:    foil" in body
    assert "Quantity:  3" in body
    assert "Buy:       https://shop.example.com/bolt-M10-foil-NM" in body
    assert f"History:   https://lgs.example.com/cards/{want_foil_m10.pk}/history/" in body
    assert "4.00" not in body  # the non-foil copy is not what alice wants


def test_a_price_in_pesos_is_written_in_whole_pesos(monkeypatch, shop, bolt, want_foil_m10, email_on, mailoutbox):
    scrape(monkeypatch, shop, bolt, result(offer("42000.00", finish="foil", currency="CLP")))
    run_queued_tasks()
    [message] = mailoutbox
    assert message.subject.endswith("NM, CLP 42000")
    assert "Price:     CLP 42000\n" in message.body

def test_the_email_carries_a_one_click_unsubscribe_header(alert_email):
    assert alert_email.extra_headers["List-Unsubscribe"] == f"<https://lgs.example.com{unsubscribe_path(alert_email)}>"
    assert alert_email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_unsubscribe_link_asks_then_switches_emails_off_without_signing_in(alert_email, alice):
    browser = Client(enforce_csrf_checks=True)  # signed out, with CSRF checks like a real browser
    page = browser.get(unsubscribe_path(alert_email))
    assert page.status_code == 200 and b"alice@example.com" in page.content
    assert AlertSettings.objects.get(user=alice).email_enabled  # a link scanner's GET changes nothing

    done = browser.post(unsubscribe_path(alert_email))  # what a mail app's one-click button sends

    assert done.status_code == 200 and b"Unsubscribed" in done.content
    assert not AlertSettings.objects.get(user=alice).email_enabled


def test_a_tampered_unsubscribe_link_does_nothing(alert_email, alice):
    path = unsubscribe_path(alert_email)
    forged = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]

    response = Client().post(forged)

    assert response.status_code == 404
    assert AlertSettings.objects.get(user=alice).email_enabled


def test_a_link_sent_to_an_old_address_no_longer_works(alert_email, alice):
    alice.email = "alice@new.example.com"
    alice.save()

    assert Client().post(unsubscribe_path(alert_email)).status_code == 404
    assert AlertSettings.objects.get(user=alice).email_enabled


def test_emails_waiting_to_be_sent_are_dropped_after_unsubscribing(
    monkeypatch, shop, bolt, watched_bolt, email_on, mailoutbox, alice
):
    scrape(monkeypatch, shop, bolt, result(offer("4.00")))  # queued, not yet sent
    AlertSettings.objects.filter(user=alice).update(email_enabled=False)

    assert send_due_deliveries() == 0
    assert mailoutbox == []
    assert list(Delivery.objects.values_list("status", flat=True)) == ["cancelled"]


def test_no_email_goes_to_a_user_without_an_address(monkeypatch, shop, bolt, watched_bolt, email_on, mailoutbox, alice):
    alice.email = ""
    alice.save()
    scrape(monkeypatch, shop, bolt, result(offer("4.00")))
    run_queued_tasks()

    assert mailoutbox == []
    assert not Delivery.objects.exists()
