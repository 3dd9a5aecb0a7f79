"""The queue of checks (availability/checks/queue.py) without a cluster: what a dispatcher claims
next, and when a claim is free again. tests/test_worker_queue.py runs it with real clusters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from availability.checks import queue
from availability.checks.heartbeat import record_worker_heartbeat
from availability.checks.models import QueuedCheck
from availability.checks.pipeline import queue_check, run_queued_check
from cards.catalog.models import Card

pytestmark = pytest.mark.django_db

NOW, BACKGROUND = queue.Priority.NOW, queue.Priority.BACKGROUND


@pytest.fixture
def cards(db):
    return [Card.objects.create(name=f"Card {i:02}") for i in range(12)]


@pytest.fixture
def shop(make_store):
    return make_store("shop")


def claim_order(cluster: str, slots: int, turns: queue.Turns) -> list[tuple[int | None, str]]:
    claimed = queue.claim(cluster, slots, turns)
    rows = QueuedCheck.objects.select_related("card").in_bulk([pk for pk, _ in claimed])
    return [(rows[pk].user_id, rows[pk].card.name) for pk, _ in claimed]


def alive(cluster: str) -> str:
    record_worker_heartbeat(cluster)
    return cluster


def test_users_take_turns_and_a_backlog_does_not_delay_another_users_first_check(alice, bob, shop, cards):
    for card in cards[:10]:  # alice's dashboard asked for ten checks first
        queue_check(shop, card, user_id=alice.pk)
    queue_check(shop, cards[10], user_id=bob.pk)  # then bob added a card
    turns = queue.Turns()
    cluster = alive("cluster-a")
    assert claim_order(cluster, 1, turns) == [(alice.pk, "Card 00")]
    # bob's is next, though alice queued nine more before it.
    assert claim_order(cluster, 3, turns) == [(bob.pk, "Card 10"), (alice.pk, "Card 01"), (alice.pk, "Card 02")]


def test_what_someone_waits_for_goes_before_rechecks_and_a_recheck_asked_for_is_raised(alice, shop, cards):
    for card in cards[:3]:
        queue_check(shop, card, priority=BACKGROUND)
    queue_check(shop, cards[5], user_id=alice.pk)
    assert queue_check(shop, cards[2], user_id=alice.pk) is False  # queued already: raised, not added
    cluster = alive("cluster-a")
    assert claim_order(cluster, 2, queue.Turns()) == [(alice.pk, "Card 02"), (alice.pk, "Card 05")]
    assert claim_order(cluster, 5, queue.Turns()) == [(None, "Card 00"), (None, "Card 01")]


def test_a_cluster_claims_only_its_slots_and_two_clusters_never_claim_one_check(alice, shop, cards):
    for card in cards[:5]:
        queue_check(shop, card, user_id=alice.pk)
    first, second = alive("cluster-a"), alive("cluster-b")
    assert len(queue.claim(first, 2, queue.Turns())) == 2
    assert queue.in_flight(first) == 2
    assert len(queue.claim(second, 10, queue.Turns())) == 3  # the rest, not the first cluster's two
    assert queue.claim(first, 10, queue.Turns()) == []


def test_a_dead_clusters_claims_are_free_again_and_its_late_task_does_nothing(alice, shop, cards):
    queue_check(shop, cards[0], user_id=alice.pk)
    dead = alive("cluster-dead")
    [(queued_id, old_token)] = queue.claim(dead, 1, queue.Turns())
    assert queue.claim(alive("cluster-b"), 1, queue.Turns()) == []  # held while its cluster lives
    record_worker_heartbeat(dead, at=timezone.now() - queue.CLUSTER_DEAD_AFTER - timedelta(seconds=1))
    [(same_id, new_token)] = queue.claim("cluster-b", 1, queue.Turns())
    assert same_id == queued_id and new_token != old_token
    # The dead cluster's task, delivered again by its broker, finds its claim taken back.
    assert run_queued_check(queued_id, str(old_token)) == "taken back"
    assert QueuedCheck.objects.filter(pk=queued_id).exists()


def test_a_claim_whose_task_never_started_is_taken_back(alice, shop, cards):
    """The Redis broker pops a task before a worker runs it: a cluster killed then loses the task,
    not the check."""
    queue_check(shop, cards[0], user_id=alice.pk)
    cluster = alive("cluster-a")
    [(queued_id, _)] = queue.claim(cluster, 1, queue.Turns())
    QueuedCheck.objects.filter(pk=queued_id).update(claimed_at=timezone.now() - queue.CLAIM_START_WITHIN
                                                    - timedelta(seconds=1))
    assert [pk for pk, _ in queue.claim(cluster, 1, queue.Turns())] == [queued_id]


def test_a_stopping_cluster_hands_its_checks_back(alice, shop, cards):
    for card in cards[:3]:
        queue_check(shop, card, user_id=alice.pk)
    cluster = alive("cluster-a")
    queue.claim(cluster, 3, queue.Turns())
    assert queue.release(cluster) == 3
    assert len(queue.claim(alive("cluster-b"), 3, queue.Turns())) == 3


def test_a_check_is_taken_off_the_queue_when_it_ran_or_broke_but_not_when_handed_back(alice, shop, cards, monkeypatch):
    from availability.checks import pipeline

    for card in cards[:3]:
        queue_check(shop, card, user_id=alice.pk)
    cluster = alive("cluster-a")
    (ran, ran_token), (broke, broke_token), (handed, handed_token) = queue.claim(cluster, 3, queue.Turns())
    monkeypatch.setattr(pipeline, "check_store_card", lambda *args, **kwargs: "ok")
    assert run_queued_check(ran, str(ran_token)) == "ok"

    def breaks(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(pipeline, "check_store_card", breaks)
    with pytest.raises(RuntimeError):
        run_queued_check(broke, str(broke_token))

    def stops(*args, **kwargs):
        raise queue.HandedBack(0)

    monkeypatch.setattr(pipeline, "check_store_card", stops)
    with pytest.raises(queue.HandedBack):
        run_queued_check(handed, str(handed_token))
    assert list(QueuedCheck.objects.values_list("pk", flat=True)) == [handed]
    assert queue.release(cluster) == 1  # the stopping cluster gives it back
