"""Production security settings: `manage.py check --deploy` is clean with the documented production
environment, HSTS comes from the environment once DEBUG is off, and every page carries a
Content-Security-Policy that allows no inline script."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys

import pytest

from tests.support.processes import ROOT

# What README's "Deploying" section tells an operator to set (the add-ons set the two URLs). No
# check connects to these hosts.
PRODUCTION = {
    "DATABASE_URL": "postgres://lgs:secret@db.invalid:5432/lgs",
    "REDIS_URL": "rediss://:secret@redis.invalid:6380",
    "ALLOWED_HOSTS": "lgs.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://lgs.example.com",
    "EMAIL_HOST": "smtp.example.com",
    "SECURE_SSL_REDIRECT": "true",
    "TRUSTED_PROXY_COUNT": "1",
}


def run_python(tmp_path, args: list[str], **env) -> subprocess.CompletedProcess:
    environment = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "lgs_checker.settings",
                   "DATA_DIR": str(tmp_path), **env}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.pinned_configuration("postgres+redis")
def test_check_deploy_prints_no_warnings_with_the_production_environment(tmp_path):
    result = run_python(tmp_path, ["manage.py", "check", "--deploy"], SECRET_KEY=secrets.token_urlsafe(50), **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced).", result.stdout
    assert result.stderr == ""


HSTS_PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps([settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS]))"
)


def hsts(tmp_path, **env) -> list:
    result = run_python(tmp_path, ["-c", HSTS_PROBE], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.pinned_configuration("postgres+redis")
def test_hsts_is_on_when_debug_is_off_and_its_seconds_come_from_the_environment(tmp_path):
    key = "k" * 50
    assert hsts(tmp_path) == [0, True]  # a laptop (DEBUG on) never pins HTTPS on localhost
    assert hsts(tmp_path, DEBUG="false", SECRET_KEY=key) == [31_536_000, True]
    assert hsts(tmp_path, DEBUG="false", SECRET_KEY=key, SECURE_HSTS_SECONDS="3600",
                SECURE_HSTS_INCLUDE_SUBDOMAINS="false") == [3600, False]


@pytest.mark.django_db
def test_an_https_response_carries_hsts_when_it_is_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=3600")


PAGES = ["/", "/notifications/", "/alerts/", "/account/", "/cards/import", "/cards/export",
         "/admin/", "/admin/stores/store/", "/admin/stores/store/add/", "/accounts/password/change/"]


SIGNED_OUT_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/admin/login/"]


@pytest.mark.django_db
def test_every_page_has_a_csp_with_no_inline_script_and_no_inline_script_in_it(client, make_user):
    visits = [(page, False) for page in SIGNED_OUT_PAGES] + [(page, True) for page in PAGES]
    for page, signed_in in visits:
        if signed_in and "_auth_user_id" not in client.session:
            client.force_login(make_user("ops", is_staff=True, is_superuser=True))
        response = client.get(page)
        assert response.status_code == 200, page
        policy = response["Content-Security-Policy"]
        assert "script-src 'self';" in policy and "'unsafe-inline'" not in policy, page
        html = response.text
        # A <script> with a body would be blocked by that policy; JSON data blocks are not run.
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (page, tag)
        assert " onclick=" not in html and " onload=" not in html and " style=" not in html, page
