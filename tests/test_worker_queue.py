"""The worker's queue of checks with a real cluster (availability/checks/queue.py, dispatcher.py):
a user waiting goes ahead of another user's backlog, /healthz sees the worker alive while it works,
a killed cluster strands no check on either broker, and SIGTERM to the worker's whole process group
stops it within seconds and hands its check back."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import time
from pathlib import Path
from urllib.parse import unquote_plus

import pytest

from tests.support.processes import BIN, app_environment, manage, running
from tests.support.queued_searches import QUEUE_SEARCHES
from tests.support.services import require_redis
from tests.support.stack import _released_sqlite_files

# Every test runs its own cluster on its own SQLite database, whatever the suite's configuration.
pytestmark = [pytest.mark.processes, pytest.mark.pinned_configuration("zero-service default")]

QCLUSTER = [str(BIN / "python"), "manage.py", "qcluster"]
STORES = ["sample-shopify", "sample-woocommerce", "sample-binderpos", "sample-crystal-commerce", "sample-css"]

# alice's dashboard asked for 200 cards at five stores: 1,000 checks queued in bulk, as her page
# queues them (priority NOW, her turn). bob tracks one other card at one store.
BACKLOG = """
from django.contrib.auth import get_user_model
from availability.checks.models import QueuedCheck
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from stores.models import ChosenStore, Store
User = get_user_model()
alice = User.objects.create_user("alice", "alice@example.com", "alice password 1")
bob = User.objects.create_user("bob", "bob@example.com", "bob password 1")
stores = list(Store.objects.filter(slug__in={stores!r}))
Store.objects.filter(slug__in={stores!r}).update(inventory_mode="search")
cards = list(Card.objects.order_by("name")[:{cards}])
for store in stores:
    ChosenStore.objects.create(user=alice, store=store)
ChosenStore.objects.create(user=bob, store=stores[0])
TrackedCard.objects.bulk_create([TrackedCard(user=alice, card=card) for card in cards])
TrackedCard.objects.create(user=bob, card=Card.objects.get(name="Sol Ring"))
QueuedCheck.objects.bulk_create([QueuedCheck(store=store, card=card, user=alice) for card in cards for store in stores])
print(QueuedCheck.objects.count())
"""

BOB_ADDS = """
from django.contrib.auth import get_user_model
from availability.checks.models import StoreCheck
from availability.checks.pipeline import queue_check
from cards.catalog.models import Card
from stores.models import Store
bob = get_user_model().objects.get(username="bob")
print(StoreCheck.objects.count(), queue_check(Store.objects.get(slug="sample-shopify"), Card.objects.get(name="Sol Ring"),
      user_id=bob.pk))
"""

HEALTHZ = """
from django.test import Client
response = Client(HTTP_HOST="localhost").get("/healthz")
print(response.status_code)
"""


def database(env) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{env['DATA_DIR']}/db.sqlite3?mode=ro", uri=True, timeout=10)


def query(env, sql: str, *args) -> list[tuple]:
    # Read from the app's SQLite file directly: polled twice a second, a `manage.py shell` each time
    # would cost more CPU than the worker under test.
    with database(env) as db:
        return db.execute(sql, args).fetchall()


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def shell(env, code: str) -> list[str]:
    return manage(env, "shell", "-v", "0", "-c", code).strip().splitlines()[-1].split()


def prepared(tmp_path, sample_store, **extra) -> dict:
    """The environment of an app on SQLite, released with the sample stores (a copy of the test
    process's one released database: releasing costs seconds of CPU)."""
    for file in _released_sqlite_files(sample_store.url).glob("*.sqlite3*"):
        shutil.copy(file, tmp_path / file.name)
    return app_environment(tmp_path, **extra)


def test_a_users_new_card_goes_ahead_of_another_users_backlog_and_the_worker_stays_healthy(tmp_path, sample_store):
    env = prepared(tmp_path, sample_store, Q_WORKERS="2", WORKER_HEARTBEAT_MAX_AGE_SECONDS="10")
    in_flight = 2 * 2  # CHECKS_IN_FLIGHT's default: twice the workers
    assert shell(env, BACKLOG.format(stores=STORES, cards=200)) == ["1000"]

    with running(QCLUSTER, env, tmp_path / "worker.log"):
        wait_for(lambda: query(env, "SELECT count(*) FROM availability_storecheck")[0][0] >= 5, 60,
                 "alice's backlog to start")
        before, queued = shell(env, BOB_ADDS)
        assert queued == "True"
        bobs = wait_for(lambda: query(
            env, "SELECT c.id FROM availability_storecheck c JOIN cards_card k ON k.id = c.card_id "
                 "JOIN stores_store s ON s.id = c.store_id WHERE k.name = 'Sol Ring' AND s.slug = 'sample-shopify'"),
            60, "bob's first answer")
        # Checks recorded after bob queued his and before his: what the cluster had in flight when
        # he asked (and, on a busy machine, what the dispatcher handed out while `before` was being
        # read and his check queued), then his turn. First in, first out, he would wait for 1,000.
        assert bobs[0][0] - int(before) <= 2 * in_flight
        left = query(env, "SELECT count(*) FROM availability_queuedcheck")[0][0]
        assert left > 500  # alice's backlog is still being worked through
        # The heartbeat is the cluster's own: /healthz calls the worker alive while it is busy.
        assert shell(env, HEALTHZ) == ["200"]


def searched_cards(sample_store, platform: str = "shopify") -> list[str]:
    """The card each search request of the store asked for, in order."""
    found = []
    for request in sample_store.request_log(platform):
        if "/search" in request.path and "q=" in request.path:
            found.append(unquote_plus(request.path.split("q=", 1)[1].split("&", 1)[0]))
    return found




def answered_pairs(env) -> int:
    return query(env, "SELECT count(*) FROM availability_latestanswer WHERE checked_at IS NOT NULL")[0][0]


@pytest.mark.parametrize("broker", ["orm", "redis"])
def test_a_killed_cluster_strands_no_check_on_either_broker(tmp_path, sample_store, broker):
    extra = {"Q_BROKER": "redis", "REDIS_URL": require_redis()} if broker == "redis" else {}
    env = prepared(tmp_path, sample_store, Q_WORKERS="2", **extra)
    assert shell(env, QUEUE_SEARCHES.format(count=15)) == ["15"]
    sample_store.set_fault("shopify", hang_seconds=30, times=2)  # the first two searches never answer

    with running(QCLUSTER, env, tmp_path / "worker1.log") as worker:
        wait_for(lambda: len(searched_cards(sample_store)) >= 2, 60, "both workers to be in a check")
        os.killpg(worker.pid, signal.SIGKILL)  # no chance to finish, acknowledge or give anything back
    held = query(env, "SELECT count(*) FROM availability_queuedcheck WHERE claimed_by != ''")[0][0]
    assert 2 <= held <= 4  # it had claimed what it ran and one more per worker, not the queue
    assert answered_pairs(env) == 0

    started = time.monotonic()
    with running(QCLUSTER, env, tmp_path / "worker2.log"):
        wait_for(lambda: answered_pairs(env) == 15, 90, "every check to run")
        waited = time.monotonic() - started
    assert query(env, "SELECT count(*) FROM availability_queuedcheck")[0][0] == 0
    searched = searched_cards(sample_store)
    # Each card was searched once, but for the two whose search was cut off by the kill, retried once.
    assert sorted(set(searched)) == sorted(set(searched)) and len(set(searched)) == 15
    assert len(searched) == 15 + 2
    assert waited < 60  # a check a dead worker held is retried within a minute


def processes_in_group(group: int) -> list[str]:
    """(pid, state) of every process in the process group, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, ValueError):
            continue
        if int(pgrp) == group:
            found.append(f"{stat.parent.name} {state}")
    return found


def test_sigterm_to_the_workers_process_group_stops_it_within_seconds_and_loses_no_check(tmp_path, sample_store):
    env = prepared(tmp_path, sample_store, Q_WORKERS="2")
    assert shell(env, QUEUE_SEARCHES.format(count=6)) == ["6"]
    sample_store.set_fault("shopify", hang_seconds=30, times=2)

    with running(QCLUSTER, env, tmp_path / "worker1.log") as worker:
        wait_for(lambda: len(searched_cards(sample_store)) >= 2, 60, "both workers to be in a check")
        os.killpg(worker.pid, signal.SIGTERM)  # as a PaaS stops a dyno, and as Ctrl-C reaches make run
        stopped = time.monotonic()
        worker.wait(timeout=15)
        assert time.monotonic() - stopped < 10
        assert worker.returncode == 0
        assert processes_in_group(worker.pid) == []  # nothing of it is left behind, not even a zombie
    # Nothing of the group is left, the two checks in flight were handed back, none was recorded failed.
    assert query(env, "SELECT count(*) FROM availability_queuedcheck WHERE claimed_by != ''")[0][0] == 0
    assert query(env, "SELECT count(*) FROM availability_storecheck WHERE status = 'error'")[0][0] == 0

    with running(QCLUSTER, env, tmp_path / "worker2.log"):
        wait_for(lambda: answered_pairs(env) == 6, 60, "every check to run on the next worker")
    assert query(env, "SELECT count(*) FROM availability_storecheck WHERE status = 'error'")[0][0] == 0
