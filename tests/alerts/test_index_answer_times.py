"""Alerts from an answer out of a synced inventory index: they tell the time the listing was read,
and still wait as news learnt now does (the round's end), without losing a store's news."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from availability.alerts.deliveries import send_due_deliveries
from availability.alerts.models import Notification
from availability.checks import pipeline
from tests.support.inventory_index import bolt_listing, install_index


def minutes_ago(n: float) -> datetime:
    return timezone.now() - timedelta(minutes=n)


def synced(store, page_read: datetime, price: str = "1.50"):
    """The store answers from an index whose Lightning Bolt page was read at `page_read`."""
    store.inventory_mode = "sync"
    store.save(update_fields=["inventory_mode"])
    install_index(store, started_at=page_read - timedelta(minutes=1), finished_at=page_read + timedelta(minutes=4),
                  listings=[(bolt_listing(price), page_read)])
    return store


def test_an_alert_from_the_index_tells_when_the_listing_was_read(
    alice_client, shop, bolt, watched_bolt, email_on, webhook_on, mailoutbox
):
    page_read = minutes_ago(25)
    pipeline.scrape_and_record(synced(shop, page_read), bolt)

    [notification] = Notification.objects.all()
    assert notification.created_at == page_read
    assert send_due_deliveries() == 2  # one email, one webhook post
    [email] = mailoutbox
    assert f"Checked:   {page_read:%d %b %H:%M} (UTC)" in email.body
    [post] = webhook_on.posts
    assert post["alerts"][0]["created_at"] == page_read.isoformat()
    page = alice_client.get(reverse("notifications")).content.decode()
    assert f'<span class="when muted">{page_read:%d %b %H:%M}</span>' in page


@pytest.fixture
def rounds_of_two_minutes(settings) -> None:
    settings.ALERT_ROUND_SECONDS = 120


def test_news_from_an_old_listing_still_waits_for_its_round_to_end(
    rounds_of_two_minutes, shop, bolt, watched_bolt, email_on, mailoutbox
):
    pipeline.scrape_and_record(synced(shop, minutes_ago(25)), bolt)
    learnt = timezone.now()

    assert send_due_deliveries(now=learnt) == 0 and mailoutbox == []  # other stores may still answer
    assert send_due_deliveries(now=learnt + timedelta(seconds=121)) == 1


def test_news_that_would_join_a_round_already_sent_is_sent_on_its_own(
    rounds_of_two_minutes, make_store, choose, alice, shop, bolt, watched_bolt, email_on, mailoutbox
):
    """Two stores whose listings were read a minute apart are one round by their times; the
    second answer may be read from its index long after the first one's email went out."""
    stronghold = make_store("magic-stronghold", name="Magic Stronghold", currency="CAD")
    choose(alice, stronghold)
    pipeline.scrape_and_record(synced(shop, minutes_ago(30)), bolt)
    assert send_due_deliveries(now=timezone.now() + timedelta(seconds=121)) == 1

    pipeline.scrape_and_record(synced(stronghold, minutes_ago(29), price="1.25"), bolt)

    assert send_due_deliveries(now=timezone.now() + timedelta(seconds=121)) == 1
    assert [email.subject for email in mailoutbox] == [
        "Lightning Bolt is in stock at Hairy Tarantula: NM, CAD 1.50",
        "Lightning Bolt is in stock at Magic Stronghold: NM, CAD 1.25",
    ]
