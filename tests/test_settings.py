"""The one settings module: zero services by default, PostgreSQL and Redis from the environment."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from types import SimpleNamespace

import pytest

from tests.support.processes import ROOT

def summary(settings) -> dict:
    return {
        "debug": settings.DEBUG,
        "db": settings.DATABASES["default"]["ENGINE"],
        "db_name": str(settings.DATABASES["default"]["NAME"]),
        "db_init": settings.DATABASES["default"].get("OPTIONS", {}).get("init_command", ""),
        "layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
        "layer_hosts": settings.CHANNEL_LAYERS["default"]["CONFIG"].get("hosts"),
        "cache": settings.CACHES["default"]["BACKEND"],
        "cache_options": settings.CACHES["default"].get("OPTIONS", {}),
        "broker": settings.Q_CLUSTER.get("orm"),
        "q_timeout": settings.Q_CLUSTER["timeout"], "q_retry": settings.Q_CLUSTER["retry"],
        "email": settings.MAILERS["default"]["BACKEND"],
        "allowed_hosts": settings.ALLOWED_HOSTS,
        "csrf": settings.CSRF_TRUSTED_ORIGINS,
        "static": settings.STORAGES["staticfiles"]["BACKEND"],
        "middleware": settings.MIDDLEWARE,
        "private_stores": settings.ALLOW_PRIVATE_STORE_ADDRESSES,
    }


def load_settings(tmp_path, **env) -> subprocess.CompletedProcess:
    """Django starting in a process of its own with only this environment: for the settings that
    must stop the app."""
    environment = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "lgs_checker.settings", "DATA_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=environment, capture_output=True,
        text=True, timeout=60,
    )


@pytest.fixture
def settings_with(tmp_path, monkeypatch):
    """The settings module run in this process with only the given environment (a process of its
    own costs a second of start-up each time)."""
    def read(**env) -> dict:
        with monkeypatch.context() as patch:
            for name in list(os.environ):
                patch.delenv(name)
            for name, value in {"PATH": "/usr/bin:/bin", "DATA_DIR": str(tmp_path), **env}.items():
                patch.setenv(name, value)
            settings = SimpleNamespace(**runpy.run_path(str(ROOT / "lgs_checker" / "settings.py")))
        return summary(settings)

    return read


def test_no_environment_runs_on_sqlite_with_in_process_defaults(settings_with, tmp_path):
    s = settings_with()
    assert s["debug"] is True
    assert s["db"] == "django.db.backends.sqlite3"
    assert s["db_name"] == str(tmp_path / "db.sqlite3")
    assert "journal_mode=WAL" in s["db_init"] and "busy_timeout" in s["db_init"]
    assert s["layer"] == "channels_lite.layers.core.SQLiteChannelLayer"
    assert s["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert s["broker"] == "default"
    assert s["email"] == "django.core.mail.backends.console.EmailBackend"
    assert "lgs_checker.static_files.AsyncWhiteNoiseMiddleware" in s["middleware"]  # WhiteNoise, async-capable


def test_database_url_selects_postgresql(settings_with):
    s = settings_with(DATABASE_URL="postgres://u@db.example:5432/lgs", SECRET_KEY="k" * 50)
    assert s["db"] == "django.db.backends.postgresql"
    assert s["debug"] is False
    assert s["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_redis_url_selects_redis_channel_layer_and_cache(settings_with):
    s = settings_with(REDIS_URL="redis://cache.example:6379/0")
    assert s["layer"] == "lgs_checker.channel_layer.PooledRedisChannelLayer"  # channels-redis, pooled
    assert s["layer_hosts"] == [{"address": "redis://cache.example:6379/0", "socket_timeout": 30}]
    assert s["cache"] == "lgs_checker.redis_cache.SharedPoolRedisCache"  # Django's, one pool a process


def test_rediss_url_encrypts_without_verifying_the_self_signed_certificate(settings_with):
    s = settings_with(REDIS_URL="rediss://:pw@cache.example:6380")
    assert s["layer_hosts"][0]["ssl_cert_reqs"] is None
    assert s["cache_options"]["ssl_cert_reqs"] is None


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = load_settings(tmp_path, DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_hosts_origins_and_email_come_from_the_environment(settings_with):
    s = settings_with(
        DEBUG="false",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="lgs.example.com, www.lgs.example.com",
        CSRF_TRUSTED_ORIGINS="https://lgs.example.com",
        EMAIL_HOST="smtp.example.com",
    )
    assert s["allowed_hosts"] == ["lgs.example.com", "www.lgs.example.com"]
    assert s["csrf"] == ["https://lgs.example.com"]
    assert s["email"] == "django.core.mail.backends.smtp.EmailBackend"


def test_task_retry_outlasts_task_timeout(settings_with):
    # django-q2 re-queues a task still running at `retry`: it must come after `timeout` kills it.
    s = settings_with(Q_TIMEOUT="300")
    assert s["q_retry"] > s["q_timeout"] == 300


def test_a_misspelt_yes_no_variable_stops_the_app_naming_it(tmp_path):
    result = load_settings(tmp_path, DEBUG="ture")
    assert result.returncode != 0
    assert "DEBUG='ture' is not a yes/no value" in result.stderr


def test_a_number_variable_that_is_not_a_number_stops_the_app_naming_it(tmp_path):
    result = load_settings(tmp_path, Q_TIMEOUT="two minutes")
    assert result.returncode != 0
    assert "Q_TIMEOUT='two minutes' is not a whole number" in result.stderr


def test_the_usual_spellings_of_yes_and_no_are_understood(settings_with):
    assert settings_with(DEBUG="off", SECRET_KEY="k" * 50, ALLOWED_HOSTS="x")["debug"] is False
    assert settings_with(DEBUG="Yes")["debug"] is True


def test_private_store_addresses_are_refused_in_a_deployment_unless_allowed(settings_with):
    deployed = {"DEBUG": "false", "SECRET_KEY": "k" * 50}
    assert settings_with(**deployed)["private_stores"] is False  # loopback and metadata addresses refused
    assert settings_with()["private_stores"] is True  # the laptop's sample stores on 127.0.0.1
    assert settings_with(**deployed, ALLOW_PRIVATE_STORE_ADDRESSES="true")["private_stores"] is True
