"""The Redis channel layer with a connection pool that waits instead of failing.

channels-redis builds redis-py's default asyncio pool, capped at 100 connections, which raises
`MaxConnectionsError` the moment a 101st coroutine wants one: 300 browsers reconnecting together
after a deploy got HTTP 500 on `group_add`, and after a mass disconnect `group_discard` failed,
leaving dead channels in users' groups. A `BlockingConnectionPool` of the same kind hands a
connection to each caller in turn: a burst waits a few milliseconds, nothing fails.
`CHANNEL_REDIS_MAX_CONNECTIONS` sizes it (each is a socket to Redis; the receive loop holds one),
`CHANNEL_REDIS_POOL_TIMEOUT` is how long a caller may wait before that is an error after all.

The pool also gives connections back: redis-py's pools never close an idle connection, so after a
crowd of 1,000 sockets connected and left, the process still held the 100 the burst opened (102–108
with the cache's). Here, once more than `CHANNEL_REDIS_KEEP_IDLE` connections sit idle, the longest
idle ones are closed as they come back (`ReturningConnectionPool`): a burst still gets up to the
cap at once, and a quiet process holds only what it uses.

It also sends many group messages at once (`group_send_many`), for an answer pushed to every user
who tracks the card.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time

from channels_redis.core import RedisChannelLayer
from redis import asyncio as aioredis

logger = logging.getLogger(__name__)

RECEIVE_BATCH = 100


class ReturningConnectionPool(aioredis.BlockingConnectionPool):
    """A blocking pool that closes the idle connections beyond `keep_idle` as they are released.

    The connections released last are reused first (redis-py takes from the end of its list), so
    the ones closed are those idle longest."""

    def __init__(self, *args, keep_idle: int = 10, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.keep_idle = keep_idle

    async def release(self, connection) -> None:
        await super().release(connection)
        surplus = []
        while len(self._available_connections) > self.keep_idle:
            surplus.append(self._available_connections.pop(0))
        for idle in surplus:
            await idle.disconnect()

    def held(self) -> int:
        """Connections this pool holds open or lent out."""
        return len(self._available_connections) + len(self._in_use_connections)


class PooledRedisChannelLayer(RedisChannelLayer):
    def __init__(
        self, *args, max_connections: int = 100, pool_timeout: float = 20, keep_idle: int = 10, **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_connections = max_connections
        self.pool_timeout = pool_timeout
        self.keep_idle = keep_idle
        self._taken: dict[str, collections.deque[bytes]] = {}  # see receive_single

    def create_pool(self, index: int) -> aioredis.ConnectionPool:
        host = dict(self.hosts[index])
        address = host.pop("address")
        return ReturningConnectionPool.from_url(
            address, max_connections=self.max_connections, timeout=self.pool_timeout, keep_idle=self.keep_idle, **host
        )

    async def receive_single(self, channel: str):
        """Messages for this process's sockets, taken up to RECEIVE_BATCH per round trip.

        channels-redis takes one message per four Redis round trips (with a backup copy, so a
        message survives a receive cancelled half-way); a thousand pushes arriving together took
        seconds to reach their sockets. When messages are waiting, this takes many with one
        ZPOPMIN and hands them out one by one; when none are, it waits the library's way. Pushes
        are at most once anyway (docs/protocol.md), so the backup copy is not needed for them.
        """
        if not channel.endswith("!"):
            return await super().receive_single(channel)
        waiting = self._taken.setdefault(channel, collections.deque())
        if not waiting:
            connection = self.connection(self.consistent_hash(channel))
            waiting.extend(member for member, _ in await connection.zpopmin(self.prefix + channel, RECEIVE_BATCH))
        if not waiting:
            return await super().receive_single(channel)
        message = self.deserialize(waiting.popleft())
        return message.pop("__asgi_channel__", channel), message

    async def group_send_many(self, sends: list[tuple[str, dict]]) -> None:
        """Send each (group, message) pair in three Redis round trips in all, not four per group.

        `group_send` reads a group's members, clears expired messages and adds the message, one
        round trip each, so one answer pushed to a thousand users cost four thousand. This does
        the same steps for every group at once: the members of all groups in one pipeline, then
        the expired messages of their channels, then one script adding every message. It uses
        channels-redis's own helpers (pinned in requirements.txt) and its script, so what lands in
        Redis is what `group_send` would have put there. With several Redis hosts (sharding) it
        falls back to `group_send` per group.
        """
        if len(self.hosts) != 1:
            await asyncio.gather(*(self.group_send(group, message) for group, message in sends))
            return
        connection = self.connection(0)
        members = connection.pipeline(transaction=False)
        for group, _ in sends:
            key = self._group_key(group)
            members.zremrangebyscore(key, min=0, max=int(time.time()) - self.group_expiry)
            members.zrange(key, 0, -1)
        found = (await members.execute())[1::2]
        channel_keys, payloads, capacities = [], [], []
        for (_, message), names in zip(sends, found):
            if not names:
                continue
            _, key_to_message, key_to_capacity = self._map_channel_keys_to_connection(
                [name.decode("utf8") for name in names], message
            )
            for key, payload in key_to_message.items():
                channel_keys.append(key)
                payloads.append(payload)
                capacities.append(key_to_capacity[key])
        if not channel_keys:
            return
        expired = connection.pipeline(transaction=False)
        for key in set(channel_keys):
            expired.zremrangebyscore(key, min=0, max=int(time.time()) - int(self.expiry))
        await expired.execute()
        over_capacity = await connection.eval(
            GROUP_SEND_LUA, len(channel_keys), *channel_keys, *payloads, *capacities, time.time(), self.expiry
        )
        if over_capacity:
            logger.warning("%s of %s messages dropped: channels over capacity", over_capacity, len(channel_keys))


# channels-redis 4.3's group_send script: add each message unless its channel is over capacity.
GROUP_SEND_LUA = """
    local over_capacity = 0
    local current_time = ARGV[#ARGV - 1]
    local expiry = ARGV[#ARGV]
    for i=1,#KEYS do
        if redis.call('ZCOUNT', KEYS[i], '-inf', '+inf') < tonumber(ARGV[i + #KEYS]) then
            redis.call('ZADD', KEYS[i], current_time, ARGV[i])
            redis.call('EXPIRE', KEYS[i], expiry)
        else
            over_capacity = over_capacity + 1
        end
    end
    return over_capacity
"""
