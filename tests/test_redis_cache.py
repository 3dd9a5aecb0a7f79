"""The Redis cache backend (lgs_checker/redis_cache.py) behaves as Django's, with one pool and client a process."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches

from tests.support.services import require_redis


@pytest.fixture
def redis_cache(settings):
    """The backend on the real Redis, under a key prefix of this test's own."""
    url = require_redis()
    settings.CACHES = {**settings.CACHES, "shared-client": {
        "BACKEND": "lgs_checker.redis_cache.SharedPoolRedisCache", "LOCATION": url,
        "KEY_PREFIX": f"test-redis-cache-{uuid.uuid4().hex}"}}
    return caches["shared-client"]


def test_it_reads_writes_and_counts_like_djangos(redis_cache):
    redis_cache.set("a", {"price": "1.50"}, timeout=30)
    assert redis_cache.get("a") == {"price": "1.50"}
    assert redis_cache.add("a", "other", timeout=30) is False
    assert redis_cache.add("b", 1, timeout=30) is True
    assert redis_cache.incr("b", 4) == 5
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": {"price": "1.50"}, "b": 5}
    with pytest.raises(ValueError):
        redis_cache.incr("missing")
    redis_cache.delete_many(["a", "b"])
    assert redis_cache.get_many(["a", "b"]) == {}


def test_a_counter_is_made_with_its_lifetime_and_counted_in_one_trip(redis_cache):
    assert redis_cache.count("window", 3, timeout=30) == 3
    assert redis_cache.count("window", 2, timeout=999) == 5
    assert redis_cache.get("window") == 5  # an ordinary cache value too
    client = redis_cache._cache.get_client()
    lifetime = client.ttl(redis_cache.make_and_validate_key("window"))
    assert 0 < lifetime <= 30  # set when the counter was made, not stretched by later counts
    redis_cache.delete("window")


def test_every_thread_and_context_shares_one_pool_and_client(redis_cache):
    """Django keeps a cache object per thread and per asyncio context (each WebSocket): they must
    not each open connections of their own."""
    redis_cache.add("count", 0, timeout=30)

    def count_in_own_cache_object(_):
        cache = caches["shared-client"]  # this thread's own object
        return cache.incr("count"), cache._cache.get_client(), cache._cache._get_connection_pool(write=True)

    with ThreadPoolExecutor(8) as threads:
        results = list(threads.map(count_in_own_cache_object, range(200)))
    assert sorted(count for count, _, _ in results) == list(range(1, 201))  # none lost or counted twice
    assert {id(client) for _, client, _ in results} == {id(redis_cache._cache.get_client())}
    pool = redis_cache._cache._get_connection_pool(write=True)
    assert {id(pool) for _, _, pool in results} == {id(pool)}
    assert len(pool._available_connections) + len(pool._in_use_connections) <= 8  # one per thread at most
    redis_cache.delete("count")
