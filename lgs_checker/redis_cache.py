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
"""

from __future__ import annotations

import threading

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property

_clients: dict[tuple, SharedRedisCacheClient] = {}
_lock = threading.Lock()


class SharedRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._redis = {}  # pool index -> redis.Redis

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
