"""The Procfile, run as a PaaS runs it, on PostgreSQL + Redis: release, then web and worker."""

from __future__ import annotations

import subprocess

import pytest
import requests

from tests.support.processes import BIN, ROOT, app_environment, create_user, free_port, running, sign_in
from tests.support.services import require_postgres, require_redis, scratch_postgres_database
from tests.support.websocket import connect, run
from tests.support.polling import wait_for

pytestmark = [pytest.mark.processes, pytest.mark.pinned_configuration("postgres+redis")]


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip() and not line.startswith("#"))


HEALTHZ_TOKEN = "procfile-test-healthz-token"


def wait_until_healthy(url: str, timeout: float, log) -> dict:
    answers = [{}]

    def healthy() -> dict | None:
        answers.append(requests.get(url, headers={"Authorization": f"Bearer {HEALTHZ_TOKEN}"}, timeout=5).json())
        return answers[-1] if answers[-1].get("ok") else None

    return wait_for(healthy, timeout, lambda: f"/healthz ok: {answers[-1]}\n{log.read_text()[-5000:]}",
                    interval=1, ignoring=(requests.ConnectionError, ValueError))


@pytest.fixture
def deployed_app(tmp_path):
    require_postgres()
    redis_url = require_redis()
    with scratch_postgres_database() as database_url:
        env = app_environment(tmp_path, database_url=database_url, redis_url=redis_url, HEALTHZ_TOKEN=HEALTHZ_TOKEN)
        # What the PaaS build does before any process starts, into a folder of this deploy's own.
        env["STATIC_ROOT"] = str(tmp_path / "staticfiles")
        subprocess.run([BIN / "python", "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        release = subprocess.run(procfile()["release"], shell=True, cwd=ROOT, env=env, capture_output=True, text=True)
        assert release.returncode == 0, release.stderr
        # Release runs on every deploy: a second run must succeed and change nothing.
        again = subprocess.run(procfile()["release"], shell=True, cwd=ROOT, env=env, capture_output=True, text=True)
        assert again.returncode == 0, again.stderr
        assert "0 created" in again.stdout
        port = free_port()
        log = tmp_path / "honcho.log"
        command = [str(BIN / "honcho"), "start", "-f", str(ROOT / "Procfile"), "-p", str(port), "web", "worker"]
        with running(command, env, log):
            yield env, f"http://127.0.0.1:{port}", log


def test_procfile_web_and_worker_come_up_healthy_on_postgres_and_redis(deployed_app):
    env, base_url, log = deployed_app
    health = wait_until_healthy(f"{base_url}/healthz", timeout=120, log=log)
    assert health["database"]["ok"] is True and health["database"]["vendor"] == "postgresql"
    assert health["cache"]["ok"] is True
    assert health["channel_layer"] == {"ok": True, "backend": "PooledRedisChannelLayer"}
    assert health["worker"]["ok"] is True

    create_user(env, "alice", "alice password 1")
    session = sign_in(base_url, "alice", "alice password 1")
    assert "Stores" in session.get(f"{base_url}/account/", timeout=10).text

    async def handshake() -> bool:
        async with connect(base_url, session) as socket:
            return socket.response.status_code == 101

    assert run(handshake())
