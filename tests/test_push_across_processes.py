"""A result computed in one process (the worker) reaches a user's WebSocket held by another (daphne),
through the channel layer each configuration uses: channels-lite's SQLite file, or Redis."""

from __future__ import annotations

import asyncio

import pytest
import websockets

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
from tests.support.websocket import connect, nothing_arrives, receive_json, run

pytestmark = pytest.mark.processes

PUSH = (
    "from django.contrib.auth import get_user_model; from lgs_checker.push import push_to_user; "
    "push_to_user(get_user_model().objects.get(username='alice').pk, "
    "{'type': 'card_availability_update', 'card_name': 'Lightning Bolt', 'store_slug': 'sample-shop', "
    "'status': 'in_stock', 'items': [], 'checked_at': '2026-11-28T20:00:00Z'})"
)


# One web process for the module: its tests only sign in and open sockets (a push to alice, refused
# handshakes), so none sees another's data, and a release and a daphne start cost seconds each.
@pytest.fixture(scope="module", params=[SUITE_CHANNEL_LAYER])
def web_process(request, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("push")
    redis_url = require_redis() if request.param == "redis" else ""
    env = app_environment(tmp_path, redis_url=redis_url)
    manage(env, "release")
    create_users(env, {"alice": "alice password 1", "bob": "bob password 1"})
    port = free_port()
    log = tmp_path / "daphne.log"
    with running(daphne_command(port), env, log):
        base_url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base_url}/healthz", log_path=log)
        yield env, base_url


def test_a_message_from_another_process_reaches_only_that_users_websocket(web_process):
    env, base_url = web_process
    alice, bob = sign_in(base_url, "alice", "alice password 1"), sign_in(base_url, "bob", "bob password 1")

    async def scenario():
        async with connect(base_url, alice) as alice_socket, connect(base_url, bob) as bob_socket:
            # No wait needed: the consumer joins the user's group before it accepts the handshake.
            await asyncio.to_thread(manage, env, "shell", "-c", PUSH)
            message = await receive_json(alice_socket)
            bob_heard_nothing = await nothing_arrives(bob_socket, within=2)
            return message, bob_heard_nothing

    message, bob_heard_nothing = run(scenario())
    assert message["type"] == "card_availability_update"
    assert message["card_name"] == "Lightning Bolt" and message["status"] == "in_stock"
    assert bob_heard_nothing


def test_an_anonymous_handshake_is_refused(web_process):
    _, base_url = web_process

    async def scenario():
        async with connect(base_url):
            pass

    with pytest.raises(websockets.InvalidStatus) as refused:
        run(scenario())
    assert refused.value.response.status_code == 403


def test_a_handshake_from_a_foreign_origin_is_refused(web_process):
    _, base_url = web_process
    alice = sign_in(base_url, "alice", "alice password 1")

    async def scenario():
        async with connect(base_url, alice, origin="https://evil.example"):
            pass

    with pytest.raises(websockets.InvalidStatus) as refused:
        run(scenario())
    assert refused.value.response.status_code == 403
