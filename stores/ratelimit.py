"""A rate limiter shared by every worker process, kept in the cache (Redis in production).

The scrapers' own limiter only spaces requests within one process; with two workers a store would
get twice the requests per second its settings allow.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from django.core.cache import cache

LOCK_TIMEOUT = 5  # seconds; a crashed holder cannot block a store for longer


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
        lock_key = f"ratelimit-lock:{host}"
        deadline = self._clock() + LOCK_TIMEOUT
        # cache.add is atomic on Redis and the database cache: whoever adds the key holds the lock.
        while not cache.add(lock_key, 1, timeout=LOCK_TIMEOUT):
            if self._clock() > deadline:
                break  # the holder died; go ahead rather than stall the store for good
            self._sleep(0.01)
        try:
            yield
        finally:
            cache.delete(lock_key)
