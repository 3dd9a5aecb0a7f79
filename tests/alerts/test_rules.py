"""Alert rules: maximum price, minimum condition, language, finish and "the quantity covers what I want",
from the user's defaults or the card's own rule, on top of the card's specs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from availability.alerts.models import AlertRule, Notification
from cards.wishlist.models import CardSpec, TrackedCard
from tests.alerts.conftest import offer, result, scrape


def alerted_price(monkeypatch, shop, bolt, *offers) -> Decimal | None:
    scrape(monkeypatch, shop, bolt, result(*offers))
    notification = Notification.objects.order_by("-pk").first()
    return notification.price if notification else None


@pytest.mark.parametrize(
    "defaults, offers, expected",
    [
        ({"max_price": Decimal("5.00")}, [offer("6.00")], None),
        ({"max_price": Decimal("5.00")}, [offer("6.00"), offer("5.00", condition="LP")], Decimal("5.00")),
        ({"min_condition": "LP"}, [offer("1.00", condition="MP"), offer("1.50", condition="HP")], None),
        ({"min_condition": "LP"}, [offer("1.00", condition="MP"), offer("1.50", condition="LP")], Decimal("1.50")),
        ({"min_condition": "LP"}, [offer("2.00", condition="NM")], Decimal("2.00")),
        ({"language": "Japanese"}, [offer("1.00", language="English"), offer("1.20", language=None)], None),
        ({"language": "japanese"}, [offer("1.00"), offer("4.00", language="Japanese")], Decimal("4.00")),
        ({"language": "English"}, [offer("1.00", language=None)], Decimal("1.00")),  # unstated is English
        ({"finish": "foil"}, [offer("1.00", finish="nonfoil")], None),
        ({"finish": "foil"}, [offer("1.00"), offer("7.00", finish="foil")], Decimal("7.00")),
    ],
    ids=["over the ceiling", "at the ceiling", "worse condition", "condition met", "better condition",
         "other language", "language matches", "unstated language is English", "other finish", "finish matches"],
)
def test_the_users_default_rule_filters_the_offers(
    monkeypatch, shop, bolt, watched_bolt, alert_settings, defaults, offers, expected
):
    for name, value in defaults.items():
        setattr(alert_settings, name, value)
    alert_settings.save()

    assert alerted_price(monkeypatch, shop, bolt, *offers) == expected


@pytest.mark.parametrize(
    "amount, quantities, alerts",
    [
        (4, [2, 1], False),
        (4, [2, 2], True),  # two listings together cover it
        (4, [None], False),  # "available" is one copy for sure, not four
        (1, [None], True),
    ],
)
def test_only_when_the_quantity_covers_the_amount_wanted(
    monkeypatch, shop, bolt, watched_bolt, alert_settings, amount, quantities, alerts
):
    alert_settings.needs_full_amount = True
    alert_settings.save()
    TrackedCard.objects.filter(pk=watched_bolt.pk).update(amount=amount)
    offers = [offer(f"{1 + i}.00", quantity=q, condition=["NM", "LP"][i % 2]) for i, q in enumerate(quantities)]

    assert (alerted_price(monkeypatch, shop, bolt, *offers) is not None) is alerts


def test_without_the_quantity_rule_one_copy_is_enough(monkeypatch, shop, bolt, watched_bolt):
    TrackedCard.objects.filter(pk=watched_bolt.pk).update(amount=4)
    assert alerted_price(monkeypatch, shop, bolt, offer("1.00", quantity=1)) == Decimal("1.00")


def test_a_cards_own_rule_wins_over_the_defaults(monkeypatch, shop, bolt, watched_bolt, alert_settings):
    alert_settings.max_price, alert_settings.min_condition = Decimal("5.00"), "NM"
    alert_settings.save()
    AlertRule.objects.create(tracked_card=watched_bolt, max_price=Decimal("10.00"))

    # The card's ceiling (10) applies; the default minimum condition (NM) still does too.
    assert alerted_price(monkeypatch, shop, bolt, offer("6.00", condition="LP"), offer("8.00")) == Decimal("8.00")


def test_a_cards_rule_can_say_no_to_the_quantity_rule(monkeypatch, shop, bolt, watched_bolt, alert_settings):
    alert_settings.needs_full_amount = True
    alert_settings.save()
    TrackedCard.objects.filter(pk=watched_bolt.pk).update(amount=4)
    AlertRule.objects.create(tracked_card=watched_bolt, needs_full_amount=False)

    assert alerted_price(monkeypatch, shop, bolt, offer("1.00", quantity=1)) == Decimal("1.00")


def test_the_rule_applies_on_top_of_the_specs(monkeypatch, shop, bolt, watched_bolt):
    CardSpec.objects.create(tracked_card=watched_bolt, set_code="m11")
    AlertRule.objects.create(tracked_card=watched_bolt, finish="foil")

    price = alerted_price(
        monkeypatch, shop, bolt,
        offer("1.00", set_code="M10", finish="foil"),  # wrong set
        offer("2.00", set_code="M11", number="149"),  # wrong finish
        offer("3.00", set_code="M11", number="149", finish="foil"),
    )
    assert price == Decimal("3.00")


def test_a_price_falling_under_the_ceiling_is_a_price_drop(monkeypatch, shop, bolt, watched_bolt, alert_settings):
    alert_settings.max_price = Decimal("9.00")
    alert_settings.save()

    scrape(monkeypatch, shop, bolt, result(offer("10.00")))
    assert Notification.objects.count() == 0  # in stock, but over the ceiling
    scrape(monkeypatch, shop, bolt, result(offer("8.50")))

    [drop] = Notification.objects.all()
    assert drop.kind == "price_drop" and drop.previous_price == Decimal("10.00")
    assert drop.text == "Lightning Bolt dropped to CAD 8.50 at Hairy Tarantula: NM (was CAD 10.00)"
    scrape(monkeypatch, shop, bolt, result(offer("9.50")))  # back over the ceiling: nothing to say
    assert Notification.objects.count() == 1


@pytest.mark.parametrize(
    "ceiling_currency, offers, expected",
    [
        ("CAD", [offer("4.00", currency="CAD")], Decimal("4.00")),
        ("CAD", [offer("6.00", currency="CAD")], None),
        # 750 pesos are not "under 5": no CLP → CAD rate is known, so the offer is not compared.
        ("CAD", [offer("750", currency="CLP")], None),
        ("CAD", [offer("3", currency="CLP"), offer("4.50", currency="CAD")], Decimal("4.50")),
        ("CLP", [offer("900", currency="CLP")], None),
        ("CLP", [offer("4", currency="CLP")], Decimal("4")),
    ],
    ids=["same currency under", "same currency over", "other currency, no rate", "only the comparable one",
         "ceiling in CLP, over", "ceiling in CLP, under"],
)
def test_a_ceiling_compares_only_prices_it_has_a_rate_for(
    monkeypatch, shop, bolt, watched_bolt, alert_settings, ceiling_currency, offers, expected
):
    alert_settings.max_price, alert_settings.max_price_currency = Decimal("5.00"), ceiling_currency
    alert_settings.save()

    assert alerted_price(monkeypatch, shop, bolt, *offers) == expected


def test_a_cards_ceiling_brings_its_own_currency(monkeypatch, shop, bolt, watched_bolt, alert_settings):
    alert_settings.max_price, alert_settings.max_price_currency = Decimal("1.00"), "CAD"
    alert_settings.save()
    AlertRule.objects.create(tracked_card=watched_bolt, max_price=Decimal("800"), max_price_currency="CLP")

    assert alerted_price(monkeypatch, shop, bolt, offer("2.00", currency="CAD"), offer("750", currency="CLP")) == 750
