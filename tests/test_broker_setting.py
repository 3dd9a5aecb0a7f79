"""Q_BROKER picks Django-Q2's queue: the database (default) or Redis (docs/scaling.md)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support.processes import ROOT

# Each test starts its own processes on its own settings, so it runs in one half of CI (.ci/run).
pytestmark = pytest.mark.pinned_configuration("postgres+redis")

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({"orm": settings.Q_CLUSTER.get("orm"), "redis": settings.Q_CLUSTER.get("redis")}))
"""


def broker_settings(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "lgs_checker.settings",
                   "DATA_DIR": str(tmp_path), **env}
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=60)


def test_the_database_queues_tasks_by_default_even_with_redis(tmp_path):
    result = broker_settings(tmp_path, REDIS_URL="redis://cache.example:6379/0")
    assert json.loads(result.stdout) == {"orm": "default", "redis": None}


def test_q_broker_redis_queues_tasks_in_redis(tmp_path):
    result = broker_settings(tmp_path, REDIS_URL="redis://cache.example:6379/0", Q_BROKER="redis")
    assert json.loads(result.stdout) == {"orm": None, "redis": "redis://cache.example:6379/0"}


def test_a_self_signed_rediss_broker_is_encrypted_without_verifying(tmp_path):
    result = broker_settings(tmp_path, REDIS_URL="rediss://:pw@cache.example:6380", Q_BROKER="redis")
    assert json.loads(result.stdout)["redis"] == "rediss://:pw@cache.example:6380?ssl_cert_reqs=none"


def test_q_broker_redis_without_redis_is_a_clear_error(tmp_path):
    result = broker_settings(tmp_path, Q_BROKER="redis")
    assert result.returncode != 0 and "Q_BROKER=redis needs REDIS_URL" in result.stderr
    assert "must be 'orm' or 'redis'" in broker_settings(tmp_path, Q_BROKER="rabbit").stderr
