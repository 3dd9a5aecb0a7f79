"""/healthz: is every part the app needs up? For the PaaS router, uptime monitors and people.

The database, the cache and the channel layer are the process's own infrastructure, probed here;
the worker's part is asked of the app that owns its heartbeat (availability.checks.heartbeat).

Anyone gets the HTTP status (200 or 503) and an `ok` flag per component: enough for a router. The
details (database host, backends, error texts, the worker's heartbeat age) tell an attacker about
the inside, so only staff and callers sending `Authorization: Bearer <HEALTHZ_TOKEN>` see them.
"""

from __future__ import annotations

import asyncio
import hmac
import uuid

from asgiref.sync import sync_to_async
from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse

from availability.checks.heartbeat import worker_status

CHANNEL_PROBE_TIMEOUT_SECONDS = 5


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True, "vendor": connection.vendor, "host": connection.settings_dict.get("HOST") or ""}


def _cache() -> dict:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return {"ok": ok, "backend": type(cache).__name__}


async def _channel_layer() -> dict:
    """Send a message to a fresh channel and read it back, through the real backend.

    The probe uses a channel layer instance of its own, closed before the request ends. Receiving
    on the process's shared instance went wrong on both backends:
    - channels-lite starts a poller task per channel prefix the first time anyone receives on it.
      Started by a probe, the task inherited this request's context, so its database calls went to
      the request's thread executor, which quits when the request ends: "CurrentThreadExecutor
      already quit" 20 times a second, and the poller never delivers again (503 for ever, and the
      sockets of the process deaf when they share it).
    - channels-redis lets one receiver at a time pop the process's messages, from the list of its
      own channel prefix. The sockets' receive ("specific." channels) holds that turn while it
      blocks, so a probe's message under "healthz." waited unread until the probe timed out.
    """
    layer = channel_layers.make_backend(DEFAULT_CHANNEL_LAYER)
    try:
        channel = await layer.new_channel("healthz.")
        await layer.send(channel, {"type": "healthz.ping"})
        message = await asyncio.wait_for(layer.receive(channel), timeout=CHANNEL_PROBE_TIMEOUT_SECONDS)
        return {"ok": message.get("type") == "healthz.ping", "backend": type(layer).__name__}
    finally:
        await _close(layer)


async def _close(layer) -> None:
    """Stop what the probe's layer started: channels-lite's poller, channels-redis's connections."""
    if hasattr(layer, "close"):
        await layer.close()
    elif hasattr(layer, "close_pools"):
        await layer.close_pools()


CHECKS = {
    "database": sync_to_async(_database),
    "cache": sync_to_async(_cache),
    "channel_layer": _channel_layer,
    # The heartbeat is the checks app's (availability/checks/heartbeat.py): it says what "alive" is.
    "worker": sync_to_async(worker_status),
}


async def may_see_details(request: HttpRequest) -> bool:
    token = settings.HEALTHZ_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
        return True
    user = await request.auser()
    return user.is_active and user.is_staff


async def healthz(request: HttpRequest) -> JsonResponse:
    report: dict[str, dict] = {}
    for name, check in CHECKS.items():
        try:
            report[name] = await check()
        except Exception as exc:  # a health check reports failures, it must not become one
            report[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    healthy = all(part["ok"] for part in report.values())
    if not await may_see_details(request):
        report = {name: {"ok": part["ok"]} for name, part in report.items()}
    response = JsonResponse({"ok": healthy, **report}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response
