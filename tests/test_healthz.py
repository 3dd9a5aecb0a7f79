"""/healthz reports the database, the cache, the channel layer and the worker's heartbeat."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from availability.models import WorkerHeartbeat
from availability.tasks import record_worker_heartbeat


# The channel-layer probe runs in another thread and, locally, in channels-lite's own database.
pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def test_healthz_reports_a_missing_worker_as_down(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False
    assert body["database"]["ok"] and body["cache"]["ok"] and body["channel_layer"]["ok"]
    assert body["worker"] == {"ok": False, "error": "the worker has never reported in"}


def test_healthz_is_all_up_after_a_worker_heartbeat(client):
    record_worker_heartbeat()
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["ok"] is True
    assert response.json()["worker"]["age_seconds"] < 5


def test_a_stale_heartbeat_means_the_worker_is_down(client, settings):
    WorkerHeartbeat.objects.create(cluster="lgs", beat_at=timezone.now() - timedelta(minutes=10))
    settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS = 180
    body = client.get("/healthz").json()
    assert body["worker"]["ok"] is False and body["worker"]["age_seconds"] >= 600
