"""Tasks per hour for a synced store with 20,000 tracked cards: one task per pair, or one pass.

    python bench/synced_store.py                     # scratch SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch python bench/synced_store.py

A store read through its inventory index answers every card without a request. Before
`availability.checks.bulk`, its tracked pairs still went through the queue one task each: the
five-minute recheck queued every pair whose answer had gone stale (at most the store's budget a
run, `tasks.recheck_stale`), and each task read that one card's rows of the index. Now the sync's
task answers every pair in one pass, and the recheck queues one task for a synced store's stale
pairs (if any), which answers them all in the same pass.

The bench builds one synced store (an index of 10,000 listings, `--cards` tracked cards by 200
users, alerts on for a tenth of them), then, with every pair stale as it is once per TTL, runs:

- before: the recheck as it was (the index not consulted: one queued task per stale pair, up to
  the budget), then a sample of those tasks as a worker runs them (`check_store_card`);
- after: the recheck as it is now (one task for the store, run here), and the sync's own pass
  (`bulk.answer_in_bulk`).

It prints tasks queued per run and per hour (the recheck runs 12 times an hour; the index is synced
once per TTL), and worker seconds per hour either way.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import string
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.capacity import setup_django  # noqa: E402  (the same migrated scratch database)

USERS = 200
LISTED = 10_000
SAMPLE_TASKS = 300



def names(count: int) -> list[str]:
    letters = string.ascii_lowercase
    words = ("".join(p) for p in itertools.product(letters, repeat=4))
    return [f"Benchmark {word.capitalize()}" for word in itertools.islice(words, count)]


def build(cards_wanted: int):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    import scrapers
    from availability.alerts.models import AlertSettings
    from cards.catalog.models import Card, search_key
    from cards.wishlist.models import TrackedCard
    from scrapers.listing import card_key
    from stores.inventory.models import InventoryItem, StoreSync
    from stores.models import ChosenStore, Store

    store = Store.objects.create(slug="bench-synced", name="Bench Synced", homepage="https://bench.example",
                                 platform="shopify", currency="USD", inventory_mode="sync", requests_per_second=1)
    all_names = names(cards_wanted)
    Card.objects.bulk_create([Card(name=name, search_name=search_key(name)) for name in all_names], batch_size=2000)
    cards = list(Card.objects.filter(name__in=all_names).order_by("pk"))
    now = timezone.now()
    sync = StoreSync.objects.create(store=store, status=StoreSync.Status.OK, started_at=now - timedelta(minutes=5),
                                    finished_at=now, pages=40, products=LISTED, offers=LISTED)
    items = []
    for card in cards[:LISTED]:
        offer = scrapers.Offer(name=card.name, set_name="Bench Set", set_code="BEN", collector_number="1",
                               finish="nonfoil", condition="NM", condition_raw="NM", language="English",
                               price=Decimal("1.50"), currency="USD", quantity=2,
                               url=f"https://bench.example/products/{card.pk}", variant_id=str(card.pk))
        items.append(InventoryItem(sync=sync, card_key=card_key(card.name), title=card.name, set_name="Bench Set",
                                   offer=offer.to_json(), read_at=now - timedelta(minutes=3)))
    InventoryItem.objects.bulk_create(items, batch_size=2000)
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"bench{i}", email=f"bench{i}@example.com") for i in range(USERS)])
    users = list(get_user_model().objects.filter(username__startswith="bench"))
    ChosenStore.objects.bulk_create([ChosenStore(user=user, store=store) for user in users])
    per_user = len(cards) // len(users)
    TrackedCard.objects.bulk_create(
        [TrackedCard(user=user, card=card) for i, user in enumerate(users)
         for card in cards[i * per_user:(i + 1) * per_user]], batch_size=2000)
    AlertSettings.objects.bulk_create([AlertSettings(user=user, enabled=True, enabled_at=now - timedelta(days=1))
                                       for user in users[: len(users) // 10]])
    return store, cards


def age_every_answer(store) -> None:
    from django.core.cache import cache
    from django.utils import timezone

    from availability.checks.models import LatestAnswer

    LatestAnswer.objects.filter(store=store).update(checked_at=timezone.now() - store.cache_ttl * 2)
    cache.clear()


def queued_checks() -> list:
    from django_q.models import OrmQ

    return [task for task in OrmQ.objects.all() if task.func() == "availability.checks.pipeline.check_store_card"]


def measure(cards_wanted: int) -> None:
    from django_q.models import OrmQ

    from availability.alerts import detection
    from availability.checks import bulk, pipeline, tasks
    from availability.checks.models import LatestAnswer
    from availability.live import answer_push
    from django.utils.timezone import now

    answer_push.push_to_users = lambda messages: None  # no sockets here: the rendering still runs
    detection.push_to_user = lambda user_id, message: None
    store, cards = build(cards_wanted)
    tracked = len(cards)
    ttl_minutes = store.cache_ttl.total_seconds() / 60
    runs_an_hour, syncs_an_hour = 60 / tasks.RECHECK_EVERY.total_seconds() * 60, 60 / ttl_minutes

    started = time.perf_counter()
    first = bulk.answer_in_bulk(store)
    first_pass = time.perf_counter() - started
    print(f"One synced store, {tracked:,} tracked cards ({USERS} users), an index of {LISTED:,} listings, "
          f"TTL {ttl_minutes:.0f} min, {store.requests_per_second:g} request/s")
    print(f"  first pass after the sync (every pair a change): {first:,} pairs in {first_pass:.1f} s")

    # Before: the recheck did not consult the index; one task per stale pair, up to the budget.
    age_every_answer(store)
    real_index_answers = tasks.index_answers
    tasks.index_answers = lambda _store: False
    try:
        started = time.perf_counter()
        tasks.recheck_stale()
        before_recheck = time.perf_counter() - started
    finally:
        tasks.index_answers = real_index_answers
    queued = queued_checks()
    per_run_before = len(queued)
    started = time.perf_counter()
    for task in queued[:SAMPLE_TASKS]:
        pipeline.check_store_card(*task.args(), **task.kwargs())
    per_task = (time.perf_counter() - started) / min(SAMPLE_TASKS, len(queued))
    OrmQ.objects.all().delete()
    needed = tracked * 60 / ttl_minutes  # each pair stale once per TTL
    before_per_hour = min(needed, per_run_before * runs_an_hour)
    print(f"  before: a recheck run queues {per_run_before:,} check tasks (the store's budget; {tracked:,} pairs stale);"
          f" a task takes {per_task * 1000:.1f} ms in the worker")
    print(f"          {before_per_hour + syncs_an_hour:,.0f} tasks an hour ({before_per_hour:,.0f} checks + "
          f"{syncs_an_hour:.0f} syncs), {before_per_hour * per_task + before_recheck * runs_an_hour:,.0f} worker s an hour;"
          f" pairs kept fresh an hour: {before_per_hour:,.0f} of the {needed:,.0f} needed")

    # After: the recheck queues one task for the store, which answers every stale pair from the index.
    age_every_answer(store)
    started = time.perf_counter()
    store_tasks = tasks.recheck_stale()
    after_recheck = time.perf_counter() - started
    per_run_after = len(queued_checks())
    OrmQ.objects.all().delete()
    started = time.perf_counter()
    bulk.answer_stale_pairs(store.pk)
    stale_pass = time.perf_counter() - started
    stale_left = LatestAnswer.objects.filter(store=store, checked_at__lt=now() - store.cache_ttl).count()
    age_every_answer(store)
    started = time.perf_counter()
    bulk.answer_in_bulk(store)
    sync_pass = time.perf_counter() - started
    print(f"  after:  a recheck run with every pair stale queues {per_run_after} check tasks and {store_tasks} task for"
          f" the store ({after_recheck:.2f} s), which answers all {tracked:,} pairs in {stale_pass:.1f} s"
          f" ({stale_left} left stale); the sync's own pass takes {sync_pass:.1f} s")
    print(f"          {syncs_an_hour:.0f} tasks an hour (the syncs, each answering every pair), "
          f"{sync_pass * syncs_an_hour + after_recheck * runs_an_hour:,.0f} worker s an hour"
          f" (a store task too only when pairs go stale between syncs)")


def quiet() -> None:
    import logging

    logging.getLogger("django-q").setLevel(logging.WARNING)  # one "Enqueued" line a task


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=20_000, help="tracked cards at the store (default 20,000)")
    args = parser.parse_args()
    scratch = None
    if not os.environ.get("DATABASE_URL"):
        scratch = Path(tempfile.mkdtemp(prefix="lgs-bench-synced-"))
        os.environ["DATA_DIR"] = str(scratch)
        os.environ.pop("REDIS_URL", None)
    try:
        setup_django()
        quiet()
        from django.db import connection

        print(f"Database: {connection.vendor}")
        measure(args.cards)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
