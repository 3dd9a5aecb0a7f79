"""The WebSocket a signed-in browser keeps open at /ws/ (message set: docs/protocol.md).

Each socket joins its user's own group, so results computed anywhere reach only that user. A
message that cannot be acted on gets an `error` reply; the connection stays open.
"""

from __future__ import annotations

import json
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from availability.protocol import HANDLERS, MAX_MESSAGE_BYTES, BadMessage
from availability.push import user_group
from availability.wishlist_push import current_socket

logger = logging.getLogger(__name__)


class AvailabilityConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # Closing before accepting refuses the handshake (HTTP 403).
            await self.close()
            return
        self.user = user
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        request = None
        try:
            message = self.decode(text_data)
            request = message["type"]
            handler = HANDLERS.get(request)
            if handler is None:
                raise BadMessage(f"unknown message type {request!r}")
            current_socket.set(self.channel_name)  # so a wishlist push skips the socket that asked
            replies = await database_sync_to_async(handler)(self.user, message)
        except BadMessage as problem:
            reply = {"type": "error", "request": request, "message": str(problem)}
            if problem.suggestion:
                reply["suggestion"] = problem.suggestion
            await self.send_json(reply)
            return
        except Exception:
            logger.exception("failed to handle %r for user %s", request, self.user.pk)
            await self.send_json(
                {"type": "error", "request": request, "message": "something went wrong on our side; nothing was changed"}
            )
            return
        for reply in replies:
            await self.send_json(reply)

    @staticmethod
    def decode(text_data: str | None) -> dict:
        if text_data is None:
            raise BadMessage("messages must be JSON text, not binary")
        if len(text_data.encode()) > MAX_MESSAGE_BYTES:
            raise BadMessage(f"message is larger than {MAX_MESSAGE_BYTES // 1024} KB")
        try:
            message = json.loads(text_data)
        except ValueError:
            raise BadMessage("message is not valid JSON")
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            raise BadMessage("a message must be a JSON object with a string 'type'")
        return message

    async def push(self, event: dict) -> None:
        """A message for this user from a task or another process: pass it to the browser."""
        if event.get("skip") != self.channel_name:
            await self.send_json(event["message"])
