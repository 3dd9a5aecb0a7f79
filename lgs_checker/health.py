"""/healthz: is every part the app needs up? For the PaaS router, uptime monitors and people."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone

from availability.models import WorkerHeartbeat


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True, "vendor": connection.vendor}


def _cache() -> dict:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return {"ok": ok}


async def _channel_layer() -> dict:
    """Send a message to a fresh channel and read it back, through the real backend.

    Async, on the server's own event loop: a layer that polls (channels-lite) ties its pollers to
    the loop that first used it, so a throwaway loop would leave broken pollers behind.
    """
    layer = get_channel_layer()
    channel = await layer.new_channel("healthz.")
    await layer.send(channel, {"type": "healthz.ping"})
    message = await asyncio.wait_for(layer.receive(channel), timeout=5)
    return {"ok": message.get("type") == "healthz.ping", "backend": type(layer).__name__}


def _worker() -> dict:
    beat = WorkerHeartbeat.objects.order_by("-beat_at").first()
    if beat is None:
        return {"ok": False, "error": "the worker has never reported in"}
    age = timezone.now() - beat.beat_at
    ok = age <= timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS)
    return {"ok": ok, "last_heartbeat": beat.beat_at.isoformat(), "age_seconds": int(age.total_seconds())}


CHECKS = {
    "database": sync_to_async(_database),
    "cache": sync_to_async(_cache),
    "channel_layer": _channel_layer,
    "worker": sync_to_async(_worker),
}


async def healthz(request) -> JsonResponse:
    report: dict[str, dict] = {}
    for name, check in CHECKS.items():
        try:
            report[name] = await check()
        except Exception as exc:  # a health check reports failures, it must not become one
            report[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    healthy = all(part["ok"] for part in report.values())
    return JsonResponse({"ok": healthy, **report}, status=200 if healthy else 503)
