"""Fair sharing of a web process between users: a message budget per user, and shared refreshes.

Ten sockets of one user asking for full refreshes as fast as they could pushed another user's
round trip to a second. Two limits keep one user from crowding out the rest:

- **A message budget per user**, shared by all their sockets and all web processes (it lives in
  the cache: Redis in production, the database cache on a laptop). A user may send
  `WS_MESSAGE_BURST` messages at once, then `WS_MESSAGES_PER_SECOND` on average; a message
  beyond that gets an `error` reply asking to slow down and is not acted on. A full refresh
  (every card at every store, hundreds of cells) counts as `FULL_REFRESH_COST` messages.
- **One full refresh at a time per user**: a `get_card_availability` that arrives while the same
  one is being answered for that user (another tab, a reconnect) waits for it and gets the same
  answer, instead of reading and queuing everything again. This is per web process; across
  processes the message budget still applies.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Hashable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

T = TypeVar("T")

def message_allowed(user_id: int, clock: Callable[[], float] = time.time, cost: int = 1) -> bool:
    """Count a message (`cost` messages' worth) against the user's budget; False when this
    window's budget is spent.

    The budget is a counter per window of `burst / rate` seconds (30 messages per 6 s by default):
    a user may send the whole burst at once, and on average no more than the steady rate. One
    atomic increment (one round trip on Redis), no lock, so checking it costs a message little.
    """
    burst, rate = settings.WS_MESSAGE_BURST, settings.WS_MESSAGES_PER_SECOND
    window = burst / rate
    key = f"ws-budget:{user_id}:{int(clock() // window)}"
    try:
        used = _count(key, cost, timeout=math.ceil(window) + 1)
    except Exception as error:
        # The cache is down: serve the message rather than refuse everyone (degrade, don't fail).
        logger.warning("message budget unavailable, allowing the message: %s", error)
        return True
    return used <= burst


def _count(key: str, delta: int, timeout: int) -> int:
    if hasattr(cache, "count"):  # Redis (lgs_checker/redis_cache.py): one round trip
        return cache.count(key, delta, timeout)
    try:  # the database cache
        return cache.incr(key, delta)
    except ValueError:  # the window's first message: no counter yet
        if cache.add(key, delta, timeout=timeout):
            return delta
        return cache.incr(key, delta)  # another socket of the user created it just now


# What a refresh of every cell costs of the budget: with the defaults, six at once, then one a
# second; the dashboard asks for one when it connects and then only while cells are checking.
FULL_REFRESH_COST = 5


def budget_window_ends_at(now: float) -> float:
    """When the window `now` falls in ends, and with it a spent budget."""
    window = settings.WS_MESSAGE_BURST / settings.WS_MESSAGES_PER_SECOND
    return (int(now // window) + 1) * window


class SharedWork:
    """Concurrent calls with the same key share one run of the work (within this process)."""

    def __init__(self) -> None:
        self._running: dict[Hashable, asyncio.Future] = {}
        self._callers: Counter[Hashable] = Counter()

    def callers(self, key: Hashable) -> int:
        """How many calls are waiting for the work under this key (0: none running)."""
        return self._callers[key]

    async def run(self, key: Hashable, work: Callable[[], Awaitable[T]]) -> T:
        future = self._running.get(key)
        if future is None:
            future = asyncio.ensure_future(work())
            self._running[key] = future
            future.add_done_callback(lambda done: self._forget(key, done))
        self._callers[key] += 1
        try:
            # A socket that closes while waiting must not cancel the work others are waiting for.
            return await asyncio.shield(future)
        finally:
            self._callers[key] -= 1
            if not self._callers[key]:
                del self._callers[key]

    def _forget(self, key: Hashable, done: asyncio.Future) -> None:
        if self._running.get(key) is done:
            del self._running[key]
        if not done.cancelled():
            done.exception()  # retrieved here, so an error nobody waits for is not logged as lost


refreshes = SharedWork()
