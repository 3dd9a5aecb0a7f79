"""The shared rate limiter's lock (stores/ratelimit.py): only its holder deletes it.

Run on the database cache (SQLite/PostgreSQL configuration) and on Redis (REDIS_URL), where the
delete is an atomic compare-and-delete."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from stores.ratelimit import LOCK_TIMEOUT, CacheRateLimiter
from tests.support.fake_time import FakeTime

HOST = "shop.example"
LOCK = f"ratelimit-lock:{HOST}"

pytestmark = pytest.mark.django_db



def test_a_wait_that_times_out_books_its_slot_and_leaves_the_holders_lock_alone():
    other_holder = 12345
    assert cache.add(LOCK, other_holder, timeout=LOCK_TIMEOUT * 10)  # another worker, still busy
    time = FakeTime()

    wait = CacheRateLimiter(clock=time.clock, sleep=time.sleep).reserve(HOST, 1.0)

    assert wait == 0.0
    assert time.now >= 1_000_000.0 + LOCK_TIMEOUT  # it did wait for the lock, up to the timeout
    assert cache.get(LOCK) == other_holder, "the timed-out waiter deleted another worker's lock"
    # It booked its slot all the same: the next request may go one interval later.
    assert cache.get(f"ratelimit-next:{HOST}") == pytest.approx(time.now + 1.0)


def test_a_holder_whose_lock_expired_and_was_retaken_does_not_delete_the_new_holders_lock():
    limiter = CacheRateLimiter()
    with limiter._locked(HOST):
        # Our lock expired while we were slow, and another worker took it.
        cache.delete(LOCK)
        assert cache.add(LOCK, 777, timeout=LOCK_TIMEOUT)
    assert cache.get(LOCK) == 777


def test_a_holder_releases_its_own_lock_so_the_next_caller_does_not_wait():
    time = FakeTime()
    limiter = CacheRateLimiter(clock=time.clock, sleep=time.sleep)
    limiter.reserve(HOST, 0.5)
    assert cache.get(LOCK) is None
    limiter.hold(HOST, 30)
    assert time.now == 1_000_000.0  # never slept: each call found the lock free
    assert limiter.held_for(HOST) == pytest.approx(30)
