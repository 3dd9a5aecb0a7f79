"""A WebSocket client that connects the way a signed-in browser does: session cookie and Origin."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import requests
import websockets


def connect(base_url: str, session: requests.Session | None = None, origin: str | None = None):
    headers = {}
    if session is not None:
        headers["Cookie"] = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    return websockets.connect(
        base_url.replace("http://", "ws://") + "/ws/",
        additional_headers=headers,
        origin=origin or base_url,
        open_timeout=10,
    )


async def receive_json(socket, timeout: float = 15) -> dict:
    return json.loads(await asyncio.wait_for(socket.recv(), timeout))


async def nothing_arrives(socket, within: float) -> bool:
    try:
        await asyncio.wait_for(socket.recv(), within)
    except TimeoutError:
        return True
    return False


def run(coroutine):
    """asyncio.run in a fresh thread: Playwright's sync API may already own this thread's loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
