"""Fair sharing of a web process between users: a message budget per user, and shared refreshes.

Ten sockets of one user asking for full refreshes as fast as they could pushed another user's
round trip to a second. Two limits keep one user from crowding out the rest:

- **A message budget per user**, shared by all their sockets and all web processes (it lives in
  the cache: Redis in production, the database cache on a laptop). A user may send
  `WS_MESSAGE_BURST` messages at once, then `WS_MESSAGES_PER_SECOND` on average; a message
  beyond that gets an `error` reply asking to slow down and is not acted on. The budget is a
  GCRA ("generic cell rate algorithm") bucket: one timestamp per user, the time at which the
  budget is full again.
- **One full refresh at a time per user**: a `get_card_availability` that arrives while the same
  one is being answered for that user (another tab, a reconnect) waits for it and gets the same
  answer, instead of reading and queuing everything again. This is per web process; across
  processes the message budget still applies.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Hashable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")

LOCK_SECONDS = 2  # a holder that died frees the budget after this
LOCK_WAIT_SECONDS = 0.2  # contention only comes from one user's own sockets


def message_allowed(user_id: int, clock: Callable[[], float] = time.time) -> bool:
    """Spend one message of the user's budget; False when it is used up (nothing is spent)."""
    burst, rate = settings.WS_MESSAGE_BURST, settings.WS_MESSAGES_PER_SECOND
    interval = 1 / rate
    tolerance = (burst - 1) * interval  # how far ahead of now the bucket may run
    key, lock = f"ws-budget:{user_id}", f"ws-budget-lock:{user_id}"
    locked = _acquire(lock, clock)
    try:
        now = clock()
        full_again_at = max(cache.get(key) or now, now)
        if full_again_at - now > tolerance:
            return False
        cache.set(key, full_again_at + interval, timeout=math.ceil(tolerance + interval) + 1)
        return True
    finally:
        if locked:
            cache.delete(lock)


def _acquire(lock: str, clock: Callable[[], float]) -> bool:
    # cache.add is atomic on Redis and on the database cache: whoever adds the key holds the lock.
    deadline = clock() + LOCK_WAIT_SECONDS
    while not cache.add(lock, 1, timeout=LOCK_SECONDS):
        if clock() > deadline:
            return False  # go ahead unlocked: at worst one message too many, never a stall
        time.sleep(0.005)
    return True


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
