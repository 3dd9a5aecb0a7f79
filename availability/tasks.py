"""Background work run by the Django-Q2 cluster (`manage.py qcluster`)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from availability.models import WorkerHeartbeat


def record_worker_heartbeat() -> None:
    """Prove the worker is alive: /healthz reads this row."""
    WorkerHeartbeat.objects.update_or_create(
        cluster=settings.Q_CLUSTER["name"], defaults={"beat_at": timezone.now()}
    )
