"""/healthz reports the database, the cache, the channel layer and the worker's heartbeat."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from availability.checks.heartbeat import record_worker_heartbeat
from availability.checks.models import WorkerHeartbeat

# The channel-layer probe runs in another thread and, locally, in channels-lite's own database.
pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user("ops", is_staff=True))
    return client


def test_healthz_reports_a_missing_worker_as_down(staff_client):
    response = staff_client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False
    assert body["database"]["ok"] and body["cache"]["ok"] and body["channel_layer"]["ok"]
    assert body["worker"] == {"ok": False, "error": "the worker has never reported in"}


def test_healthz_is_all_up_after_a_worker_heartbeat(staff_client):
    record_worker_heartbeat()
    response = staff_client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["ok"] is True
    assert response.json()["worker"]["age_seconds"] < 5


def test_a_stale_heartbeat_means_the_worker_is_down(staff_client, settings):
    WorkerHeartbeat.objects.create(cluster="lgs", beat_at=timezone.now() - timedelta(minutes=10))
    settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS = 180
    body = staff_client.get("/healthz").json()
    assert body["worker"]["ok"] is False and body["worker"]["age_seconds"] >= 600


def test_anonymous_callers_get_only_the_ok_flags(client):
    body = client.get("/healthz").json()
    assert body == {"ok": False, "database": {"ok": True}, "cache": {"ok": True},
                    "channel_layer": {"ok": True}, "worker": {"ok": False}}


def test_a_signed_in_user_who_is_not_staff_gets_only_the_ok_flags(alice_client):
    body = alice_client.get("/healthz").json()
    assert body["worker"] == {"ok": False}


def test_the_healthz_token_unlocks_the_details(client, settings):
    settings.HEALTHZ_TOKEN = "s3cret-token"
    assert "error" not in client.get("/healthz", headers={"Authorization": "Bearer wrong"}).json()["worker"]
    body = client.get("/healthz", headers={"Authorization": "Bearer s3cret-token"}).json()
    assert body["worker"]["error"] == "the worker has never reported in"
    assert body["database"]["vendor"] in {"sqlite", "postgresql"}


def test_no_token_configured_means_no_bearer_gets_details(client, settings):
    settings.HEALTHZ_TOKEN = ""
    body = client.get("/healthz", headers={"Authorization": "Bearer "}).json()
    assert body["worker"] == {"ok": False}
