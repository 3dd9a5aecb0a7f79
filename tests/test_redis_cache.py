"""The Redis cache backend (lgs_checker/redis_cache.py) behaves as Django's and makes one client a pool."""

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
        "BACKEND": "lgs_checker.redis_cache.SharedClientRedisCache", "LOCATION": url,
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


def test_one_client_serves_every_call_and_thread(redis_cache):
    redis_cache.add("count", 0, timeout=30)
    with ThreadPoolExecutor(8) as threads:
        counts = list(threads.map(lambda _: redis_cache.incr("count"), range(200)))
    assert sorted(counts) == list(range(1, 201))  # no increment lost or counted twice
    assert redis_cache._cache.get_client() is redis_cache._cache.get_client(write=True)
    redis_cache.delete("count")
