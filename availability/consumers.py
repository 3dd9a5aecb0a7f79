"""The WebSocket a signed-in browser keeps open at /ws/.

This consumer joins the user's own group, so that results computed anywhere reach only that user.
The message set it answers is documented in docs/protocol.md.
"""

from __future__ import annotations

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from availability.push import user_group


class AvailabilityConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # Closing before accepting refuses the handshake (HTTP 403).
            await self.close()
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        request = content.get("type") if isinstance(content, dict) else None
        await self.send_json(
            {"type": "error", "request": request, "message": f"unknown message type {request!r}"}
        )

    async def push(self, event: dict) -> None:
        """A message for this user from a task or another process: pass it to the browser."""
        await self.send_json(event["message"])
