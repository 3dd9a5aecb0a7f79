"""The recurring jobs the release step sets up, and the recheck they run."""

from __future__ import annotations

import pydoc
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule

from availability.checks.models import LatestAnswer, QueuedCheck
from availability.checks.tasks import recheck_stale
from cards.wishlist.models import TrackedCard


def ensure(settings, refresh: bool) -> set[str]:
    settings.CATALOG_REFRESH = refresh
    call_command("ensure_schedules", stdout=StringIO())
    return set(Schedule.objects.values_list("name", flat=True))


def test_schedules_are_created_once_however_often_release_runs(db, settings):
    ensure(settings, refresh=True)
    names = ensure(settings, refresh=True)
    assert names == {
        "recheck stale results", "fold old history", "send alert deliveries",
        "sync store inventories", "refresh card catalog",
    }
    assert Schedule.objects.count() == 5
    catalog = Schedule.objects.get(name="refresh card catalog")
    assert catalog.func == "cards.catalog.tasks.refresh_catalog" and "3600" in catalog.kwargs


def test_every_schedule_runs_a_function_that_exists(db, settings):
    """The worker imports a schedule's job by its dotted path: a path left behind by a move would
    fail every run."""
    ensure(settings, refresh=True)
    for name, func in Schedule.objects.values_list("name", "func"):
        assert callable(pydoc.locate(func)), f"{name}: {func}"


def test_release_points_a_schedule_from_before_a_move_at_the_new_path(db, settings):
    """Schedules are updated by name, so a deploy that moved a job's module moves its schedule too."""
    Schedule.objects.create(name="recheck stale results", func="availability.tasks.recheck_stale", minutes=5)
    ensure(settings, refresh=False)
    recheck = Schedule.objects.get(name="recheck stale results")
    assert recheck.func == "availability.checks.tasks.recheck_stale"


def test_release_removes_the_queued_heartbeat_of_earlier_releases(db, settings):
    """The cluster writes its own heartbeat now; a queued one waited behind every check."""
    Schedule.objects.create(name="worker heartbeat", func="availability.checks.heartbeat.record_worker_heartbeat",
                            minutes=1)
    assert "worker heartbeat" not in ensure(settings, refresh=False)


def test_the_catalog_refresh_is_off_on_a_laptop(db, settings):
    ensure(settings, refresh=True)
    assert ensure(settings, refresh=False) == {
        "recheck stale results", "fold old history", "send alert deliveries",
        "sync store inventories",
    }


@pytest.fixture
def tracked_at_store(alice, bolt, make_store, choose):
    store = make_store("slow-shop", requests_per_second=0.02)  # a budget of 3 checks per 5 minutes
    choose(alice, store)
    TrackedCard.objects.create(user=alice, card=bolt)
    return store


def test_recheck_queues_only_stale_pairs(tracked_at_store, bolt):
    LatestAnswer.objects.create(store=tracked_at_store, card=bolt, checked_at=timezone.now(), status="ok")
    assert recheck_stale() == 0
    LatestAnswer.objects.update(checked_at=timezone.now() - timedelta(hours=2))
    assert recheck_stale() == 1
    assert QueuedCheck.objects.count() == 1
    assert recheck_stale() == 0  # already queued: not queued twice


def test_recheck_spreads_work_under_the_stores_rate_limit(tracked_at_store, alice):
    from cards.catalog.models import Card

    for i in range(10):
        TrackedCard.objects.create(user=alice, card=Card.objects.create(name=f"Filler {i}"))
    assert recheck_stale() == 3
    assert QueuedCheck.objects.count() == 3


def test_a_paused_store_is_not_rechecked(tracked_at_store):
    tracked_at_store.paused_until = timezone.now() + timedelta(minutes=10)
    tracked_at_store.save()
    assert recheck_stale() == 0
