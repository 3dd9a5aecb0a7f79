"""Is the worker alive? It writes a heartbeat on a schedule; /healthz asks `worker_status`.

The heartbeat is the checks app's: the worker that runs checks writes it, and this module is the
one that reads it, so lgs_checker/health.py asks here instead of reading the table itself.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from availability.checks.models import WorkerHeartbeat


def record_worker_heartbeat() -> None:
    """Prove the worker is alive (run every minute by the "worker heartbeat" schedule)."""
    WorkerHeartbeat.objects.update_or_create(
        cluster=settings.Q_CLUSTER["name"], defaults={"beat_at": timezone.now()}
    )


def worker_status() -> dict:
    """/healthz's part for the worker: `ok` while its last heartbeat is recent enough."""
    beat = WorkerHeartbeat.objects.order_by("-beat_at").first()
    if beat is None:
        return {"ok": False, "error": "the worker has never reported in"}
    age = timezone.now() - beat.beat_at
    ok = age <= timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS)
    return {"ok": ok, "last_heartbeat": beat.beat_at.isoformat(), "age_seconds": int(age.total_seconds())}
