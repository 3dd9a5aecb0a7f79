"""Storage grows with change: an unchanged answer moves a "last seen" time, a change writes history,
and old history is folded into daily prices the history chart still draws."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

import scrapers
from availability.checks import history, pipeline
from availability.checks.latest import write_history
from availability.checks.models import DailyPrice, LatestAnswer, Offer, StoreCheck
from availability.checks.retention import fold_history
from cards.catalog.models import Card
from cards.wishlist.models import CardSpec, TrackedCard
from tests.alerts.conftest import offer, result


@pytest.fixture
def shopify(sample_shops):
    return sample_shops["shopify"]


def answer_with(monkeypatch, answer: scrapers.SearchResult) -> None:
    """The store answers `answer` to the next checks (a store whose stock changed)."""
    monkeypatch.setattr(pipeline.scrapers, "search", lambda *args, **kwargs: answer)


def test_an_unchanged_check_writes_no_history_rows(shopify):
    bolt = Card.objects.get(name="Lightning Bolt")  # from the sample catalog
    first = pipeline.scrape_and_record(shopify, bolt)
    assert first.status == "ok" and first.offers
    rows = (StoreCheck.objects.count(), Offer.objects.count())
    first_seen = LatestAnswer.objects.get(store=shopify, card=bolt).checked_at

    second = pipeline.scrape_and_record(shopify, bolt)  # the sample store answers the same again

    assert (StoreCheck.objects.count(), Offer.objects.count()) == rows == (1, len(first.offers))
    latest = LatestAnswer.objects.get(store=shopify, card=bolt)
    assert latest.checked_at > first_seen and second.checked_at == latest.checked_at
    assert latest.changed_at == first.checked_at  # "last changed" stays put


def test_a_changed_price_writes_a_check_and_its_offers(monkeypatch, make_store, bolt):
    store = make_store()
    answer_with(monkeypatch, result(offer("10.00"), offer("4.00", finish="foil")))
    pipeline.scrape_and_record(store, bolt)
    answer_with(monkeypatch, result(offer("9.00"), offer("4.00", finish="foil")))

    answer = pipeline.scrape_and_record(store, bolt)

    assert StoreCheck.objects.count() == 2 and Offer.objects.count() == 4
    newest = StoreCheck.objects.order_by("-checked_at").first()
    assert sorted(newest.offers.values_list("price", flat=True)) == [Decimal("4.00"), Decimal("9.00")]
    assert LatestAnswer.objects.get(store=store, card=bolt).last_check == newest
    assert {o["price"] for o in answer.offers} == {"9.00", "4.00"}


def test_a_store_error_is_recorded_once_and_keeps_the_last_good_offers(monkeypatch, make_store, bolt):
    store = make_store()
    answer_with(monkeypatch, result(offer("10.00")))
    pipeline.scrape_and_record(store, bolt)
    answer_with(monkeypatch, scrapers.SearchResult.error("the store timed out"))
    pipeline.scrape_and_record(store, bolt)
    pipeline.scrape_and_record(store, bolt)

    assert list(StoreCheck.objects.order_by("checked_at").values_list("status", flat=True)) == ["ok", "error"]
    latest = LatestAnswer.objects.get(store=store, card=bolt)
    assert latest.status == "error" and [o["price"] for o in latest.offers] == ["10.00"]


def at_days_ago(store, card, days: float, answer: scrapers.SearchResult) -> StoreCheck:
    """A check `days` before today's noon (UTC), the day history is folded by: counted from now,
    60.2 and 60.1 days ago fall on two dates when the test runs between 02:24 and 04:48."""
    check = write_history(store, card, answer, duration_ms=1)
    noon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    StoreCheck.objects.filter(pk=check.pk).update(checked_at=noon - timedelta(days=days))
    return check


def test_retention_folds_old_history_into_daily_prices_the_chart_still_draws(
    settings, alice, alice_client, make_store, choose, bolt
):
    settings.HISTORY_RETENTION_DAYS = 30
    store = make_store(currency="CAD")
    choose(alice, store)
    tracked = TrackedCard.objects.create(user=alice, card=bolt)
    CardSpec.objects.create(tracked_card=tracked, finish="foil")
    at_days_ago(store, bolt, 60.2, result(offer("9.00", finish="foil"), offer("1.00")))
    at_days_ago(store, bolt, 60.1, result(offer("7.00", finish="foil")))  # the same day, cheaper
    at_days_ago(store, bolt, 50, result(offer("1.00")))  # only non-foil: not what alice wants
    at_days_ago(store, bolt, 45, scrapers.SearchResult.error("the store timed out"))
    recent = at_days_ago(store, bolt, 2, result(offer("6.50", finish="foil")))

    assert fold_history() == 4

    assert list(StoreCheck.objects.all()) == [recent]
    foil_days = DailyPrice.objects.filter(finish="foil")
    assert [(p.min_price, p.max_price, p.last_price) for p in foil_days] == [(Decimal("7.00"), Decimal("9.00"), Decimal("7.00"))]
    assert DailyPrice.objects.filter(finish="nonfoil", in_stock=True).count() == 2  # 60 and 50 days ago

    since = timezone.now() - timedelta(days=90)
    [line] = history.store_histories(tracked, [store], since)
    assert [p.price for p in line.points] == [Decimal("7.00"), None, Decimal("6.50")]
    page = alice_client.get(reverse("card_history", args=[tracked.pk]) + "?days=90").content.decode()
    assert "CAD 7.00 at" in page and "CAD 6.50 at" in page


def test_folding_keeps_the_check_behind_the_latest_answer(settings, monkeypatch, make_store, bolt):
    settings.HISTORY_RETENTION_DAYS = 30
    store = make_store()
    answer_with(monkeypatch, result(offer("3.00")))
    pipeline.scrape_and_record(store, bolt)
    StoreCheck.objects.update(checked_at=timezone.now() - timedelta(days=100))  # unchanged ever since

    assert fold_history() == 0
    assert StoreCheck.objects.count() == 1 and Offer.objects.count() == 1


def test_an_unchanged_stretch_is_drawn_up_to_the_last_confirmation(monkeypatch, alice, make_store, choose, bolt):
    store = make_store(currency="CAD")
    choose(alice, store)
    tracked = TrackedCard.objects.create(user=alice, card=bolt)
    answer_with(monkeypatch, result(offer("3.00")))
    pipeline.scrape_and_record(store, bolt)
    StoreCheck.objects.update(checked_at=timezone.now() - timedelta(days=40))  # before the chart's range
    pipeline.scrape_and_record(store, bolt)  # the same answer: no row, only "last seen" moves

    since = timezone.now() - timedelta(days=30)
    [line] = history.store_histories(tracked, [store], since)
    assert [p.price for p in line.points] == [Decimal("3.00"), Decimal("3.00")]
    assert line.points[0].at == since
    assert line.in_stock_periods() == [(since, LatestAnswer.objects.get().checked_at)]
