"""The alert settings page (defaults, digest, time zone, quiet hours, channels) and a card's rule page."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

from bs4 import BeautifulSoup
from django.urls import reverse

from availability.alerts.models import AlertRule, AlertSettings
from availability.preferences.zones import zone_of
from cards.wishlist.models import TrackedCard
from tests.alerts.conftest import settings_form


def test_the_settings_are_off_until_switched_on(alice_client, alice):
    soup = BeautifulSoup(alice_client.get(reverse("alert_settings")).content, "html.parser")

    assert soup.select_one("input[name=enabled]").get("checked") is None
    assert soup.select_one("input[name=email_enabled]").get("checked") is None
    assert not AlertSettings.for_user(alice).enabled


def test_saving_every_setting(alice_client, alice):
    response = alice_client.post(reverse("alert_settings"), settings_form(
        max_price="25.50", max_price_currency="CAD", min_condition="LP", language="English", finish="foil", needs_full_amount="on",
        frequency="daily", digest_hour="7", time_zone="America/Toronto", quiet_start="22:30", quiet_end="06:45",
        email_enabled="on",
    ))

    assert response.status_code == 302
    saved = AlertSettings.for_user(alice)
    assert saved.enabled and saved.enabled_at is not None
    assert (saved.max_price, saved.min_condition, saved.language, saved.finish, saved.needs_full_amount) == (
        Decimal("25.50"), "LP", "English", "foil", True)
    assert saved.max_price_currency == "CAD"
    assert (saved.frequency, saved.digest_hour, str(zone_of(alice))) == ("daily", 7, "America/Toronto")
    assert (saved.quiet_start, saved.quiet_end, saved.email_enabled) == (time(22, 30), time(6, 45), True)


def test_an_unknown_time_zone_is_refused(alice_client, alice):
    response = alice_client.post(reverse("alert_settings"), settings_form(time_zone="Mars/Olympus_Mons"))

    assert "is not a time zone we know" in response.context["form"].errors["time_zone"][0]
    assert str(zone_of(alice)) == "UTC"


def test_quiet_hours_need_both_ends(alice_client):
    response = alice_client.post(reverse("alert_settings"), settings_form(quiet_start="22:00"))
    assert response.context["form"].errors["quiet_end"] == ["Give both ends of the quiet hours, or neither."]


def test_saving_again_does_not_move_the_moment_alerts_were_switched_on(alice_client, alice):
    alice_client.post(reverse("alert_settings"), settings_form())
    first = AlertSettings.for_user(alice).enabled_at
    alice_client.post(reverse("alert_settings"), settings_form(language="English"))
    assert AlertSettings.for_user(alice).enabled_at == first


# --- a card's rule -----------------------------------------------------------------------------------


def test_a_cards_rule_is_saved_with_blanks_meaning_the_defaults(alice_client, alice, bolt):
    tracked = TrackedCard.objects.create(user=alice, card=bolt)
    url = reverse("card_alert_rule", args=[tracked.pk])
    assert "Alerts are off for your account" in alice_client.get(url).content.decode()

    response = alice_client.post(url, {"enabled": "on", "max_price": "3.00", "max_price_currency": "USD", "min_condition": "",
                                       "language": "", "finish": "etched", "needs_full_amount": "no"})

    assert response.status_code == 302 and response["Location"] == reverse("card_history", args=[tracked.pk])
    rule = AlertRule.objects.get(tracked_card=tracked)
    assert (rule.enabled, rule.max_price, rule.max_price_currency, rule.min_condition, rule.finish,
            rule.needs_full_amount) == (True, Decimal("3.00"), "USD", "", "etched", False)

    alice_client.post(url, {"enabled": "on", "max_price": "", "max_price_currency": "USD", "needs_full_amount": ""})
    rule.refresh_from_db()
    assert rule.max_price is None and rule.max_price_currency == "" and rule.needs_full_amount is None


def test_a_maximum_price_without_its_currency_is_refused(alice_client, alice, bolt):
    response = alice_client.post(reverse("alert_settings"), settings_form(max_price="5.00"))
    assert response.context["form"].errors["max_price_currency"] == ["Say which currency the maximum price is in."]
    assert AlertSettings.for_user(alice).max_price is None

    tracked = TrackedCard.objects.create(user=alice, card=bolt)
    response = alice_client.post(reverse("card_alert_rule", args=[tracked.pk]), {"enabled": "on", "max_price": "5.00"})
    assert response.context["form"].errors["max_price_currency"] == ["Say which currency the maximum price is in."]
    assert not AlertRule.objects.filter(tracked_card=tracked).exists()


def test_stores_in_a_currency_the_ceiling_cannot_be_compared_with_are_listed(
    alice_client, alice, bolt, make_store, choose
):
    choose(alice, make_store("la-cripta", name="La Cripta", currency="CLP"),
           make_store("hairy-tarantula", name="Hairy Tarantula", currency="USD"))
    alice_client.post(reverse("alert_settings"), settings_form(max_price="5.00", max_price_currency="USD"))

    notice = BeautifulSoup(alice_client.get(reverse("alert_settings")).content, "html.parser").select_one("#not-compared")

    assert "Not compared with your maximum price of USD 5.00" in notice.text
    assert [s.text for s in notice.select("strong")] == ["La Cripta"]
    tracked = TrackedCard.objects.create(user=alice, card=bolt)
    rule_page = alice_client.get(reverse("card_alert_rule", args=[tracked.pk])).content.decode()
    assert "<strong>La Cripta</strong> (CLP)" in rule_page and "<strong>Hairy Tarantula</strong>" not in rule_page


def test_a_cards_rule_page_is_linked_from_its_history(alice_client, alice, bolt):
    tracked = TrackedCard.objects.create(user=alice, card=bolt)
    soup = BeautifulSoup(alice_client.get(reverse("card_history", args=[tracked.pk])).content, "html.parser")
    assert soup.find("a", string="Alert rule")["href"] == reverse("card_alert_rule", args=[tracked.pk])
