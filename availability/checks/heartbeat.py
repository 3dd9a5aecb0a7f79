"""Is the worker alive? Each worker cluster writes a heartbeat; /healthz asks `worker_status`.

The heartbeat is written by the cluster's own dispatcher thread (dispatcher.py) every few seconds,
not queued as a task, so it never waits behind checks. One row per cluster process: a row also says
which claims of queued checks are still held by a live cluster (queue.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from availability.checks.models import WorkerHeartbeat

FORGET_AFTER = timedelta(days=1)


def record_worker_heartbeat(cluster: str | None = None, at: datetime | None = None) -> None:
    """Prove the cluster is alive (its dispatcher calls this every few seconds)."""
    WorkerHeartbeat.objects.update_or_create(
        cluster=cluster or settings.Q_CLUSTER["name"], defaults={"beat_at": at or timezone.now()}
    )


def forget_old_heartbeats() -> None:
    """Rows of clusters gone for a day (every restart names a new one)."""
    WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - FORGET_AFTER).delete()


def worker_status() -> dict:
    """/healthz's part for the worker: `ok` while its last heartbeat is recent enough."""
    beat = WorkerHeartbeat.objects.order_by("-beat_at").first()
    if beat is None:
        return {"ok": False, "error": "the worker has never reported in"}
    age = timezone.now() - beat.beat_at
    ok = age <= timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS)
    return {"ok": ok, "last_heartbeat": beat.beat_at.isoformat(), "age_seconds": int(age.total_seconds())}
