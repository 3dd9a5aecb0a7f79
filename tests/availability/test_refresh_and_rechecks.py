"""Refresh re-checks answers older than a short minimum and says which it kept; the admin's
"Check the selected stores again now" really queues checks; a wishlist change reaches every tab."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from channels.db import database_sync_to_async
from django.urls import reverse
from django.utils import timezone

from availability.checks.models import QueuedCheck
from availability.checks.results import cached_answer, remember_answer
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from stores.models import ChosenStore, Store
from tests.availability.conftest import Browser, queued_check_options, queued_checks, run_queued_checks

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@database_sync_to_async
def age_answers(card_name: str, minutes: int) -> None:
    """Make every cached answer for the card `minutes` old (as if checked then)."""
    card = Card.objects.get(name=card_name)
    for store in Store.objects.filter(slug__startswith="sample-"):
        answer = cached_answer(store.pk, card.pk)
        if answer is not None:
            aged = replace(answer, checked_at=timezone.now() - timedelta(minutes=minutes))
            remember_answer(store.pk, card.pk, aged, store.cache_ttl)


async def test_refresh_keeps_answers_under_the_minimum_age_and_says_so(shopper, sample_store):
    async with Browser(shopper) as browser:
        await browser.ask({"type": "add_card", "card": "Sol Ring"}, count=4)
        await run_queued_checks()
        [await browser.receive() for _ in range(3)]
        summary, *cells = await browser.ask({"type": "refresh"}, count=4)
    assert summary["text"] == "3 answers were under 5 minutes old and were kept."
    assert summary["kept"] == 3 and summary["rechecking"] == 0
    assert {cell["state"] for cell in cells} == {"in_stock"}
    assert await queued_checks() == []


async def test_refresh_rechecks_answers_older_than_the_minimum_even_within_the_cache_ttl(shopper, sample_store):
    async with Browser(shopper) as browser:
        await browser.ask({"type": "add_card", "card": "Sol Ring"}, count=4)
        await run_queued_checks()
        [await browser.receive() for _ in range(3)]
        await age_answers("Sol Ring", minutes=10)  # older than 5 minutes, younger than the 30-minute TTL
        requests_before = sum(sample_store.counts().values())
        summary, *cells = await browser.ask({"type": "refresh"}, count=4)
        assert summary["text"] == "Checking 3 again."
        # The old answer stays on screen, marked, while the check runs.
        assert {cell["state"] for cell in cells} == {"stale"}
        assert all("rechecking" in cell["html"] for cell in cells)
        assert await queued_check_options() == [{"max_age_seconds": 300}] * 3
        assert await run_queued_checks() == 3
        fresh = [await browser.receive() for _ in range(3)]
    assert {cell["state"] for cell in fresh} == {"in_stock"}
    assert sum(sample_store.counts().values()) > requests_before


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    return client


def test_the_admin_check_again_action_clears_the_pause_and_queues_every_tracked_card(
    admin_client, alice, bob, sample_shops, sample_store
):
    shopify, tcgplayer = sample_shops["shopify"], sample_shops["tcgplayer_pro"]
    for user in (alice, bob):
        ChosenStore.objects.create(user=user, store=shopify)
    ChosenStore.objects.create(user=alice, store=tcgplayer)
    for user, name in ((alice, "Sol Ring"), (alice, "Lightning Bolt"), (bob, "Sol Ring"), (bob, "Counterspell")):
        TrackedCard.objects.create(user=user, card=Card.objects.get(name=name), amount=1)
    Store.objects.filter(pk=shopify.pk).update(paused_until=timezone.now() + timedelta(hours=1), consecutive_failures=5)

    response = admin_client.post(reverse("admin:stores_store_changelist"), {
        "action": "check_selected_stores_again", "_selected_action": [shopify.pk],
    }, follow=True)

    assert "Cleared the pause on 1 store and queued 3 checks of the cards tracked there." in response.content.decode()
    shopify.refresh_from_db()
    assert shopify.paused_until is None and shopify.consecutive_failures == 0
    cards = {Card.objects.get(pk=card_id).name for store_id, card_id in
             (tuple(args) for args in _queued_pairs()) if store_id == shopify.pk}
    assert cards == {"Sol Ring", "Lightning Bolt", "Counterspell"}
    assert QueuedCheck.objects.count() == 3  # nothing at the store that was not selected


def _queued_pairs() -> list[tuple]:
    return list(QueuedCheck.objects.values_list("store_id", "card_id"))


async def test_a_wishlist_change_reaches_the_users_other_tab(shopper, bob):
    async with Browser(shopper) as first, Browser(shopper) as second, Browser(bob) as stranger:
        await first.ask({"type": "add_card", "card": "Sol Ring", "amount": 2}, count=4)
        pushed = await second.receive()
        assert pushed["type"] == "cards_data"
        assert [card["card"] for card in pushed["tracked_cards"]] == ["Sol Ring"]
        row = BeautifulSoup(pushed["html"], "html.parser").select_one('tr[data-card="Sol Ring"]')
        assert row.select_one(".amount").text == "2"
        assert await first.nothing_more()  # the tab that asked got its answer once, in order

        await first.ask({"type": "delete_card", "card": "Sol Ring"})
        assert (await second.receive())["tracked_cards"] == []
        assert await stranger.nothing_more()


async def test_a_change_through_the_form_pages_reaches_an_open_tab(shopper, client):
    await database_sync_to_async(client.force_login)(shopper)
    async with Browser(shopper) as tab:
        response = await database_sync_to_async(client.post)(reverse("card_add"), {"card": "Counterspell", "amount": "3"})
        assert response.status_code == 302
        pushed = await tab.receive()
    assert [(card["card"], card["amount"]) for card in pushed["tracked_cards"]] == [("Counterspell", 3)]


def test_a_wishlist_too_big_for_one_message_comes_without_its_rows(alice, catalog, monkeypatch):
    from availability.live import wishlist_reply

    TrackedCard.objects.create(user=alice, card=Card.objects.get(name="Sol Ring"), amount=1)
    assert wishlist_reply.cards_data(alice)["html"].startswith("\n<tr")
    monkeypatch.setattr(wishlist_reply, "MAX_ROWS_HTML", 100)
    wishlist_reply.forget(alice.pk)  # the rendering above would be reused otherwise
    message = wishlist_reply.cards_data(alice)
    assert message["html"] is None  # the page draws it over HTTP instead
    assert [card["card"] for card in message["tracked_cards"]] == ["Sol Ring"]
