"""The client's IP behind a proxy comes from the right end of X-Forwarded-For, as many hops in as
TRUSTED_PROXY_COUNT says: what the client writes further left cannot lift the per-IP login limit
(allauth: 10 failed sign-ins a minute per IP), on Django and on the Procfile's daphne."""

from __future__ import annotations

import pytest
import requests

from tests.support.processes import app_environment, create_user, free_port, manage, running, wait_for_http
from tests.test_procfile import procfile

TOO_MANY = "Too many failed login attempts"
REAL_CLIENT, OTHER_CLIENT = "203.0.113.7", "203.0.113.8"


def forwarded_for(attempt: int, client: str) -> str:
    """What arrives through one proxy: whatever the client wrote, then the address the proxy saw."""
    return f"198.51.100.{attempt}, {client}"


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_does_not_lift_the_login_limit(client, settings, make_user):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    make_user("alice", password="alice password 1")
    for attempt in range(10):
        response = client.post("/accounts/login/", {"login": f"guess{attempt}", "password": "wrong"},
                               HTTP_X_FORWARDED_FOR=forwarded_for(attempt, REAL_CLIENT))
        assert TOO_MANY not in response.text

    limited = client.post("/accounts/login/", {"login": "alice", "password": "alice password 1"},
                          HTTP_X_FORWARDED_FOR=forwarded_for(99, REAL_CLIENT))
    assert TOO_MANY in limited.text and "_auth_user_id" not in client.session

    other = client.post("/accounts/login/", {"login": "alice", "password": "alice password 1"},
                        HTTP_X_FORWARDED_FOR=forwarded_for(99, OTHER_CLIENT))
    assert other.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.pinned_configuration("zero-service default")
@pytest.mark.processes
def test_the_procfiles_daphne_keeps_the_login_limit_against_a_spoofed_header(tmp_path):
    assert "--proxy-headers" not in procfile()["web"]  # daphne would take the first, client-written entry
    port = free_port()
    env = app_environment(tmp_path, TRUSTED_PROXY_COUNT="1", PORT=str(port))
    manage(env, "release")
    create_user(env, "alice", "alice password 1")
    log = tmp_path / "web.log"
    with running(["sh", "-c", procfile()["web"]], env, log):
        base_url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base_url}/healthz", log_path=log)

        def sign_in(login: str, password: str, attempt: int, client: str) -> str:
            session = requests.Session()
            session.get(f"{base_url}/accounts/login/", timeout=10)
            return session.post(
                f"{base_url}/accounts/login/",
                data={"login": login, "password": password, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                headers={"X-Forwarded-For": forwarded_for(attempt, client), "Referer": f"{base_url}/accounts/login/"},
                timeout=10,
            ).text

        for attempt in range(10):
            assert TOO_MANY not in sign_in(f"guess{attempt}", "wrong", attempt, REAL_CLIENT)
        assert TOO_MANY in sign_in("alice", "alice password 1", 99, REAL_CLIENT)
        assert TOO_MANY not in sign_in("alice", "alice password 1", 99, OTHER_CLIENT)
