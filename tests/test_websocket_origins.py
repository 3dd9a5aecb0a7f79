"""A WebSocket handshake is accepted only from the site's own origin (scheme, host and port, as the
handshake reached it) or CSRF_TRUSTED_ORIGINS: lgs_checker/origins.py."""

from __future__ import annotations

import pytest
import websockets
from channels.testing import WebsocketCommunicator
from django.conf import settings

from lgs_checker.asgi import application
from tests.support.processes import (
    app_environment, create_user, daphne_command, free_port, manage, running, sign_in, wait_for_http,
)
from tests.support.websocket import connect, run

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

SITE_HOST = "127.0.0.1:8000"


@pytest.fixture(autouse=True)
def site_hosts(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]


@pytest.fixture
def session_cookie(alice, client) -> bytes:
    client.force_login(alice)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode()


async def handshake(cookie: bytes, origin: str | None, host: str = SITE_HOST, **headers: str) -> bool:
    sent = [(b"host", host.encode()), (b"cookie", cookie)]
    if origin is not None:
        sent.append((b"origin", origin.encode()))
    sent += [(name.replace("_", "-").encode(), value.encode()) for name, value in headers.items()]
    communicator = WebsocketCommunicator(application, "/ws/", headers=sent)
    connected, _ = await communicator.connect()
    if connected:
        await communicator.disconnect()
    return connected


async def test_the_sites_own_origin_is_accepted(session_cookie):
    assert await handshake(session_cookie, "http://127.0.0.1:8000")


@pytest.mark.parametrize(
    "origin",
    [
        "http://127.0.0.1:19299",  # the same host, another port
        "http://127.0.0.1",  # the same host, the default port
        "https://127.0.0.1:8000",  # another scheme
        "https://localhost:4444",
        "http://localhost:8000",  # another host name, even one in ALLOWED_HOSTS
        "https://evil.example",
        "null",
        "",
    ],
)
async def test_another_origin_is_refused(session_cookie, origin):
    assert not await handshake(session_cookie, origin)


async def test_a_handshake_without_origin_is_refused(session_cookie):
    assert not await handshake(session_cookie, None)


async def test_a_host_not_in_allowed_hosts_is_refused_even_from_its_own_origin(session_cookie):
    assert not await handshake(session_cookie, "http://evil.example:8000", host="evil.example:8000")


async def test_behind_a_tls_proxy_the_https_origin_is_the_sites_own(session_cookie):
    assert await handshake(session_cookie, "https://127.0.0.1:8000", x_forwarded_proto="https")
    assert not await handshake(session_cookie, "http://127.0.0.1:8000", x_forwarded_proto="https")


async def test_csrf_trusted_origins_are_accepted_exactly(session_cookie, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://cards.example.com", "https://*.shops.example"]
    assert await handshake(session_cookie, "https://cards.example.com")
    assert await handshake(session_cookie, "https://cards.example.com:443")
    assert await handshake(session_cookie, "https://north.shops.example")
    assert not await handshake(session_cookie, "https://cards.example.com:8443")
    assert not await handshake(session_cookie, "http://cards.example.com")
    assert not await handshake(session_cookie, "https://shops.example.evil")


@pytest.mark.pinned_configuration("zero-service default")
@pytest.mark.processes
def test_daphne_refuses_another_port_and_scheme_and_accepts_its_own(tmp_path):
    env = app_environment(tmp_path)
    manage(env, "release")
    create_user(env, "alice", "alice password 1")
    port, log = free_port(), tmp_path / "daphne.log"
    with running(daphne_command(port), env, log):
        base_url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base_url}/healthz", log_path=log)
        alice = sign_in(base_url, "alice", "alice password 1")

        async def status(origin: str) -> int:
            try:
                async with connect(base_url, alice, origin=origin):
                    return 101
            except websockets.InvalidStatus as refused:
                return refused.response.status_code

        assert run(status(base_url)) == 101
        assert run(status(f"http://127.0.0.1:{free_port()}")) == 403
        assert run(status(f"https://127.0.0.1:{port}")) == 403
        assert run(status("https://localhost:4444")) == 403
