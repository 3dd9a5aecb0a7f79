"""Rechecks go where someone is looking, read only the latest-answer table, and the dashboard says
when a store cannot keep up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from availability.alerts.models import AlertSettings
from availability.checks import rechecks
from availability.checks.models import LatestAnswer, QueuedCheck
from availability.checks.tasks import recheck_stale
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from stores.models import ChosenStore, Store


def queued_card_ids() -> list[int]:
    return list(QueuedCheck.objects.order_by("id").values_list("card_id", flat=True))


def answered(store, card, hours_ago: float, watched_hours_ago: float | None = None) -> LatestAnswer:
    now = timezone.now()
    return LatestAnswer.objects.create(
        store=store, card=card, status="not_found", checked_at=now - timedelta(hours=hours_ago),
        watched_at=None if watched_hours_ago is None else now - timedelta(hours=watched_hours_ago),
    )


@pytest.fixture
def one_check_a_run(alice, make_store, choose):
    store = make_store("slow-shop", requests_per_second=0.007)  # a budget of 1 check per 5 minutes
    choose(alice, store)
    return store


def track(user, *names: str) -> list[Card]:
    cards = [Card.objects.create(name=name) for name in names]
    TrackedCard.objects.bulk_create([TrackedCard(user=user, card=card) for card in cards])
    return cards


def test_a_watched_pair_is_rechecked_before_an_unwatched_older_one(alice, alice_client, bob, one_check_a_run, choose):
    store = one_check_a_run
    [bolt] = track(alice, "Lightning Bolt")
    [older] = track(bob, "Counterspell")
    choose(bob, store)
    answered(store, older, hours_ago=10, watched_hours_ago=3)
    answered(store, bolt, hours_ago=1, watched_hours_ago=3)

    assert alice_client.get(reverse("dashboard")).status_code == 200  # alice looks at her cards
    assert recheck_stale() == 1

    assert queued_card_ids() == [bolt.pk]


def test_a_pair_with_an_alert_goes_before_an_older_one_nobody_watches(alice, bob, one_check_a_run, choose):
    store = one_check_a_run
    [bolt] = track(alice, "Lightning Bolt")
    [older] = track(bob, "Counterspell")
    choose(bob, store)
    AlertSettings.objects.create(user=alice, enabled=True)
    answered(store, older, hours_ago=10, watched_hours_ago=3)
    answered(store, bolt, hours_ago=1, watched_hours_ago=3)

    recheck_stale()

    assert queued_card_ids() == [bolt.pk]


def test_a_pair_nobody_looked_at_for_a_week_waits_a_day(alice, one_check_a_run, settings):
    settings.IDLE_AFTER_DAYS, settings.IDLE_RECHECK_HOURS = 7, 24
    [bolt] = track(alice, "Lightning Bolt")
    idle = answered(one_check_a_run, bolt, hours_ago=5, watched_hours_ago=8 * 24)

    assert recheck_stale() == 0  # stale by the store's 30 minutes, but nobody would see it
    LatestAnswer.objects.filter(pk=idle.pk).update(checked_at=timezone.now() - timedelta(hours=25))
    assert recheck_stale() == 1


def test_a_store_that_cannot_keep_up_says_so_on_the_dashboard(alice, alice_client, one_check_a_run):
    for card in track(alice, "Lightning Bolt", "Counterspell", "Dark Ritual"):
        answered(one_check_a_run, card, hours_ago=2)
    header = 'data-store="slow-shop"'

    assert "cannot keep up" not in alice_client.get(reverse("dashboard")).content.decode()
    recheck_stale()  # three stale pairs, one check a run

    page = alice_client.get(reverse("dashboard")).content.decode()
    assert header in page and "cannot keep up" in page.split(header, 1)[1].split("</th>", 1)[0]


def many_pairs(user, store, count: int) -> None:
    """`count` tracked cards answered at the store, every tenth one stale.

    Set-based SQL (INSERT ... SELECT over a generated series, a recursive CTE that both SQLite and
    PostgreSQL run): 100,000 rows a table made through model instances cost half a minute of Python."""
    start = Card.objects.count()
    now = timezone.now()
    at = connection.ops.adapt_datetimefield_value
    series = (
        "WITH RECURSIVE series(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM series WHERE i + 1 < %s) "
    )
    # Each pair finds its card by name: "Card <start + i>", as Card.save would have named it.
    pairs = "FROM series JOIN cards_card card ON card.name = 'Card ' || (%s + i)"
    with connection.cursor() as cursor:
        cursor.execute(
            series + "INSERT INTO cards_card (name, search_name, front_face_name, layout) "
            "SELECT 'Card ' || (%s + i), 'card ' || (%s + i), '', '' FROM series",
            [count, start, start],
        )
        cursor.execute(
            series + "INSERT INTO cards_trackedcard (user_id, card_id, amount, created_at, updated_at) "
            f"SELECT %s, card.id, 1, %s, %s {pairs}",
            [count, user.pk, at(now), at(now), start],
        )
        cursor.execute(
            series + "INSERT INTO availability_latestanswer (store_id, card_id, status, reason, offers, "
            "checked_at, watched_at) "
            f"SELECT %s, card.id, 'ok', '', '[]', CASE WHEN i %% 10 = 0 THEN %s ELSE %s END, %s {pairs}",
            [count, store.pk, at(now - timedelta(hours=2)), at(now), at(now), start],
        )
    assert TrackedCard.objects.filter(user=user).count() == count
    assert LatestAnswer.objects.filter(store=store).count() == count


def choosing(store) -> tuple[list[int], list[str]]:
    with CaptureQueriesContext(connection) as queries:
        card_ids, _backlog = rechecks.stale_card_ids(store, budget=50)
    return card_ids, [q["sql"] for q in queries]


def test_choosing_stale_pairs_reads_the_latest_answers_not_the_history_at_100000_pairs(make_user, make_store):
    small_user, large_user = make_user("small"), make_user("large")
    small, large = make_store("small-shop"), make_store("large-shop")
    ChosenStore.objects.create(user=small_user, store=small)
    ChosenStore.objects.create(user=large_user, store=large)
    many_pairs(small_user, small, 20)
    many_pairs(large_user, large, 100_000)

    small_ids, small_queries = choosing(small)
    large_ids, large_queries = choosing(large)

    assert len(small_ids) == 2 and len(large_ids) == 50
    assert large_queries and len(large_queries) == len(small_queries)
    assert not any("availability_storecheck" in sql or "availability_offer" in sql for sql in large_queries)
    assert all("availability_latestanswer" in sql or "cards_card" in sql for sql in large_queries)
    assert Store.objects.count() == 2


def test_a_pair_never_marked_watched_does_not_jump_the_queue(alice, alice_client, bob, one_check_a_run, choose):
    store = one_check_a_run
    [bolt] = track(alice, "Lightning Bolt")
    [older] = track(bob, "Counterspell")
    choose(bob, store)
    answered(store, older, hours_ago=10)  # a row from before watching was recorded
    answered(store, bolt, hours_ago=1, watched_hours_ago=3)

    alice_client.get(reverse("dashboard"))
    recheck_stale()

    assert queued_card_ids() == [bolt.pk]


def test_a_card_of_a_game_the_store_does_not_sell_takes_none_of_its_rechecks(alice, one_check_a_run):
    """Never answered there (its cell says the store does not sell the game), it would otherwise
    stay "never checked" and take the store's whole budget every run."""
    store = one_check_a_run
    pikachu = Card.objects.create(game="pokemon", name="Pikachu")
    TrackedCard.objects.create(user=alice, card=pikachu)
    [bolt] = track(alice, "Lightning Bolt")

    assert recheck_stale() == 1
    assert queued_card_ids() == [bolt.pk]
    assert rechecks.stale_card_ids(store, budget=5)[1].stale == 1
