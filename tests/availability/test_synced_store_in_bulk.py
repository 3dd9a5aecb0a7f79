"""A synced store answers in bulk: when its index is read, every tracked pair at the store gets its
answer in one pass (history on change, alerts, pushes to whoever tracks the card), with no task
queued per pair and a number of queries that does not grow with the pairs. Real HTTP: the sync
reads the sample Shopify store's listing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_q.models import OrmQ
from django_q.signing import SignedPackage

import scrapers
from availability.alerts.models import AlertSettings, Notification
from availability.checks import bulk
from availability.checks.models import LatestAnswer, StoreCheck
from availability.checks.results import cached_answer
from availability.checks.tasks import recheck_stale
from availability.live import answer_push
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from scrapers.sample_store import sample_store_definitions
from stores.inventory.sync import sync_store
from stores.inventory.tasks import sync_store_task
from stores.models import Store

CHECK = "availability.checks.pipeline.check_store_card"
IN_STOCK = ["Lightning Bolt", "Counterspell", "Sol Ring", "Ponder"]


def queued_checks() -> int:
    return sum(1 for row in OrmQ.objects.all() if SignedPackage.loads(row.payload)["func"] == CHECK)


@pytest.fixture
def synced_shopify(sample_store, catalog):
    definition = next(d for d in sample_store_definitions(sample_store.url) if d["platform"] == "shopify")
    return Store.objects.create(
        name=definition["name"], slug=definition["slug"], homepage=definition["homepage"], platform="shopify",
        settings=definition["settings"], currency=definition["currency"], requests_per_second=1000,
        inventory_mode="sync")


@pytest.fixture
def pushed(monkeypatch) -> list[tuple[int, dict]]:
    sent: list[tuple[int, dict]] = []
    monkeypatch.setattr(answer_push, "push_to_users", lambda messages: sent.extend(messages))
    return sent


def track(user, store, names) -> None:
    from stores.models import ChosenStore

    ChosenStore.objects.get_or_create(user=user, store=store)
    for card in Card.objects.filter(name__in=names):
        TrackedCard.objects.create(user=user, card=card, amount=1)


def test_after_a_sync_every_tracked_pair_is_answered_with_no_task_per_pair(
    synced_shopify, alice, bob, pushed, monkeypatch
):
    from availability.alerts import detection

    monkeypatch.setattr(detection, "push_to_user", lambda user_id, message: None)
    track(alice, synced_shopify, IN_STOCK)
    track(bob, synced_shopify, ["Lightning Bolt", "Opt", "Mana Crypt"])  # Mana Crypt is sold out
    AlertSettings.objects.create(user=bob, enabled=True, enabled_at=timezone.now() - timedelta(days=30))
    TrackedCard.objects.filter(user=bob).update(created_at=timezone.now())  # tracked since: first stock is news

    assert sync_store_task(synced_shopify.pk) == "ok"

    pairs = set(Card.objects.filter(name__in=[*IN_STOCK, "Opt", "Mana Crypt"]).values_list("pk", flat=True))
    answered = LatestAnswer.objects.filter(store=synced_shopify, checked_at__isnull=False)
    assert set(answered.values_list("card_id", flat=True)) == pairs
    assert queued_checks() == 0  # the queue carries no check of the synced store
    bolt = Card.objects.get(name="Lightning Bolt")
    assert cached_answer(synced_shopify.pk, bolt.pk).status == "ok" and cached_answer(synced_shopify.pk, bolt.pk).offers
    crypt = Card.objects.get(name="Mana Crypt")
    assert LatestAnswer.objects.get(store=synced_shopify, card=crypt).status == "not_found"
    assert StoreCheck.objects.filter(store=synced_shopify).count() == len(pairs)  # history: each a change
    # Pushes: each user's cells for their own cards at the store, none for another's.
    cells = {(user_id, message["card_id"]) for user_id, message in pushed}
    assert {card_id for user_id, card_id in cells if user_id == alice.pk} == set(
        Card.objects.filter(name__in=IN_STOCK).values_list("pk", flat=True))
    assert {card_id for user_id, card_id in cells if user_id == bob.pk} == set(
        Card.objects.filter(name__in=["Lightning Bolt", "Opt", "Mana Crypt"]).values_list("pk", flat=True))
    # Alerts: bob hears of the cards in stock, not of the sold-out one; alice has alerts off.
    told = set(Notification.objects.filter(user=bob).values_list("card__name", flat=True))
    assert told == {"Lightning Bolt", "Opt"}
    assert not Notification.objects.filter(user=alice).exists()

    # A second sync with nothing changed: the answers are confirmed, no history is written.
    assert sync_store_task(synced_shopify.pk) == "ok"
    assert StoreCheck.objects.filter(store=synced_shopify).count() == len(pairs)
    assert queued_checks() == 0 and Notification.objects.filter(user=bob).count() == 2


def answer_queries(store) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert bulk.answer_in_bulk(store) is not None
    return len(queries)


def test_the_queries_of_a_bulk_answer_do_not_grow_with_the_pairs(
    synced_shopify, alice, bob, pushed, django_assert_max_num_queries
):
    assert sync_store(synced_shopify, scrapers.HttpClient()).status == "ok"
    track(alice, synced_shopify, ["Lightning Bolt", "Counterspell"])
    few = answer_queries(synced_shopify)
    LatestAnswer.objects.all().delete()
    names = list(Card.objects.exclude(name__in=["Lightning Bolt", "Counterspell"])
                 .order_by("name").values_list("name", flat=True)[:60])
    track(alice, synced_shopify, names)
    track(bob, synced_shopify, names[:30])
    with django_assert_max_num_queries(few):  # 62 and 30 pairs: as many queries as 2
        assert bulk.answer_in_bulk(synced_shopify) == 62
    assert LatestAnswer.objects.filter(store=synced_shopify, checked_at__isnull=False).count() == 62
    assert len({card_id for _, message in pushed if (card_id := message["card_id"])}) == 62


def test_the_recheck_answers_a_synced_stores_stale_pairs_from_its_index_without_queuing(
    synced_shopify, alice, pushed
):
    track(alice, synced_shopify, IN_STOCK)
    assert sync_store_task(synced_shopify.pk) == "ok"
    old = timezone.now() - timedelta(days=2)
    LatestAnswer.objects.filter(store=synced_shopify).update(checked_at=old, watched_at=timezone.now())
    pushed.clear()

    assert recheck_stale() == 1  # one task for the store, however many pairs are stale
    assert queued_checks() == 0
    [task] = [row for row in OrmQ.objects.all() if SignedPackage.loads(row.payload)["func"] == bulk.STALE_TASK]
    assert recheck_stale() == 0  # queued once
    tracked = Card.objects.filter(name__in=IN_STOCK).count()
    assert bulk.answer_stale_pairs(*SignedPackage.loads(task.payload)["args"]) == f"{tracked} answered"

    assert not LatestAnswer.objects.filter(store=synced_shopify, checked_at=old).exists()
    assert len(pushed) == tracked >= 3
