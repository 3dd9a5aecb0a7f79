"""A worker killed in the middle of a check loses nothing: the queued check runs again elsewhere."""

from __future__ import annotations

import os
import signal
import sqlite3

import pytest

from tests.support.processes import BIN, app_environment, manage, running
from tests.support.polling import wait_for

pytestmark = [pytest.mark.processes, pytest.mark.pinned_configuration("zero-service default")]

SETUP = (
    "from django.contrib.auth import get_user_model; from cards.catalog.models import Card; "
    "from cards.wishlist.models import TrackedCard; "
    "from stores.models import ChosenStore, Store; from availability.checks.pipeline import queue_check; "
    "user = get_user_model().objects.create_user('alice', 'alice@example.com', 'alice password 1'); "
    "store = Store.objects.get(slug='sample-shopify'); card = Card.objects.get(name='Sol Ring'); "
    "ChosenStore.objects.create(user=user, store=store); TrackedCard.objects.create(user=user, card=card); "
    "print(queue_check(store, card))"
)


def checks_recorded(env) -> list[str]:
    # Read from the app's SQLite file directly: polled every half second, a `manage.py shell` each
    # time would cost more CPU than the worker under test.
    with sqlite3.connect(f"file:{env['DATA_DIR']}/db.sqlite3?mode=ro", uri=True) as db:
        return [status for (status,) in db.execute("SELECT status FROM availability_storecheck ORDER BY id")]


def test_a_check_whose_worker_was_killed_runs_again_on_the_next_worker(tmp_path, sample_store):
    # Short timeout and retry so the test does not wait minutes; retry still exceeds timeout.
    env = app_environment(tmp_path, Q_TIMEOUT="4", Q_RETRY="6")
    manage(env, "release", "--sample-data", timeout=300)
    manage(env, "register_sample_stores", "--url", sample_store.url)
    assert manage(env, "shell", "-v", "0", "-c", SETUP).strip().splitlines()[-1] == "True"
    sample_store.set_fault("shopify", hang_seconds=30, times=1)  # the first request never answers

    with running([str(BIN / "python"), "manage.py", "qcluster"], env, tmp_path / "worker1.log") as worker:
        wait_for(lambda: sample_store.requests("shopify") >= 1, 60, "the first worker to start the check")
        os.killpg(worker.pid, signal.SIGKILL)  # no chance to finish, acknowledge or clean up
    assert checks_recorded(env) == []

    with running([str(BIN / "python"), "manage.py", "qcluster"], env, tmp_path / "worker2.log"):
        wait_for(lambda: checks_recorded(env) != [], 90, "the check to run again")
    assert checks_recorded(env) == ["ok"]
