"""A card's history page: the best price per store over time and when it was in stock, drawn as inline
SVG on the server, the checks behind it page by page, and only ever for the user's own card."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from availability.alerts.models import AlertRule
from availability.checks.latest import write_history
from availability.checks.history import Point, StoreHistory
from availability.checks.models import StoreCheck
from cards.wishlist.models import CardSpec, TrackedCard
from tests.alerts.conftest import error, offer, result


def past_check(store, card, hours_ago: float, answer) -> StoreCheck:
    check = write_history(store, card, answer, duration_ms=1)
    StoreCheck.objects.filter(pk=check.pk).update(checked_at=timezone.now() - timedelta(hours=hours_ago))
    return check


@pytest.fixture
def history(alice, bolt, shop, make_store, choose):
    """Alice's foil Bolt, checked over three days at two stores."""
    other = make_store("magic-stronghold", name="Magic Stronghold", currency="CAD")
    choose(alice, shop, other)
    tracked = TrackedCard.objects.create(user=alice, card=bolt)
    CardSpec.objects.create(tracked_card=tracked, finish="foil")
    past_check(shop, bolt, 72, result(offer("1.00"), offer("9.00", finish="foil")))
    past_check(shop, bolt, 48, result(offer("8.00", finish="foil")))
    past_check(shop, bolt, 36, result(offer("1.00")))  # only non-foil: out of stock for alice
    past_check(shop, bolt, 30, error("the store timed out"))
    past_check(shop, bolt, 24, result(offer("7.50", finish="foil")))
    past_check(other, bolt, 60, result(offer("12.00", finish="foil", condition="LP")))
    past_check(other, bolt, 12, result(offer("11.00", finish="foil")))
    return tracked


def page(client, tracked, **params):
    response = client.get(reverse("card_history", args=[tracked.pk]), params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_chart_draws_one_price_line_per_store_from_the_wanted_printings(alice_client, history):
    soup = page(alice_client, history)
    chart = soup.select_one("figure.price-chart svg")

    lines = {g["data-store"]: g for g in chart.select("g.store-line")}
    assert set(lines) == {"hairy-tarantula", "magic-stronghold"}
    prices = [dot.title.string.split(": ")[1].split(" at ")[0] for dot in lines["hairy-tarantula"].select("circle")]
    assert prices == ["CAD 9.00", "CAD 8.00", "CAD 7.50"]  # foil only; the non-foil 1.00 never shows
    # The out-of-stock check breaks the line into two pieces.
    assert lines["hairy-tarantula"].path["d"].count("M") == 2
    assert [d.title.string.split(": ")[1].split(" at ")[0] for d in lines["magic-stronghold"].select("circle")] == [
        "CAD 12.00", "CAD 11.00"]
    assert [li.text for li in soup.select(".chart-legend li")] == ["Hairy Tarantula", "Magic Stronghold"]


def test_the_chart_marks_when_the_card_was_in_stock_at_each_store(alice_client, history):
    chart = page(alice_client, history).select_one("figure.price-chart svg")

    bands = {g["data-store"]: g.select("rect.in-stock") for g in chart.select("g.stock-band")}
    assert len(bands["hairy-tarantula"]) == 2  # 72h–36h ago, and from 24h ago on; the error changes nothing
    assert len(bands["magic-stronghold"]) == 1
    first = bands["hairy-tarantula"][0]
    assert float(first["width"]) > float(bands["hairy-tarantula"][1]["width"])


def test_an_error_does_not_end_an_in_stock_period():
    start = timezone.now()
    history = StoreHistory(store=None, currency="CAD", points=[
        Point(start, Decimal(2)), Point(start + timedelta(hours=1), Decimal(2)),
        Point(start + timedelta(hours=3), None), Point(start + timedelta(hours=4), Decimal(2)),
    ])
    assert history.in_stock_periods() == [
        (start, start + timedelta(hours=3)), (start + timedelta(hours=4), start + timedelta(hours=4)),
    ]


def test_the_range_can_be_narrowed_to_recent_days(alice_client, history):
    chart = page(alice_client, history, days=7).select_one("figure.price-chart svg")
    assert chart is not None
    assert page(alice_client, history, days=7).select_one("nav.range strong").text == "7 days"


def test_a_card_never_checked_says_so(alice_client, alice, make_store, choose, bolt, shop):
    choose(alice, shop)
    tracked = TrackedCard.objects.create(user=alice, card=bolt)

    soup = page(alice_client, tracked)

    assert soup.select_one("figure.price-chart svg") is None
    assert "No checks of this card at your stores" in soup.select_one("#no-history").text


def test_the_checks_behind_the_chart_are_listed_newest_first_with_errors_explained(alice_client, history):
    rows = page(alice_client, history).select("#checks tbody tr")

    assert len(rows) == 7
    assert [row["class"][1] for row in rows] == [f"status-{s}" for s in ["ok", "ok", "error", "ok", "ok", "ok", "ok"]]
    assert "Magic Stronghold" in rows[0].text and "CAD 11.00" in rows[0].text
    assert "store error: the store timed out" in rows[2].text
    assert "not in stock" in rows[3].text  # the store had only non-foil copies


def test_the_checks_are_paginated(alice_client, alice, bolt, shop, choose):
    choose(alice, shop)
    tracked = TrackedCard.objects.create(user=alice, card=bolt)
    for hour in range(30):
        past_check(shop, bolt, hour + 1, result(offer(f"{10 + hour}.00")))

    first, second = page(alice_client, tracked), page(alice_client, tracked, page=2)

    assert len(first.select("#checks tbody tr")) == 25
    assert len(second.select("#checks tbody tr")) == 5
    assert "CAD 39.00" in second.select("#checks tbody tr")[-1].text  # the oldest check
    assert "page 2 of 2" in second.select_one("nav.pages").text


def test_the_dashboard_links_each_card_to_its_history(alice_client, history):
    soup = BeautifulSoup(alice_client.get(reverse("dashboard")).content, "html.parser")
    link = soup.select_one('tr[data-card="Lightning Bolt"] a.history')
    assert link["href"] == reverse("card_history", args=[history.pk])


def test_pushed_rows_link_each_card_to_its_history_by_id(alice, history):
    from availability.live.protocol import cards_data

    message = cards_data(alice)
    assert message["tracked_cards"][0]["id"] == history.pk
    link = BeautifulSoup(message["html"], "html.parser").select_one('tr[data-card="Lightning Bolt"] a.history')
    assert link["href"] == reverse("card_history", args=[history.pk])


# --- ownership ---------------------------------------------------------------------------------------


@pytest.fixture
def bobs_bolt(bob, bolt, shop, choose):
    choose(bob, shop)
    tracked = TrackedCard.objects.create(user=bob, card=bolt, amount=3)
    past_check(shop, bolt, 2, result(offer("9.00")))
    return tracked


def test_another_users_history_is_not_found(alice_client, bobs_bolt):
    assert alice_client.get(reverse("card_history", args=[bobs_bolt.pk])).status_code == 404


def test_another_users_alert_rule_is_not_found_and_cannot_be_changed(alice_client, bobs_bolt):
    url = reverse("card_alert_rule", args=[bobs_bolt.pk])

    assert alice_client.get(url).status_code == 404
    assert alice_client.post(url, {"enabled": "", "max_price": "1.00"}).status_code == 404
    assert not AlertRule.objects.exists()


def test_history_needs_signing_in(client, bobs_bolt):
    response = client.get(reverse("card_history", args=[bobs_bolt.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_times_are_shown_in_the_users_time_zone(alice_client, alice, bolt, shop, choose):
    from availability.preferences.models import Preferences

    Preferences.objects.create(user=alice, time_zone="America/Toronto")
    choose(alice, shop)
    tracked = TrackedCard.objects.create(user=alice, card=bolt)
    check = past_check(shop, bolt, 1, result(offer("2.00")))
    StoreCheck.objects.filter(pk=check.pk).update(checked_at=datetime(2026, 7, 1, 16, 5, tzinfo=UTC))

    soup = page(alice_client, tracked, days=365)

    assert soup.select_one("#checks thead th").text == "When (America/Toronto)"
    # EDT, UTC−4; the year is written once the day is more than half a year away.
    assert re.fullmatch(r"01 Jul (2026 )?12:05", soup.select_one("#checks tbody td").text)


def test_a_long_history_is_thinned_to_the_best_price_in_each_stretch():
    from zoneinfo import ZoneInfo

    from availability.checks.history import MAX_POINTS, price_chart
    from stores.models import Store

    until = timezone.now()
    since = until - timedelta(days=365)
    points = [Point(since + timedelta(minutes=30 * i), Decimal("5.00") + (i % 7)) for i in range(365 * 48)]
    points[9000] = Point(points[9000].at, Decimal("1.25"))  # the one cheap moment must survive
    store = Store(name="Hairy Tarantula", slug="hairy-tarantula")

    chart = price_chart([StoreHistory(store, "CAD", points)], since, until, ZoneInfo("UTC"))

    [line] = chart.lines
    assert MAX_POINTS - 2 <= len(line.dots) <= MAX_POINTS + 1
    lowest_on_the_chart = max(line.dots, key=lambda dot: dot.y)  # SVG's y grows downwards
    assert "CAD 1.25 at" in lowest_on_the_chart.label


def test_prices_in_two_currencies_get_a_chart_each_never_one_axis(alice_client, alice, bolt, shop, make_store, choose):
    santiago = make_store("la-cripta", name="La Cripta", currency="CLP")
    choose(alice, shop, santiago)
    tracked = TrackedCard.objects.create(user=alice, card=bolt)
    past_check(shop, bolt, 48, result(offer("0.75", currency="USD")))
    past_check(shop, bolt, 24, result(offer("0.80", currency="USD")))
    past_check(santiago, bolt, 40, result(offer("750", currency="CLP")))
    past_check(santiago, bolt, 20, result(offer("800", currency="CLP")))

    charts = {fig["data-currency"]: fig for fig in page(alice_client, tracked).select("figure.price-chart")}

    assert set(charts) == {"CLP", "USD"}
    assert [g["data-store"] for g in charts["USD"].select("g.store-line")] == ["hairy-tarantula"]
    assert [g["data-store"] for g in charts["CLP"].select("g.store-line")] == ["la-cripta"]
    usd_ticks = [t.text for t in charts["USD"].select("text.axis") if t.text.startswith("USD")]
    clp_ticks = [t.text for t in charts["CLP"].select("text.axis") if t.text.startswith("CLP")]
    assert len(usd_ticks) == 5 and len(clp_ticks) == 5
    usd = [Decimal(tick.split()[1]) for tick in usd_ticks]
    clp = [Decimal(tick.split()[1]) for tick in clp_ticks]
    assert usd[0] < Decimal("0.75") and Decimal("0.80") <= usd[-1] < 1  # its own scale, not 0 to 800
    assert clp[0] < 750 and 800 <= clp[-1] < 900
    # The USD line spans its own axis: its two prices are far apart vertically, not both at 0.
    ys = [float(c["cy"]) for c in charts["USD"].select("g.store-line circle")]
    assert abs(ys[0] - ys[1]) > 50
