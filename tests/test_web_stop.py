"""A web process stopped as a PaaS stops a dyno (SIGTERM to its whole process group) exits within
seconds and leaves its sockets' users' groups: no dead channel is left in Redis for pushes to go to."""

from __future__ import annotations

import asyncio
import os
import signal
import time

import pytest
import redis

from tests.support.crowd import open_all, signed_in_users
from tests.support.processes import app_environment, daphne_command, free_port, manage, running, wait_for_http
from tests.support.services import require_redis
from tests.support.websocket import run

pytestmark = [pytest.mark.processes, pytest.mark.pinned_configuration("postgres+redis")]  # its own Redis layer

SOCKETS = 20


def group_members(client: redis.Redis, prefix: str) -> int:
    return sum(client.zcard(key) for key in client.scan_iter(f"{prefix}:group:*"))


def test_sigterm_to_the_web_process_group_stops_it_within_seconds_and_leaves_no_group_member(tmp_path):
    redis_url = require_redis()
    env = app_environment(tmp_path, redis_url=redis_url)
    manage(env, "release")
    sessions = signed_in_users(env, SOCKETS)
    client = redis.Redis.from_url(redis_url)
    port, log = free_port(), tmp_path / "daphne.log"
    with running(daphne_command(port), env, log) as web:
        base_url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base_url}/healthz", log_path=log)

        async def stop_with_sockets_open():
            opened = await open_all(base_url, [key for _, key in sessions])
            sockets = [result[0] for result in opened if not isinstance(result, BaseException)]
            assert len(sockets) == SOCKETS, opened
            assert group_members(client, env["CHANNELS_PREFIX"]) == SOCKETS
            os.killpg(web.pid, signal.SIGTERM)  # the sockets stay open on the browsers' side
            started = time.monotonic()
            while web.poll() is None and time.monotonic() - started < 15:
                await asyncio.sleep(0.1)
            for socket in sockets:
                await socket.close()
            return time.monotonic() - started

        took = run(stop_with_sockets_open())
        assert web.returncode is not None and took < 10, log.read_text()[-3000:]
        assert group_members(client, env["CHANNELS_PREFIX"]) == 0, log.read_text()[-3000:]
