"""Django's Redis cache, with one connection pool and one redis-py client per server per process.

Django keeps a cache object per context (`django.core.cache.caches` is an asgiref `Local`), and each
makes its own connection pool. In a WebSocket handler each socket is a context of its own, so a
thousand sockets made a thousand pools: a message from a socket not heard from before opened a
new TCP connection to Redis (measured with py-spy during bench/crowd.py: a quarter of daphne's
time went to connecting). And `get_client` made a new `redis.Redis` for every call, which in
redis-py 8 builds a table of about 170 response callbacks (0.2 ms a call).

Here the pool and the client are kept per process, keyed by the server URL and the options, and
shared by every cache object. Both are safe to share between threads for plain commands (each
command takes a connection from the pool), and redis-py's pool starts afresh after a fork
(qcluster forks its workers).
"""

from __future__ import annotations

import threading

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

_shared: dict[tuple, tuple[object, object]] = {}  # (server, options) -> (pool, client)
_lock = threading.Lock()


class SharedPoolRedisCacheClient(RedisCacheClient):
    def _shared(self, write: bool):
        server = self._servers[self._get_connection_pool_index(write)]
        key = (server, repr(sorted(self._pool_options.items(), key=lambda item: item[0])))
        with _lock:
            if key not in _shared:
                pool = self._pool_class.from_url(server, **self._pool_options)
                _shared[key] = (pool, self._client(connection_pool=pool))
            return _shared[key]

    def _get_connection_pool(self, write):
        return self._shared(write)[0]

    def get_client(self, key=None, *, write=False):
        return self._shared(write)[1]


class SharedPoolRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = SharedPoolRedisCacheClient

    def count(self, key: str, delta: int, timeout: int) -> int:
        """Add `delta` to the counter at `key` (made, living `timeout` seconds, if there is none) and
        return the total: one round trip, where Django's `add` then `incr` take up to four."""
        key = self.make_and_validate_key(key)
        with self._cache.get_client(key, write=True).pipeline(transaction=True) as pipe:
            total, _ = pipe.incrby(key, delta).expire(key, timeout, nx=True).execute()
        return total
