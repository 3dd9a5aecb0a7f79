"""The Redis channel layer with a connection pool that waits instead of failing.

channels-redis builds redis-py's default asyncio pool, capped at 100 connections, which raises
`MaxConnectionsError` the moment a 101st coroutine wants one: 300 browsers reconnecting together
after a deploy got HTTP 500 on `group_add`, and after a mass disconnect `group_discard` failed,
leaving dead channels in users' groups. A `BlockingConnectionPool` of the same kind hands a
connection to each caller in turn: a burst waits a few milliseconds, nothing fails.
`CHANNEL_REDIS_MAX_CONNECTIONS` sizes it (each is a socket to Redis; the receive loop holds one),
`CHANNEL_REDIS_POOL_TIMEOUT` is how long a caller may wait before that is an error after all.
"""

from __future__ import annotations

from channels_redis.core import RedisChannelLayer
from redis import asyncio as aioredis


class PooledRedisChannelLayer(RedisChannelLayer):
    def __init__(self, *args, max_connections: int = 100, pool_timeout: float = 20, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.max_connections = max_connections
        self.pool_timeout = pool_timeout

    def create_pool(self, index: int) -> aioredis.ConnectionPool:
        host = dict(self.hosts[index])
        address = host.pop("address")
        return aioredis.BlockingConnectionPool.from_url(
            address, max_connections=self.max_connections, timeout=self.pool_timeout, **host
        )
