"""/healthz on real daphne, with WebSockets open, on the suite's channel layer (channels-lite on the
zero-service run, Redis on the PostgreSQL + Redis run: CI runs both): it keeps telling the truth
(200, again and again), leaves the sockets working and writes no error to the log."""

from __future__ import annotations

import asyncio

import pytest
import requests

from tests.support.processes import (
    app_environment,
    create_users,
    daphne_command,
    free_port,
    manage,
    running,
    sign_in,
    wait_for_http,
)
from tests.support.services import require_redis
from tests.support.stack import SUITE_CHANNEL_LAYER
from tests.support.websocket import connect, receive_json, run

pytestmark = pytest.mark.processes

# Probes a second apart, as a PaaS router sends them: over forty seconds, long enough for
# channels-lite's poller to go round many times and for a socket's idle receive (5 s on Redis) to time
# out and start again several times. One probe a second keeps the test's CPU small; the slowest files
# start first (tests/conftest.py), so its wait hides behind others.
PROBES = 40
TOKEN = "healthz-token-for-tests"

HEARTBEAT = "from availability.checks.heartbeat import record_worker_heartbeat; record_worker_heartbeat()"
PUSH = (
    "from django.contrib.auth import get_user_model; from lgs_checker.push import push_to_user; "
    "push_to_user(get_user_model().objects.get(username='alice').pk, {'type': 'healthz_test', 'n': 1})"
)


# One app for the module: releasing it and starting daphne cost more than both tests' own work.
@pytest.fixture(scope="module", params=[SUITE_CHANNEL_LAYER])
def web_process(request, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("healthz")
    redis_url = require_redis() if request.param == "redis" else ""
    env = app_environment(tmp_path, redis_url=redis_url, HEALTHZ_TOKEN=TOKEN)
    manage(env, "release")
    # No worker runs here: one heartbeat lasts the test.
    create_users(env, {"alice": "alice password 1"}, then=HEARTBEAT)
    port, log = free_port(), tmp_path / "daphne.log"
    with running(daphne_command(port), env, log):
        base_url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base_url}/healthz", log_path=log)
        yield env, base_url, log


def errors_in(log) -> list[str]:
    return [line for line in log.read_text().splitlines() if "Error" in line or "Traceback" in line]


def test_healthz_stays_200_with_a_websocket_open_and_logs_no_error(web_process):
    env, base_url, log = web_process
    alice = sign_in(base_url, "alice", "alice password 1")
    # A probe before any socket exists: on channels-lite this once left a broken poller behind.
    assert requests.get(f"{base_url}/healthz", timeout=30).status_code == 200

    async def scenario() -> tuple[list[int], dict]:
        statuses = []
        async with connect(base_url, alice) as socket:
            for _ in range(PROBES):
                response = await asyncio.to_thread(requests.get, f"{base_url}/healthz", timeout=30)
                statuses.append(response.status_code)
                await asyncio.sleep(1)
            # The socket still hears pushes after all those probes.
            await asyncio.to_thread(manage, env, "shell", "-c", PUSH)
            return statuses, await receive_json(socket, timeout=30)

    statuses, pushed = run(scenario())
    assert len(statuses) == PROBES
    assert set(statuses) == {200}, statuses
    assert pushed == {"type": "healthz_test", "n": 1}
    assert errors_in(log) == [], log.read_text()[-3000:]


def test_anonymous_callers_see_only_ok_flags_and_the_token_holder_sees_details(web_process):
    env, base_url, _ = web_process
    manage(env, "shell", "-c", HEARTBEAT)  # a heartbeat as fresh as a working worker's, whatever ran before
    anonymous = requests.get(f"{base_url}/healthz", timeout=30)
    assert anonymous.status_code == 200
    body = anonymous.json()
    assert body == {
        "ok": True,
        "database": {"ok": True},
        "cache": {"ok": True},
        "channel_layer": {"ok": True},
        "worker": {"ok": True},
    }
    assert "127.0.0.1" not in anonymous.text and "localhost" not in anonymous.text

    wrong = requests.get(f"{base_url}/healthz", headers={"Authorization": "Bearer nope"}, timeout=30).json()
    assert wrong == body

    detailed = requests.get(f"{base_url}/healthz", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30).json()
    assert detailed["worker"]["age_seconds"] >= 0
    assert detailed["database"]["vendor"] == "sqlite"
    assert detailed["channel_layer"]["backend"] in {"SQLiteChannelLayer", "PooledRedisChannelLayer"}
