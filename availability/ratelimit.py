"""A rate limiter shared by every worker process, kept in the cache (Redis in production).

The scrapers' own limiter only spaces requests within one process; with two workers a store would
get twice the requests per second its settings allow.
"""

from __future__ import annotations

import time

from django.core.cache import cache

LOCK_TIMEOUT = 5  # seconds; a crashed holder cannot block a store for longer


class CacheRateLimiter:
    """Books one slot every `interval` seconds per host, across processes."""

    def __init__(self, clock=time.time, sleep=time.sleep) -> None:
        self._clock = clock
        self._sleep = sleep

    def reserve(self, host: str, interval: float) -> float:
        lock_key, slot_key = f"ratelimit-lock:{host}", f"ratelimit-next:{host}"
        deadline = self._clock() + LOCK_TIMEOUT
        # cache.add is atomic on Redis and the database cache: whoever adds the key holds the lock.
        while not cache.add(lock_key, 1, timeout=LOCK_TIMEOUT):
            if self._clock() > deadline:
                break  # the holder died; go ahead rather than stall the store for good
            self._sleep(0.01)
        try:
            now = self._clock()
            start = max(now, cache.get(slot_key) or now)
            cache.set(slot_key, start + interval, timeout=max(60, int(interval * 10)))
            return start - now
        finally:
            cache.delete(lock_key)
