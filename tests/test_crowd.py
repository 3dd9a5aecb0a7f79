"""A crowd on one web process with the Redis channel layer: hundreds of signed-in sockets connecting
at the same moment all get in (no Redis pool error), and when they all drop at once no dead
channel is left in any user's group (later pushes would go to it)."""

from __future__ import annotations

import asyncio

import pytest
import redis

from tests.support.crowd import open_all, signed_in_users
from tests.support.processes import app_environment, daphne_command, free_port, manage, running, wait_for_http
from tests.support.services import require_redis
from tests.support.websocket import run
from tests.support.polling import wait_for

pytestmark = [pytest.mark.processes, pytest.mark.pinned_configuration("postgres+redis")]

# Three times the connection pool that used to fail: 101 concurrent group_adds were enough.
CROWD = 300


def group_members(client: redis.Redis, prefix: str) -> dict[str, int]:
    return {key.decode(): client.zcard(key) for key in client.scan_iter(f"{prefix}:group:*")}


def test_a_crowd_connects_at_once_and_leaves_no_member_behind(tmp_path):
    redis_url = require_redis()
    env = app_environment(tmp_path, redis_url=redis_url)
    manage(env, "release")
    sessions = signed_in_users(env, CROWD)
    client = redis.Redis.from_url(redis_url)
    port, log = free_port(), tmp_path / "daphne.log"
    with running(daphne_command(port), env, log):
        base_url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base_url}/healthz", log_path=log)

        async def connect_then_drop_all():
            opened = await open_all(base_url, [key for _, key in sessions], open_timeout=120)
            sockets = [result[0] for result in opened if not isinstance(result, BaseException)]
            members_while_open = group_members(client, env["CHANNELS_PREFIX"])
            # Every socket goes at the same moment, as when a deploy stops the old process's peers.
            await asyncio.gather(*(socket.close() for socket in sockets))
            return opened, members_while_open

        opened, members_while_open = run(connect_then_drop_all())
        failures = [repr(result) for result in opened if isinstance(result, BaseException)]
        assert failures == [], f"{len(failures)} of {CROWD} failed, e.g. {failures[:3]}\n{log.read_text()[-3000:]}"
        assert len(members_while_open) == CROWD and set(members_while_open.values()) == {1}

        wait_for(lambda: group_members(client, env["CHANNELS_PREFIX"]) == {}, 120,
                 lambda: f"every dropped socket to leave its group: {group_members(client, env['CHANNELS_PREFIX'])}")
    daphne_log = log.read_text()
    assert "Traceback" not in daphne_log and "MaxConnectionsError" not in daphne_log, daphne_log[-3000:]
