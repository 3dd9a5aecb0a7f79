"""The WebSocket a signed-in browser keeps open at /ws/ (message set: docs/protocol.md).

Each socket joins its user's own group, so results computed anywhere reach only that user. A
message that cannot be acted on gets an `error` reply; the connection stays open. Handlers run
on the pool of database threads (lgs_checker/db_threads.py), within the user's message budget,
and a full refresh already being answered for the user is joined (fairness.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time
import weakref

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings

from availability.live.fairness import FULL_REFRESH_COST, budget_window_ends_at, message_allowed, refreshes
from availability.live.protocol import (
    HANDLERS,
    MAX_MESSAGE_BYTES,
    SLOW_REQUESTS,
    BadMessage,
    check_text,
    text_problem,
)
from availability.live.wishlist_push import current_socket
from lgs_checker.db_threads import run_in_db_thread
from lgs_checker.push import user_group

logger = logging.getLogger(__name__)

SLOW_DOWN = "you are sending messages too fast; nothing was done, slow down and try again in a few seconds"
SLOW_DOWN_HOLD_SECONDS = 2.0
# The sockets this process holds open, so that a stopping server can take them out of their groups.
OPEN_SOCKETS: weakref.WeakSet[AvailabilityConsumer] = weakref.WeakSet()


async def leave_all_groups() -> int:
    """Take every open socket of this process out of its user's group, at once; the number left.

    Called when the server stops (lgs_checker/asgi.py, on daphne's shutdown), before the sockets
    close: daphne cancels its consumers at shutdown instead of disconnecting them (and its own
    shutdown step can fail before it does), so `disconnect` would never run and each user's group
    would keep dead channels for pushes to go to until the memberships expire.
    """
    sockets = list(OPEN_SOCKETS)
    results = await asyncio.gather(*(socket.disconnect(1001) for socket in sockets), return_exceptions=True)
    failed = [result for result in results if isinstance(result, BaseException)]
    if failed:  # the layer is unreachable: those memberships expire on their own
        logger.warning("%d of %d sockets could not leave their group on shutdown: %r", len(failed), len(sockets),
                       failed[0])
    return len(sockets) - len(failed)


class AvailabilityConsumer(AsyncJsonWebsocketConsumer):
    # Once told to slow down, a socket is refused here until the budget's window ends, without
    # asking the cache: a flood of refused messages must cost next to nothing.
    spent_until = 0.0

    async def dispatch(self, message: dict) -> None:
        """Channels' own dispatch first closes old database connections with a trip to its one
        shared thread, for every frame and every push, so a thousand sockets' messages queued there
        one by one. This consumer's database work never runs on that thread: it runs on the pool's
        threads (lgs_checker/db_threads.py), where each call closes old connections first, on the
        thread that uses them. (The zero-service channel layer does query SQLite on the shared
        thread; a local SQLite connection does not go stale.)"""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"no handler for message type {message['type']}")
        await handler(message)

    async def websocket_disconnect(self, message: dict) -> None:
        # As Channels' own, without the same trip (`dispatch`); this consumer keeps no `groups`.
        await self.disconnect(message["code"])
        raise StopConsumer()

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # Closing before accepting refuses the handshake (HTTP 403).
            await self.close()
            return
        self.user = user
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        OPEN_SOCKETS.add(self)
        self.renewal = asyncio.create_task(self.renew_membership())
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            OPEN_SOCKETS.discard(self)
            self.renewal.cancel()
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def renew_membership(self) -> None:
        """Re-join the group now and then: memberships expire, so one a crashed process never
        discarded is dropped, while an open socket's stays."""
        expiry = getattr(self.channel_layer, "group_expiry", None) or settings.CHANNEL_GROUP_EXPIRY
        while True:
            await asyncio.sleep(expiry / 3)
            try:
                await self.channel_layer.group_add(self.group, self.channel_name)
            except Exception as error:  # the layer is down for now; the next renewal may work
                logger.warning("could not renew the group membership of %s: %s", self.channel_name, error)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        request = None
        try:
            message = self.decode(text_data)
            request = message["type"] if not text_problem(message["type"]) else None
            check_text(message)
            handler = HANDLERS.get(request)
            if handler is None:
                raise BadMessage(f"unknown message type {request!r}")
            current_socket.set(self.channel_name)  # so a wishlist push skips the socket that asked
            replies = await self.answer(handler, message)
        except BadMessage as problem:
            if str(problem) == SLOW_DOWN:
                # Hold the reply (and this socket's next messages) a little: a client that sends
                # again as soon as it is answered cannot turn refusals into a flood of their own.
                await asyncio.sleep(min(SLOW_DOWN_HOLD_SECONDS, self.spent_until - time.time()))
            reply = {"type": "error", "request": request, "message": str(problem)}
            if str(problem) == SLOW_DOWN:
                # When the budget allows this socket's messages again: a page that must have its
                # answer (the buy plan for the options on its form) asks again then.
                reply["retry_after"] = max(1, math.ceil(self.spent_until - time.time()))
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

    async def answer(self, handler, message: dict) -> list[dict]:
        if time.time() < self.spent_until:
            raise BadMessage(SLOW_DOWN)
        if message["type"] == "get_card_availability":
            cost = FULL_REFRESH_COST if message.get("card_name") is None else 1
            if not await run_in_db_thread(message_allowed, self.user.pk, cost=cost):
                raise self.slow_down()
            # Same user, same question, already being answered: wait for that answer.
            key = (self.user.pk, repr(message.get("card_name")), repr(message.get("store_slug")))
            return await refreshes.run(key, lambda: run_in_db_thread(handler, self.user, message))
        if message["type"] in SLOW_REQUESTS:
            # A long handler (a buy plan's solve) gets a thread of its own rather than holding one
            # of the few database threads every socket of this process shares.
            return await database_sync_to_async(self.within_budget, thread_sensitive=False)(handler, message)
        return await run_in_db_thread(self.within_budget, handler, message)

    def within_budget(self, handler, message: dict) -> list[dict]:
        """The budget check and the handler in one trip to a database thread."""
        if not message_allowed(self.user.pk):
            raise self.slow_down()
        return handler(self.user, message)

    def slow_down(self) -> BadMessage:
        self.spent_until = budget_window_ends_at(time.time())
        return BadMessage(SLOW_DOWN)

    @staticmethod
    def decode(text_data: str | None) -> dict:
        if text_data is None:
            raise BadMessage("messages must be JSON text, not binary")
        if len(text_data.encode("utf-8", "surrogatepass")) > MAX_MESSAGE_BYTES:
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
