"""Sending messages to a user's open browser tabs, from any process (web or worker).

Every WebSocket a user opens joins the group named by `user_group`; the channel layer (Redis, or
channels-lite's SQLite tables locally) carries a group message to whichever web process holds the
socket. A push is at most once: a browser that reconnects asks for the state again.

One answer goes to many users at once (`push_to_users`): each user sees it filtered by their own
specs, so each gets their own message. On Redis all of them go in a few round trips
(`PooledRedisChannelLayer.group_send_many`); on channels-lite the group sends run concurrently.
Serial sends took 2.6 s for a thousand users. (One group per (store, card)
with a single send was weighed and left: every socket would join one group per tracked pair at
connect, hundreds per user, which makes a reconnect storm hundreds of times heavier, and the
per-user spec filtering would move into every socket.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

# Group sends in flight at once: enough to hide Redis's round trips, few enough not to flood the
# connection pool (it queues the rest) or channels-lite's SQLite file.
CONCURRENT_SENDS = 200


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


async def apush_to_user(user_id: int, message: dict, skip: str | None = None) -> None:
    layer = get_channel_layer()
    await layer.group_send(user_group(user_id), {"type": "push", "message": message, "skip": skip})


def push_to_user(user_id: int, message: dict, skip: str | None = None) -> None:
    """Send one protocol message (a dict with a `type`) to every socket the user has open.

    `skip` names a socket (its channel name) that already has the message.
    """
    async_to_sync(apush_to_user)(user_id, message, skip)


async def apush_to_users(messages: Iterable[tuple[int, dict]]) -> None:
    layer = get_channel_layer()
    sends = [(user_group(user_id), {"type": "push", "message": message}) for user_id, message in messages]
    if hasattr(layer, "group_send_many"):  # Redis: a few round trips for every group together
        await layer.group_send_many(sends)
        return
    slots = asyncio.Semaphore(CONCURRENT_SENDS)

    async def send(group: str, message: dict) -> None:
        async with slots:
            await layer.group_send(group, {"type": "push", "message": message})

    await asyncio.gather(*(send(group, event["message"]) for group, event in sends))


def push_to_users(messages: Iterable[tuple[int, dict]]) -> None:
    """Send each (user id, message) pair, concurrently: one answer's fan-out to its users."""
    async_to_sync(apush_to_users)(list(messages))
