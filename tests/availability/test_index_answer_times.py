"""An answer from a synced inventory index is as old as the listing it was read from.

The index is written at chosen times (tests/support/inventory_index.py), so "now" and "when the
listing was read" differ by minutes and every place a user reads the time can be told apart from
the check's own moment: the cell, the latest answer, the history row, the offers dialog, the buy
plan. An answer older than what is already known never turns the clock back.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

import scrapers
from availability.buyplan.running import run_plan
from availability.buyplan.userplan import PlanOptions
from availability.checks import pipeline
from availability.checks.models import LatestAnswer, StoreCheck
from availability.checks.pipeline import check_store_card
from availability.checks.rechecks import stale_card_ids
from availability.checks.results import cached_answer
from cards.wishlist.models import TrackedCard
from tests.support.inventory_index import bolt_listing, install_index

# A worker's check pushes its answer to Alice through the channel layer, which has a database of its own.
pytestmark = pytest.mark.django_db(databases="__all__")


def minutes_ago(n: float) -> datetime:
    return timezone.now() - timedelta(minutes=n)


@pytest.fixture
def synced_shop(make_store, choose, alice):
    """A store in sync mode that Alice shops at; its checks never reach its (made-up) address
    while its index is fresh, and its freshness period is the default 30 minutes."""
    store = make_store("bolt-shop", name="Bolt Shop", platform="shopify", homepage="https://bolt-shop.example",
                       currency="CAD", inventory_mode="sync")
    assert store.cache_ttl == timedelta(minutes=30)
    choose(alice, store)
    return store


@pytest.fixture
def tracked_bolt(alice, bolt):
    return TrackedCard.objects.create(user=alice, card=bolt, amount=1)


def cell(alice_client, card, store) -> lxml.html.HtmlElement:
    page = lxml.html.fromstring(alice_client.get(reverse("dashboard")).content)
    [found] = page.xpath(f'//td[@id="cell-{card.pk}-{store.slug}"]')
    return found


def cell_time(element) -> datetime:
    [age] = element.xpath('.//time[@class="age"]')
    return datetime.fromisoformat(age.get("datetime"))


def searching(monkeypatch, answer: scrapers.SearchResult) -> None:
    """The store's search answers `answer` (used while it has no fresh index)."""
    monkeypatch.setattr(pipeline.scrapers, "search", lambda *args, **kwargs: answer)


def test_a_cell_answered_from_the_index_shows_when_the_listing_page_was_read(
    alice_client, synced_shop, bolt, tracked_bolt
):
    page_read = minutes_ago(25)
    install_index(synced_shop, started_at=minutes_ago(26), finished_at=minutes_ago(20),
                  listings=[(bolt_listing("1.50"), page_read)])

    assert check_store_card(synced_shop.pk, bolt.pk) == "ok"

    latest = LatestAnswer.objects.get(store=synced_shop, card=bolt)
    assert latest.checked_at == page_read and latest.last_good_at == page_read
    assert StoreCheck.objects.get(store=synced_shop, card=bolt).checked_at == page_read
    shown = cell(alice_client, bolt, synced_shop)
    assert shown.get("data-state") == "in_stock" and "CAD 1.50" in shown.text_content()
    assert cell_time(shown) == page_read
    [age] = shown.xpath('.//time[@class="age"]')
    assert age.get("title") == f"checked {page_read:%d %b %H:%M} (UTC)"


def test_not_in_stock_from_the_index_is_as_old_as_the_start_of_the_syncs_reading(
    alice_client, synced_shop, bolt, tracked_bolt
):
    started = minutes_ago(26)
    install_index(synced_shop, started_at=started, finished_at=minutes_ago(20),
                  listings=[(bolt_listing(name="Sol Ring", set_name="Commander"), minutes_ago(21))])

    assert check_store_card(synced_shop.pk, bolt.pk) == "not_found"

    assert LatestAnswer.objects.get(store=synced_shop, card=bolt).checked_at == started
    shown = cell(alice_client, bolt, synced_shop)
    assert shown.get("data-state") == "out_of_stock" and cell_time(shown) == started


def test_an_index_answer_older_than_the_stores_period_is_stale_though_its_index_is_fresh(
    alice_client, synced_shop, bolt, tracked_bolt
):
    """A big store's listing takes long to read: its first pages are older than the period when
    the sync ends. Such an answer is shown as what it is, and the pair is due for a recheck."""
    page_read = minutes_ago(45)
    install_index(synced_shop, started_at=minutes_ago(50), finished_at=minutes_ago(10),
                  listings=[(bolt_listing("1.50"), page_read)])

    check_store_card(synced_shop.pk, bolt.pk)

    assert not cached_answer(synced_shop.pk, bolt.pk).is_fresh(synced_shop.cache_ttl)
    shown = cell(alice_client, bolt, synced_shop)
    assert shown.get("data-state") == "stale" and cell_time(shown) == page_read
    assert "rechecking · was" in shown.text_content()
    assert stale_card_ids(synced_shop, budget=10)[0] == [bolt.pk]


def test_the_offers_dialog_says_when_the_listing_was_read(alice_client, synced_shop, bolt, tracked_bolt):
    page_read = minutes_ago(25)
    install_index(synced_shop, started_at=minutes_ago(26), finished_at=minutes_ago(20),
                  listings=[(bolt_listing("1.50"), page_read), (bolt_listing("2.50", set_code="M11"), page_read)])
    check_store_card(synced_shop.pk, bolt.pk)

    response = alice_client.get(reverse("card_offers", args=[tracked_bolt.pk, synced_shop.slug]))

    dialog = lxml.html.fromstring(response.content)
    assert len(dialog.xpath("//tbody/tr")) == 2
    [when] = dialog.xpath("//p/time")
    assert datetime.fromisoformat(when.get("datetime")) == page_read
    assert when.getparent().text_content() == f"Checked {page_read:%d %b %H:%M}"


def test_the_buy_plan_dates_a_stores_prices_by_its_listing(alice, synced_shop, bolt, tracked_bolt):
    page_read = minutes_ago(25)
    install_index(synced_shop, started_at=minutes_ago(26), finished_at=minutes_ago(20),
                  listings=[(bolt_listing("1.50"), page_read)])
    check_store_card(synced_shop.pk, bolt.pk)

    [store] = run_plan(alice, PlanOptions())["stores"]

    assert store["checked_at"] == page_read.isoformat()
    assert store["age_minutes"] == 25 and store["stale"] is False


def test_a_card_listed_on_two_pages_is_as_old_as_the_older_page(synced_shop, bolt, tracked_bolt):
    first_page, last_page = minutes_ago(25), minutes_ago(21)
    install_index(synced_shop, started_at=minutes_ago(26), finished_at=minutes_ago(20),
                  listings=[(bolt_listing("1.50"), last_page), (bolt_listing("2.50", set_code="M11"), first_page)])

    check_store_card(synced_shop.pk, bolt.pk)

    assert LatestAnswer.objects.get(store=synced_shop, card=bolt).checked_at == first_page


# --- time never runs backwards --------------------------------------------------------------------


def test_an_unchanged_index_answer_never_moves_a_newer_check_back(monkeypatch, synced_shop, bolt, tracked_bolt):
    searching(monkeypatch, scrapers.SearchResult.from_offers([bolt_listing("1.50")], requests=1))
    searched = pipeline.scrape_and_record(synced_shop, bolt).checked_at  # no index yet: a search, now
    install_index(synced_shop, started_at=minutes_ago(12), finished_at=minutes_ago(5),
                  listings=[(bolt_listing("1.50"), minutes_ago(10))])

    answer = pipeline.scrape_and_record(synced_shop, bolt)

    assert answer.checked_at == searched
    assert LatestAnswer.objects.get(store=synced_shop, card=bolt).checked_at == searched
    assert StoreCheck.objects.filter(store=synced_shop, card=bolt).count() == 1


def test_older_news_from_the_index_leaves_the_newer_answer_standing(monkeypatch, synced_shop, bolt, tracked_bolt):
    searching(monkeypatch, scrapers.SearchResult.from_offers([bolt_listing("1.50")], requests=1))
    searched = pipeline.scrape_and_record(synced_shop, bolt).checked_at
    install_index(synced_shop, started_at=minutes_ago(12), finished_at=minutes_ago(5),
                  listings=[(bolt_listing("2.00"), minutes_ago(10))])

    answer = pipeline.scrape_and_record(synced_shop, bolt)

    assert [offer["price"] for offer in answer.offers] == ["1.50"] and answer.checked_at == searched
    assert [o["price"] for o in cached_answer(synced_shop.pk, bolt.pk).offers] == ["1.50"]
    latest = LatestAnswer.objects.get(store=synced_shop, card=bolt)
    assert [offer["price"] for offer in latest.offers] == ["1.50"] and latest.checked_at == searched
    assert StoreCheck.objects.filter(store=synced_shop, card=bolt).count() == 1


def test_an_index_answer_replaces_a_later_store_error_with_its_own_time(
    monkeypatch, alice_client, synced_shop, bolt, tracked_bolt
):
    """An error says nothing about stock: the listing read before it is the newest word on it."""
    searching(monkeypatch, scrapers.SearchResult.error("the store timed out"))
    pipeline.scrape_and_record(synced_shop, bolt)
    page_read = minutes_ago(10)
    install_index(synced_shop, started_at=minutes_ago(12), finished_at=minutes_ago(5),
                  listings=[(bolt_listing("1.50"), page_read)])

    answer = pipeline.scrape_and_record(synced_shop, bolt)

    assert answer.status == "ok" and answer.checked_at == page_read
    shown = cell(alice_client, bolt, synced_shop)
    assert shown.get("data-state") == "in_stock" and cell_time(shown) == page_read


def test_a_newer_sync_moves_an_unchanged_answer_forward(synced_shop, bolt, tracked_bolt):
    install_index(synced_shop, started_at=minutes_ago(40), finished_at=minutes_ago(25),
                  listings=[(bolt_listing("1.50"), minutes_ago(38))])
    pipeline.scrape_and_record(synced_shop, bolt)
    newer_read = minutes_ago(4)
    install_index(synced_shop, started_at=minutes_ago(5), finished_at=minutes_ago(2),
                  listings=[(bolt_listing("1.50"), newer_read)])

    assert pipeline.scrape_and_record(synced_shop, bolt).checked_at == newer_read

    latest = LatestAnswer.objects.get(store=synced_shop, card=bolt)
    assert latest.checked_at == newer_read and latest.last_good_at == newer_read
    assert StoreCheck.objects.filter(store=synced_shop, card=bolt).count() == 1  # unchanged: no history
