"""Django's Redis cache, with one client (one connection pool, one redis-py `Redis`) per process.

Django keeps a cache object per context (`django.core.cache.caches` is an asgiref `Local`), and each
made a client of its own. In a WebSocket handler each socket is a context of its own, so every
socket's first message paid for a new client (0.6 ms: Django's client reads package metadata for
its driver info) and a new connection pool, and so a new TCP connection to Redis (measured with
py-spy during bench/crowd.py: a quarter of daphne's time went to connecting). And `get_client` made
a new `redis.Redis` for every call, which in redis-py 8 builds a table of about 170 response
callbacks (0.2 ms a call).

Here the client is kept per process, keyed by the servers and options, and shared by every cache
object; it makes one `Redis` per pool. Both are safe to share between threads for plain commands
(each command takes a connection from the pool), and redis-py's pool starts afresh after a fork
(qcluster forks its workers).

Rate limits fail open. allauth keeps its sign-in, sign-up and password-reset rate limits in the
default cache (a lock key, then the history of hits, under `allauth:rl:…`), and with Redis down each
of those calls raised and sign-in answered 500. For those keys only, a Redis error is logged once as a
warning ("rate limiting is off …") and the call answers as an empty cache would: the lock is taken,
no hits are kept, so the request goes on unlimited. For `FAIL_OPEN_SECONDS` after a failure the
rate-limit keys do not touch Redis at all, so a Redis that hangs (rather than refusing) costs one
socket timeout per half minute, not four per sign-in. Every other key still raises: the callers that
can do without the cache (the dashboard, robots.txt) already catch it, and a cache that silently
forgot everything would hide an outage elsewhere. Why not turn allauth's limits off
(`ACCOUNT_RATE_LIMITS = False`): they guard passwords against guessing whenever Redis is up.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

_clients: dict[tuple, SharedRedisCacheClient] = {}
_lock = threading.Lock()

RATE_LIMIT_PREFIX = "allauth:rl:"  # allauth.core.internal.ratelimit's keys (and their ":lock")
FAIL_OPEN_SECONDS = 30.0


class SharedRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._redis = {}  # pool index -> redis.Redis
        self.failed_until = 0.0  # monotonic time before which rate-limit keys skip these servers

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._redis.get(index)
        if client is None:
            with _lock:  # one pool per server, however many threads ask at once
                if index not in self._redis:
                    self._redis[index] = self._client(connection_pool=self._get_connection_pool(write))
                client = self._redis[index]
        return client


class SharedPoolRedisCache(RedisCache):
    @cached_property
    def _cache(self) -> SharedRedisCacheClient:
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        with _lock:
            if key not in _clients:
                _clients[key] = SharedRedisCacheClient(self._servers, **self._options)
            return _clients[key]

    def count(self, key: str, delta: int, timeout: int) -> int:
        """Add `delta` to the counter at `key` (made, living `timeout` seconds, if there is none) and
        return the total: one round trip, where Django's `add` then `incr` take up to four."""
        key = self.make_and_validate_key(key)
        with self._cache.get_client(key, write=True).pipeline(transaction=True) as pipe:
            total, _ = pipe.incrby(key, delta).expire(key, timeout, nx=True).execute()
        return total

    def raw_values(self, keys: list[str]) -> list[bytes | None]:
        """The bytes stored at these keys (already made with `make_key`) in one MGET, unpickled
        never: a caller that only asks "has it changed?" compares them with the bytes it saw."""
        return self._cache.get_client(write=False).mget(keys)

    def loads(self, raw: bytes):
        """A value from the bytes `raw_values` gave."""
        return self._cache._serializer.loads(raw)

    def delete_if_equal(self, key: str, value: int) -> bool:
        """Delete `key` only if it holds the integer `value` (a lock's token), in one atomic step."""
        key = self.make_and_validate_key(key)
        return bool(self._cache.get_client(key, write=True).eval(DELETE_IF_EQUAL_LUA, 1, key, value))

    # -- allauth's rate-limit keys fail open (see the module's docstring) -----------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return _open_for_rate_limits(lambda: super(SharedPoolRedisCache, self).add(key, value, timeout, version),
                                     self._cache, "add", key, True)

    def get(self, key, default=None, version=None):
        return _open_for_rate_limits(lambda: super(SharedPoolRedisCache, self).get(key, default, version),
                                     self._cache, "get", key, default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return _open_for_rate_limits(lambda: super(SharedPoolRedisCache, self).set(key, value, timeout, version),
                                     self._cache, "set", key, None)

    def delete(self, key, version=None):
        return _open_for_rate_limits(lambda: super(SharedPoolRedisCache, self).delete(key, version),
                                     self._cache, "delete", key, False)


def _open_for_rate_limits(call, client: SharedRedisCacheClient, operation: str, key, open_answer):
    """`call()`, except that for a rate-limit key a Redis failure (now or lately) answers `open_answer`."""
    if not _rate_limited_key(key):
        return call()
    if time.monotonic() < client.failed_until:
        return open_answer
    try:
        return call()
    except RedisError as exc:
        client.failed_until = time.monotonic() + FAIL_OPEN_SECONDS
        logger.warning("the cache is unreachable (%s on %s: %s): rate limiting is off for sign-in and sign-up "
                       "for the next %g s", operation, key, exc, FAIL_OPEN_SECONDS)
        return open_answer


def _rate_limited_key(key) -> bool:
    return isinstance(key, str) and key.startswith(RATE_LIMIT_PREFIX)


# Django's serializer stores an int as its digits, so the token compares as a string here.
DELETE_IF_EQUAL_LUA = """
    if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
    end
    return 0
"""
