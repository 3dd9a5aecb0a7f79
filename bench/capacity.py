"""What 1,000, 10,000 and 100,000 users ask of the stores and of the database: a capacity model.

    python bench/capacity.py                      # scratch SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch python bench/capacity.py   # PostgreSQL sizes

Part one simulates users with realistic wishlists: 100 cards each drawn from a catalog of 27,000
by a Zipf law (a few staples are on everyone's list, most cards on few), each user shopping at 10
of 40 stores (popular stores chosen more often). Each store has a rate limit and an inventory of
singles. For each population it prints, per store (the busiest, the median, the quietest):

- search mode: requests per hour to keep its tracked pairs as fresh as `availability.checks.rechecks`
  wants them (pairs of users active this week every TTL, the others once a day), at
  REQUESTS_PER_CHECK requests a check;
- sync mode: requests per hour to read its whole inventory every TTL (inventory / 250 pages);
- the freshness it can hold in each mode at its rate limit (the TTL, or the time one pass takes).

Part two measures the database on the real models (`latest.record_check`): bytes a changed check
adds (a StoreCheck, its offers, the latest answer) and bytes an unchanged one adds (none but the
updated latest-answer row), then prints rows and bytes per day for each population at a given
share of checks that find a change.

Part three measures the time a new user's 100 cards × 10 stores take to fill when the stores are
fresh (other users' checks answered them): the real `get_card_availability` path over a cold cache,
answered from the latest-answer table, counting queued checks and store requests (both must be 0).
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CATALOG = 27_000
STORES = 40
WISHLIST = 100
STORES_PER_USER = 10
TTL_MINUTES = 30
REQUESTS_PER_CHECK = 2  # availability.checks.tasks.REQUESTS_PER_CHECK
PAGE_SIZE = 250  # Shopify's products.json page; WooCommerce pages by 100
ACTIVE_SHARE = 0.3  # users who opened a dashboard or plan this week, or have alerts on
OFFERS_PER_CHECK = 3


@dataclass(frozen=True)
class Store:
    name: str
    rate: float  # requests per second
    inventory: int  # singles products


@dataclass
class Demand:
    active: set  # cards someone active tracks here: rechecked every TTL
    idle: set  # cards only idle users track here: rechecked daily


def zipf_sampler(n: int, s: float, rng: random.Random):
    cumulative = list(itertools.accumulate(1 / (rank ** s) for rank in range(1, n + 1)))
    total = cumulative[-1]

    def draw(k: int) -> set[int]:
        chosen: set[int] = set()
        while len(chosen) < k:
            chosen.add(bisect.bisect_left(cumulative, rng.random() * total))
        return chosen

    return draw


def make_stores(rng: random.Random) -> list[Store]:
    return [
        Store(f"store-{i:02d}", rate=rng.choice([0.5, 1.0, 1.0, 2.0]), inventory=rng.choice([3_000, 8_000, 20_000, 60_000]))
        for i in range(STORES)
    ]


def simulate(users: int, stores: list[Store], rng: random.Random) -> dict[str, Demand]:
    cards_of = zipf_sampler(CATALOG, 1.1, rng)
    stores_of = zipf_sampler(STORES, 0.8, rng)
    demand = {store.name: Demand(set(), set()) for store in stores}
    for _ in range(users):
        active = rng.random() < ACTIVE_SHARE
        wishlist = cards_of(WISHLIST)
        for index in stores_of(STORES_PER_USER):
            (demand[stores[index].name].active if active else demand[stores[index].name].idle).update(wishlist)
    for d in demand.values():
        d.idle -= d.active
    return demand


def store_figures(store: Store, d: Demand) -> dict:
    per_hour = 60 / TTL_MINUTES
    search = len(d.active) * REQUESTS_PER_CHECK * per_hour + len(d.idle) * REQUESTS_PER_CHECK / 24
    pages = -(-store.inventory // PAGE_SIZE)
    sync = pages * per_hour
    capacity = store.rate * 3600
    search_pass_min = len(d.active) * REQUESTS_PER_CHECK / store.rate / 60
    sync_pass_min = pages / store.rate / 60
    return {
        "store": store, "pairs": len(d.active) + len(d.idle), "search": search, "sync": sync, "capacity": capacity,
        "search_fresh": max(TTL_MINUTES, search_pass_min), "sync_fresh": max(TTL_MINUTES, sync_pass_min),
        # A store is checked no faster than its rate limit, however many pairs wait.
        "checks_per_day": min(search, capacity) / REQUESTS_PER_CHECK * 24,
    }


def print_population(users: int, figures: list[dict]) -> None:
    figures.sort(key=lambda f: f["pairs"], reverse=True)
    picks = {"busiest": figures[0], "median": figures[len(figures) // 2], "quietest": figures[-1]}
    print(f"\n{users:,} users: {sum(f['pairs'] for f in figures):,} tracked (store, card) pairs")
    print(f"  {'store':9} {'rate':>5} {'invent.':>8} {'pairs':>7} {'search req/h':>13} {'sync req/h':>11}"
          f" {'cap req/h':>10} {'fresh search':>13} {'fresh sync':>11}")
    for label, f in picks.items():
        s = f["store"]
        print(f"  {label:9} {s.rate:>5} {s.inventory:>8,} {f['pairs']:>7,} {f['search']:>13,.0f} {f['sync']:>11,.0f}"
              f" {f['capacity']:>10,.0f} {_minutes(f['search_fresh']):>13} {_minutes(f['sync_fresh']):>11}")
    behind = sum(f["search"] > f["capacity"] for f in figures)
    cheaper_sync = sum(f["sync"] < f["search"] for f in figures)
    print(f"  stores that cannot keep up by search: {behind} of {len(figures)}; where sync costs fewer requests: {cheaper_sync}")


def _minutes(value: float) -> str:
    return f"{value:.0f} min" if value < 120 else f"{value / 60:.1f} h"


# --- the database ---------------------------------------------------------------------------------


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lgs_checker.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def table_bytes() -> int:
    from django.db import connection

    tables = ["availability_storecheck", "availability_offer", "availability_latestanswer"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT sum(pg_total_relation_size(t)) FROM unnest(%s::text[]) AS t", [tables])
            return int(cursor.fetchone()[0])
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return pages * cursor.fetchone()[0]  # the whole scratch file: only these tables grow


def measure_check_bytes(pairs: int = 2000) -> tuple[float, float]:
    """Bytes per changed and per unchanged check, recorded through the real path."""
    from decimal import Decimal

    import scrapers
    from availability.checks.latest import record_check
    from cards.catalog.models import Card
    from stores.models import Store as StoreRow

    store = StoreRow.objects.create(name="Bytes", slug="bench-bytes", homepage="https://bytes.example", platform="shopify")
    cards = Card.objects.bulk_create([Card(name=f"Bytes card {i}", search_name=f"bytes card {i}") for i in range(pairs)])

    def answer(card, price: str) -> scrapers.SearchResult:
        return scrapers.SearchResult.from_offers([
            scrapers.Offer(name=card.name, set_name="Magic 2010", set_code="m10", collector_number=str(n),
                           finish="nonfoil", condition="NM", condition_raw="Near Mint", language="English",
                           price=Decimal(price) + n, currency="USD", quantity=3,
                           url=f"https://bytes.example/products/{card.pk}-{n}", variant_id=str(card.pk * 10 + n))
            for n in range(OFFERS_PER_CHECK)
        ], requests=REQUESTS_PER_CHECK)

    for card in cards:  # every pair's first answer
        record_check(store, card, answer(card, "1.00"), duration_ms=1)
    before = table_bytes()
    for card in cards:
        record_check(store, card, answer(card, "2.00"), duration_ms=1)
    changed = (table_bytes() - before) / pairs
    before = table_bytes()
    for card in cards:
        record_check(store, card, answer(card, "2.00"), duration_ms=1)
    unchanged = max(0, table_bytes() - before) / pairs
    return changed, unchanged


def measure_fill_time(stores: int = 10, cards: int = 100) -> tuple[float, float, int, int]:
    """Seconds to answer a new user's cards × stores over a cold and a warm cache; checks queued; requests."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.utils import timezone
    from django_q.models import OrmQ

    import scrapers
    from availability.checks import pipeline
    from availability.checks.models import LatestAnswer
    from availability.live import protocol
    from cards.catalog.models import Card
    from cards.wishlist.models import TrackedCard
    from stores.models import ChosenStore
    from stores.models import Store as StoreRow

    requests = []
    pipeline.scrapers.search = (
        lambda *a, **k: requests.append(a) or scrapers.SearchResult.error("no requests here"))
    rows = StoreRow.objects.bulk_create([
        StoreRow(name=f"Fill {i}", slug=f"bench-fill-{i}", homepage=f"https://fill{i}.example", platform="shopify")
        for i in range(stores)
    ])
    card_rows = Card.objects.bulk_create([Card(name=f"Fill card {i}", search_name=f"fill card {i}") for i in range(cards)])
    offer = {"name": "x", "set_name": "Magic 2010", "set_code": "m10", "collector_number": "1", "finish": "nonfoil",
             "condition": "NM", "condition_raw": "NM", "language": "English", "price": "1.00", "currency": "USD",
             "quantity": 2, "url": "https://fill.example/p", "variant_id": "1", "cart_url": None}
    now = timezone.now()
    LatestAnswer.objects.bulk_create([  # other users' checks answered every pair minutes ago
        LatestAnswer(store=s, card=c, status="ok", offers=[offer] * OFFERS_PER_CHECK, checked_at=now, last_good_at=now)
        for s in rows for c in card_rows
    ])
    user = get_user_model().objects.create_user("bench-fill", password="bench-password-123")
    ChosenStore.objects.bulk_create([ChosenStore(user=user, store=s) for s in rows])
    TrackedCard.objects.bulk_create([TrackedCard(user=user, card=c) for c in card_rows])
    cache.clear()
    timings = []
    for _ in range(2):  # cold cache, then warm
        started = time.perf_counter()
        messages = protocol.get_card_availability(user, {"type": "get_card_availability"})
        timings.append(time.perf_counter() - started)
        assert len(messages) == stores * cards and all(m["status"] == "in_stock" for m in messages)
    return timings[0], timings[1], OrmQ.objects.count(), len(requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--change-share", type=float, default=0.05, help="share of checks that find a change")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    stores = make_stores(rng)
    print(f"Model: {CATALOG:,} cards (Zipf 1.1), {WISHLIST} cards × {STORES_PER_USER} of {STORES} stores a user, "
          f"{ACTIVE_SHARE:.0%} of users active a week, TTL {TTL_MINUTES} min, {REQUESTS_PER_CHECK} requests a check, "
          f"sync pages of {PAGE_SIZE}")
    checks_per_day = {}
    for users in args.users:
        figures = [store_figures(store, d) for store, d in zip(stores, simulate(users, stores, rng).values())]
        print_population(users, figures)
        checks_per_day[users] = sum(f["checks_per_day"] for f in figures)

    scratch = None
    if not os.environ.get("DATABASE_URL"):
        scratch = Path(tempfile.mkdtemp(prefix="lgs-bench-capacity-"))
        os.environ["DATA_DIR"] = str(scratch)
        os.environ.pop("REDIS_URL", None)
    try:
        setup_django()
        from django.db import connection

        changed, unchanged = measure_check_bytes()
        print(f"\nDatabase ({connection.vendor}), measured on the real models: a changed check adds {changed:,.0f} bytes "
              f"(1 check + {OFFERS_PER_CHECK} offers + its latest answer), an unchanged one {unchanged:,.0f} bytes")
        print(f"  {'users':>8} {'checks/day':>11} {'rows/day now':>13} {'MB/day now':>11} {'rows/day before':>16} {'MB/day before':>14}")
        for users, per_day in checks_per_day.items():
            changes = per_day * args.change_share
            rows = changes * (1 + OFFERS_PER_CHECK)
            size = changes * changed + (per_day - changes) * unchanged
            print(f"  {users:>8,} {per_day:>11,.0f} {rows:>13,.0f} {size / 1e6:>11,.1f}"
                  f" {per_day * (1 + OFFERS_PER_CHECK):>16,.0f} {per_day * changed / 1e6:>14,.1f}")
        cold, warm, queued, requested = measure_fill_time()
        print(f"\nA new user's 100 cards × 10 fresh stores: {cold:.2f} s over a cold cache, {warm:.2f} s warm;"
              f" {queued} checks queued, {requested} store requests (target: under 2 s, none)")
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
