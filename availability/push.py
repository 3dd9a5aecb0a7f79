"""Sending messages to a user's open browser tabs, from any process (web or worker).

Every WebSocket a user opens joins the group named by `user_group`; the channel layer (Redis, or
channels-lite's SQLite tables locally) carries a group message to whichever web process holds the
socket. A push is at most once: a browser that reconnects asks for the state again.
"""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


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
