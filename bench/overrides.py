"""Each override of a library internal against the library's own way (A/B), on real Redis and PostgreSQL.

    DATABASE_URL=postgres://… REDIS_URL=redis://… SECRET_KEY=… python bench/overrides.py
        [--messages 1000] [--groups 1000] [--calls 2000] [--cards 100] [--rounds 3]

The overrides that lean on private parts of Django, Channels and channels-redis (guarded by
tests/test_pinned_internals.py) each claim a gain; this measures it, in one process, without the
browser or daphne in the way, so the figure is the override's alone:

- receive batching (`PooledRedisChannelLayer.receive_single`): --messages pushes waiting for one
  socket's process, received through `receive` as a consumer does; library: one message per round
  trips of its own.
- many group sends (`group_send_many`): one message to each of --groups users' groups (one answer's
  fan-out); library: `group_send` per group, concurrently, on the same pool.
- the shared Redis cache client (`SharedPoolRedisCache`): (a) first use in a new context (each
  socket's first message: a new cache object), (b) a steady `get`; library: Django's `RedisCache`.
  And `count` (one round trip) against `add` + `incr`, the message budget's per-message cost.
- the WebSocket side's database threads (`db_threads.run_in_db_thread`): --calls small ORM calls
  made at once (a crowd's handshakes and messages); library: Channels' `database_sync_to_async`
  (one shared thread). And the trust window (no `SELECT 1` before a connection that answered
  within 0.5 s), serial calls with and without it.
- the WebSocket handshake's user lookup (`websocket_auth.PooledAuthMiddleware`): --calls / 4
  handshakes at once; library: Channels' `AuthMiddleware` (its single database thread).
- the consumer's dispatch (`AvailabilityConsumer.dispatch`): --calls frames at once to a handler
  doing no database work; library: Channels' `dispatch` (a trip to its shared thread per frame).
- the wishlist push batching (`wishlist_push.wishlist_changed`): a list import of --cards cards in
  one transaction; library way: one `on_commit` push per saved row.

Each figure is the median of --rounds runs; the gain is library time / override time. Needs a
PostgreSQL database it may migrate and write a few users to (its own: DATABASE_URL), and a Redis
it may write keys to (under a prefix of its own, deleted afterwards).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_seconds(run: Callable[[], float], rounds: int) -> float:
    return statistics.median(run() for _ in range(rounds))


def report(name: str, unit: str, library: float, override: float, per: int) -> dict:
    gain = library / override if override else float("inf")
    print(f"{name:<52} library {library / per * 1e6:9.1f} {unit}   override {override / per * 1e6:9.1f} {unit}"
          f"   gain ×{gain:5.2f}", flush=True)
    return {"name": name, "library": library, "override": override, "gain": gain}


# --- channel layer ------------------------------------------------------------------------------

def layer(cls, redis_url: str, capacity: int):
    return cls(hosts=[redis_url], prefix=f"bench{uuid.uuid4().hex[:8]}", capacity=capacity)


def bench_receive(redis_url: str, messages: int, rounds: int) -> dict:
    from channels_redis.core import RedisChannelLayer

    from lgs_checker.channel_layer import PooledRedisChannelLayer

    def run(cls) -> float:
        async def go() -> float:
            channels = layer(cls, redis_url, capacity=messages + 10)
            channel = await channels.new_channel()
            for n in range(messages):  # waiting before the receive starts (not timed)
                await channels.send(channel, {"type": "push", "n": n})
            started = time.perf_counter()
            for _ in range(messages):
                await channels.receive(channel)
            elapsed = time.perf_counter() - started
            await channels.flush()
            await channels.close_pools()
            return elapsed
        return asyncio.run(go())

    return report(f"receive {messages} waiting pushes", "µs/msg",
                  median_seconds(lambda: run(RedisChannelLayer), rounds),
                  median_seconds(lambda: run(PooledRedisChannelLayer), rounds), messages)


def bench_group_send(redis_url: str, groups: int, rounds: int) -> dict:
    from lgs_checker.channel_layer import PooledRedisChannelLayer

    def run(many: bool) -> float:
        async def go() -> float:
            # One key holds every socket of a process: room for all the pushes, as a crowd's process has.
            channels = layer(PooledRedisChannelLayer, redis_url, capacity=groups + 10)
            names = [f"user-{n}" for n in range(groups)]
            for name in names:
                await channels.group_add(name, await channels.new_channel())
            sends = [(name, {"type": "push", "message": {"type": "cell"}}) for name in names]
            started = time.perf_counter()
            if many:
                await channels.group_send_many(sends)
            else:
                await asyncio.gather(*(channels.group_send(group, message) for group, message in sends))
            elapsed = time.perf_counter() - started
            await channels.flush()
            await channels.close_pools()
            return elapsed
        return asyncio.run(go())

    return report(f"one push to each of {groups} groups", "µs/group",
                  median_seconds(lambda: run(False), rounds), median_seconds(lambda: run(True), rounds), groups)


# --- Redis cache --------------------------------------------------------------------------------

def bench_cache(redis_url: str, calls: int, rounds: int) -> list[dict]:
    from django.core.cache.backends.redis import RedisCache

    from lgs_checker import redis_cache
    from lgs_checker.redis_cache import SharedPoolRedisCache

    prefix = f"bench{uuid.uuid4().hex[:8]}"
    params = {"KEY_PREFIX": prefix, "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5}}
    contexts = max(calls // 10, 50)

    def first_use(cls) -> float:
        redis_cache._clients.clear()
        made = []
        started = time.perf_counter()
        for _ in range(contexts):  # what each socket's first message did: a cache object of its own
            cache = cls(redis_url, params)
            cache.get("budget")
            made.append(cache)
        elapsed = time.perf_counter() - started
        for cache in made:
            cache.close()
        return elapsed

    def steady(cls) -> float:
        cache = cls(redis_url, params)
        cache.get("budget")
        started = time.perf_counter()
        for _ in range(calls):
            cache.get("budget")
        return time.perf_counter() - started

    def count(shared: bool) -> float:
        cache = SharedPoolRedisCache(redis_url, params)
        started = time.perf_counter()
        for n in range(calls):
            key = f"count:{n % 50}"
            if shared:
                cache.count(key, 1, 10)
            else:  # the database-cache path of availability/live/fairness.py, on Redis
                try:
                    cache.incr(key, 1)
                except ValueError:
                    if not cache.add(key, 1, timeout=10):
                        cache.incr(key, 1)
        return time.perf_counter() - started

    results = [
        report(f"cache: first get in {contexts} new contexts", "µs/ctx",
               median_seconds(lambda: first_use(RedisCache), rounds),
               median_seconds(lambda: first_use(SharedPoolRedisCache), rounds), contexts),
        report(f"cache: {calls} gets on one cache object", "µs/get",
               median_seconds(lambda: steady(RedisCache), rounds),
               median_seconds(lambda: steady(SharedPoolRedisCache), rounds), calls),
        report(f"cache: {calls} message-budget counts", "µs/count",
               median_seconds(lambda: count(False), rounds), median_seconds(lambda: count(True), rounds), calls),
    ]
    SharedPoolRedisCache(redis_url, params).clear()
    return results


# --- database threads ---------------------------------------------------------------------------

def bench_db_threads(calls: int, rounds: int) -> list[dict]:
    from channels.db import database_sync_to_async
    from django.contrib.auth import get_user_model

    from lgs_checker import db_threads

    user_model = get_user_model()

    def lookup() -> bool:
        return user_model.objects.filter(pk=1).exists()

    def crowd(pooled: bool) -> float:
        async def go() -> float:
            run = db_threads.run_in_db_thread if pooled else database_sync_to_async(lookup)
            started = time.perf_counter()
            if pooled:
                await asyncio.gather(*(run(lookup) for _ in range(calls)))
            else:
                await asyncio.gather(*(run() for _ in range(calls)))
            return time.perf_counter() - started
        elapsed = asyncio.run(go())
        db_threads.close_connections()
        return elapsed

    def serial(trusted: float) -> float:
        db_threads.TRUSTED_FOR_SECONDS = trusted

        async def go() -> float:
            await db_threads.run_in_db_thread(lookup)  # the connection is open before timing
            started = time.perf_counter()
            for _ in range(calls // 4):
                await db_threads.run_in_db_thread(lookup)
            return time.perf_counter() - started
        try:
            return asyncio.run(go())
        finally:
            db_threads.TRUSTED_FOR_SECONDS = 0.5
            db_threads.close_connections()

    return [
        report(f"db: {calls} small ORM calls at once", "µs/call",
               median_seconds(lambda: crowd(False), rounds), median_seconds(lambda: crowd(True), rounds), calls),
        report(f"db: {calls // 4} calls one after another", "µs/call",
               median_seconds(lambda: serial(0.0), rounds), median_seconds(lambda: serial(0.5), rounds), calls // 4),
    ]


def bench_dispatch(calls: int, rounds: int) -> dict:
    from channels.consumer import AsyncConsumer

    from availability.live.consumers import AvailabilityConsumer

    class Probe(AsyncConsumer):
        async def websocket_receive(self, message: dict) -> None:
            await asyncio.sleep(0)  # a handler that does no database work of its own

    def run(override: bool) -> float:
        async def go() -> float:
            sockets = [Probe() for _ in range(calls)]
            dispatch = AvailabilityConsumer.dispatch if override else AsyncConsumer.dispatch
            started = time.perf_counter()
            await asyncio.gather(*(dispatch(socket, {"type": "websocket.receive"}) for socket in sockets))
            return time.perf_counter() - started
        return asyncio.run(go())

    return report(f"ws: {calls} frames dispatched at once", "µs/frame",
                  median_seconds(lambda: run(False), rounds), median_seconds(lambda: run(True), rounds), calls)


def bench_handshakes(calls: int, rounds: int) -> dict:
    from channels.auth import get_user
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from lgs_checker import db_threads

    user, _ = get_user_model().objects.get_or_create(username="bench-overrides")
    session = SessionStore()
    session.update({SESSION_KEY: str(user.pk), HASH_SESSION_KEY: user.get_session_auth_hash(),
                    BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend"})
    session.save()

    def run(pooled: bool) -> float:
        async def go() -> float:
            scopes = [{"session": SessionStore(session_key=session.session_key)} for _ in range(calls)]
            started = time.perf_counter()
            if pooled:  # PooledAuthMiddleware.resolve_scope
                users = await asyncio.gather(*(db_threads.run_in_db_thread(get_user.func, scope) for scope in scopes))
            else:  # Channels' AuthMiddleware.resolve_scope
                users = await asyncio.gather(*(get_user(scope) for scope in scopes))
            assert all(found.pk == user.pk for found in users)
            return time.perf_counter() - started
        elapsed = asyncio.run(go())
        db_threads.close_connections()
        return elapsed

    return report(f"ws auth: {calls} handshakes' user lookups at once", "µs/lookup",
                  median_seconds(lambda: run(False), rounds), median_seconds(lambda: run(True), rounds), calls)


# --- wishlist push batching ---------------------------------------------------------------------

def bench_wishlist_push(cards: int, rounds: int) -> dict:
    from functools import partial

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from availability.live import wishlist_push
    from cards.catalog.models import Card
    from cards.wishlist.models import TrackedCard

    user, _ = get_user_model().objects.get_or_create(username="bench-overrides")
    catalog = [Card.objects.get_or_create(name=f"Bench card {n}")[0] for n in range(cards)]
    batched = wishlist_push.wishlist_changed

    def every_row(user_id: int) -> None:  # the library's way: one on_commit per saved row
        transaction.on_commit(partial(wishlist_push.push_wishlist, user_id, wishlist_push.current_socket.get()))

    def run(once: bool) -> float:
        TrackedCard.objects.filter(user=user).delete()
        wishlist_push.wishlist_changed = batched if once else every_row
        try:
            started = time.perf_counter()
            with transaction.atomic():  # a list import: every row saved in one transaction
                for card in catalog:
                    TrackedCard.objects.create(user=user, card=card, amount=1)
            return time.perf_counter() - started
        finally:
            wishlist_push.wishlist_changed = batched

    result = report(f"import {cards} cards in one transaction (with pushes)", "µs/card",
                    median_seconds(lambda: run(False), rounds), median_seconds(lambda: run(True), rounds), cards)
    TrackedCard.objects.filter(user=user).delete()
    return result


SECTIONS = ("receive", "group_send", "cache", "db", "auth", "dispatch", "wishlist")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--cards", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"a comma list of: {', '.join(SECTIONS)}")
    args = parser.parse_args()
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            raise SystemExit(f"set {name} (see the docstring)")

    import logging

    import django

    logging.getLogger("channels_redis").setLevel(logging.WARNING)  # no line per group sent
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lgs_checker.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    redis_url = os.environ["REDIS_URL"]
    print(f"median of {args.rounds} rounds; gain = library time / override time; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    runs = {
        "receive": lambda: bench_receive(redis_url, args.messages, args.rounds),
        "group_send": lambda: bench_group_send(redis_url, args.groups, args.rounds),
        "cache": lambda: bench_cache(redis_url, args.calls, args.rounds),
        "db": lambda: bench_db_threads(args.calls, args.rounds),
        "auth": lambda: bench_handshakes(args.calls // 4, args.rounds),
        "dispatch": lambda: bench_dispatch(args.calls, args.rounds),
        "wishlist": lambda: bench_wishlist_push(args.cards, args.rounds),
    }
    for section in args.only.split(","):
        if section.strip() not in runs:
            raise SystemExit(f"--only: unknown section {section!r}; choose from {', '.join(SECTIONS)}")
        runs[section.strip()]()
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
