"""A real qcluster worker against every hostile store at once: each check ends (offers without unsafe
links, or a store error) well inside the task timeout, is recorded and cached for the cell, counts
toward the store's health, and the worker lives on to do the next check."""

from __future__ import annotations

import json
import sqlite3
from contextlib import ExitStack

import pytest

from scrapers.sample_store import running_sample_store, sample_store_definitions
from tests.availability.test_hostile_stores import CASES, OFFERS
from tests.support.processes import BIN, app_environment, manage, running
from tests.support.polling import wait_for

pytestmark = [pytest.mark.processes, pytest.mark.pinned_configuration("zero-service default")]

SETUP = """
import json
from django.contrib.auth import get_user_model
from availability.checks.pipeline import queue_check
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from stores.models import ChosenStore, Store
user = get_user_model().objects.create_user('alice', 'alice@example.com', 'alice password 1')
card = Card.objects.get(name='Lightning Bolt')
TrackedCard.objects.create(user=user, card=card)
for store in json.loads({stores!r}):
    row = Store.objects.create(**store)
    ChosenStore.objects.create(user=user, store=row)
    queue_check(row, card)
print('queued')
"""
# Expire the pair's answer (cache and latest-answer table) and queue its check.
AGAIN = """
from datetime import datetime, timezone
from django.core.cache import cache
from availability.checks.pipeline import queue_check
from availability.checks.models import LatestAnswer
from availability.checks.results import result_key
from cards.catalog.models import Card
from stores.models import Store
store, card = Store.objects.get(slug={slug!r}), Card.objects.get(name='Lightning Bolt')
cache.delete(result_key(store.pk, card.pk))
LatestAnswer.objects.filter(store=store, card=card).update(checked_at=datetime(2000, 1, 1, tzinfo=timezone.utc))
print(queue_check(store, card))
"""
REPORT = """
import json
from availability.checks.results import cached_answer
from cards.catalog.models import Card
from stores.models import Store
card = Card.objects.get(name='Lightning Bolt')
report = {}
for store in Store.objects.filter(slug__startswith='hostile-'):
    answer = cached_answer(store.pk, card.pk)
    report[store.slug] = {
        'cached': answer and answer.status, 'reason': answer and answer.reason,
        'urls': [offer['url'] for offer in (answer.offers if answer else [])],
        'failures': store.consecutive_failures, 'last_error': store.last_error_reason,
        'ok_at': bool(store.last_success_at),
    }
print(json.dumps(report))
"""


def store_rows(servers) -> list[dict]:
    rows = []
    for index, ((mode, platform, _), server) in enumerate(zip(CASES, servers)):
        definition = next(d for d in sample_store_definitions(server.url) if d["platform"] == platform)
        rows.append({
            "slug": f"hostile-{index}", "name": f"{mode} ({platform})", "platform": platform,
            "homepage": definition["base_url"], "settings": definition["settings"], "currency": definition["currency"],
            "requests_per_second": 5.0,  # as register_sample_stores sets
        })
    return rows


def checks_recorded(env: dict) -> list[tuple[str, str]]:
    with sqlite3.connect(f"file:{env['DATA_DIR']}/db.sqlite3?mode=ro", uri=True) as db:
        return db.execute(
            "SELECT s.slug, c.status FROM availability_storecheck c JOIN stores_store s ON s.id = c.store_id ORDER BY c.id"
        ).fetchall()


def answered_since_expiry(env: dict, slug: str) -> bool:
    """Whether the pair's latest answer is newer than AGAIN's expiry (an unchanged answer writes no
    history row, so the latest-answer table is where a new check shows)."""
    with sqlite3.connect(f"file:{env['DATA_DIR']}/db.sqlite3?mode=ro", uri=True) as db:
        [(checked_at,)] = db.execute(
            "SELECT a.checked_at FROM availability_latestanswer a JOIN stores_store s ON s.id = a.store_id"
            " WHERE s.slug = ?", [slug]
        ).fetchall()
    return not str(checked_at).startswith("2000-")


def shell(env: dict, code: str) -> str:
    return manage(env, "shell", "-v", "0", "-c", code).strip().splitlines()[-1]


def test_a_real_worker_ends_every_hostile_check_and_survives(tmp_path):
    # Task timeout 30 s; a scrape gets 3 s in all and each request 2 s, so none comes near it.
    env = app_environment(tmp_path, Q_TIMEOUT="30", Q_RETRY="45", SCRAPE_TIMEOUT_SECONDS="3",
                          STORE_REQUEST_TIMEOUT_SECONDS="2")
    manage(env, "release", "--sample-data", timeout=300)
    with ExitStack() as stack:
        # One server per case: each is its own host:port, as separate shops would be.
        servers = [stack.enter_context(running_sample_store()) for _ in CASES]
        for (mode, platform, _), server in zip(CASES, servers):
            server.set_fault(platform, hostile=mode)
        shell(env, SETUP.format(stores=json.dumps(store_rows(servers))))

        with running([str(BIN / "python"), "manage.py", "qcluster"], env, tmp_path / "worker.log") as worker:
            wait_for(lambda: len(checks_recorded(env)) == len(CASES), 180, "every hostile check to be recorded")
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-4000:]

            # The same worker still checks a store that behaves.
            servers[0].reset()
            assert shell(env, AGAIN.format(slug="hostile-0")) == "True"
            wait_for(lambda: answered_since_expiry(env, "hostile-0"), 60, "the next check")
            assert worker.poll() is None

    log = (tmp_path / "worker.log").read_text()
    assert "after timeout" not in log  # django-q's words when it kills a worker over a task
    report = json.loads(shell(env, REPORT))
    recorded = dict(checks_recorded(env)[: len(CASES)])
    for index, (mode, platform, outcome) in enumerate(CASES):
        slug, row = f"hostile-{index}", report[f"hostile-{index}"]
        if outcome == OFFERS:
            assert recorded[slug] == "ok", (mode, platform, row)
            assert row["cached"] == "ok" and row["urls"], (mode, platform)
            assert all(url == "" or url.startswith("http://127.0.0.1:") for url in row["urls"]), (mode, row["urls"])
            assert row["failures"] == 0 and row["ok_at"]
        else:
            assert recorded[slug] == "error", (mode, platform, row)
            assert row["cached"] == "error" and outcome in row["reason"], (mode, row["reason"])
            assert row["failures"] == 1 and outcome in row["last_error"], (mode, row)
