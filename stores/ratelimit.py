"""A rate limiter shared by every worker process, kept in the cache (Redis in production).

The scrapers' own limiter only spaces requests within one process; with two workers a store would
get twice the requests per second its settings allow.
"""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import Iterator

from django.core.cache import cache

LOCK_TIMEOUT = 5  # seconds; a crashed holder cannot block a store for longer


def _release(lock_key: str, token: int) -> None:
    """Delete the lock only if it still holds our token: a lock that expired under a slow holder
    and was taken by another process is that process's, not ours to delete."""
    delete_if_equal = getattr(cache, "delete_if_equal", None)
    if delete_if_equal is not None:  # Redis (lgs_checker.redis_cache): compare and delete atomically
        delete_if_equal(lock_key, token)
    elif cache.get(lock_key) == token:
        # Other caches (the database cache of a local run) have no compare-and-delete; the window
        # between the read and the delete is one query, on a lock that is ours until it expires.
        cache.delete(lock_key)


class CacheRateLimiter:
    """Books one slot every `interval` seconds per host, across processes; holds a host that asked
    us to wait (Retry-After) for every process alike. Times are epoch seconds, the same in all."""

    def __init__(self, clock=time.time, sleep=time.sleep) -> None:
        self._clock = clock
        self._sleep = sleep

    def reserve(self, host: str, interval: float) -> float:
        slot_key = f"ratelimit-next:{host}"
        with self._locked(host):
            now = self._clock()
            start = max(now, cache.get(slot_key) or now, cache.get(f"ratelimit-hold:{host}") or now)
            cache.set(slot_key, start + interval, timeout=max(60, int(start - now + interval * 10)))
            return start - now

    def hold(self, host: str, seconds: float) -> None:
        hold_key = f"ratelimit-hold:{host}"
        with self._locked(host):
            now = self._clock()
            until = max(now + seconds, cache.get(hold_key) or 0)
            cache.set(hold_key, until, timeout=int(until - now) + 60)

    def held_for(self, host: str) -> float:
        return max(0.0, (cache.get(f"ratelimit-hold:{host}") or 0) - self._clock())

    @contextlib.contextmanager
    def _locked(self, host: str) -> Iterator[None]:
        """Hold the host's lock while the body runs.

        Each taker writes a token of its own and deletes the lock only if it still holds that
        token. A wait that times out (the lock stayed taken for LOCK_TIMEOUT: a stuck holder, or
        others taking it in turn) goes ahead without the lock rather than stall the store, and
        then deletes nothing: the lock is someone else's. The worst that does is book one slot
        twice (one request sooner than the store's rate), once per timed-out wait.
        """
        lock_key = f"ratelimit-lock:{host}"
        token = secrets.randbits(62) + 1  # an int: Redis keeps it as plain digits (see _release)
        deadline = self._clock() + LOCK_TIMEOUT
        # cache.add is atomic on Redis and the database cache: whoever adds the key holds the lock.
        while not (taken := cache.add(lock_key, token, timeout=LOCK_TIMEOUT)):
            if self._clock() > deadline:
                break
            self._sleep(0.01)
        try:
            yield
        finally:
            if taken:
                _release(lock_key, token)
