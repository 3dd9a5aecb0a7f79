"""The Redis channel layer gives its connections back once a burst is over
(lgs_checker/channel_layer.py): a crowd of sockets joining their groups at once opens many, and a
process that kept them all stayed over the pool's cap with the cache's connections added."""

from __future__ import annotations

import asyncio
import uuid

from lgs_checker.channel_layer import PooledRedisChannelLayer
from tests.support.services import require_redis


async def redis_clients_named(layer, name: str) -> int:
    listed = await layer.connection(0).client_list()
    return sum(1 for client in listed if client.get("name") == name)


async def test_a_burst_of_group_joins_leaves_only_the_kept_idle_connections_open():
    address = require_redis()
    name = f"pool-test-{uuid.uuid4().hex[:8]}"  # every connection names itself: Redis counts them
    layer = PooledRedisChannelLayer(
        hosts=[{"address": address, "client_name": name}], prefix=f"test{uuid.uuid4().hex[:8]}",
        max_connections=40, keep_idle=3,
    )
    try:
        channels = [await layer.new_channel() for _ in range(300)]
        # 300 joins at once, as 300 sockets connecting after a deploy: the pool opens up to its cap.
        await asyncio.gather(*(layer.group_add(f"user.{number}", channel) for number, channel in enumerate(channels)))
        pool = layer.connection(0).connection_pool
        assert pool.held() <= 3
        # Redis itself sees them closed, not only the pool's bookkeeping (CLIENT LIST takes one more).
        assert await redis_clients_named(layer, name) <= 4
        # The kept connections still serve: a push reaches the socket that joined.
        await layer.group_send("user.7", {"type": "push", "message": {"type": "ping"}})
        assert (await layer.receive(channels[7]))["message"] == {"type": "ping"}
    finally:
        await layer.flush()
