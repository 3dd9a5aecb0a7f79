"""Which real services this machine offers, and what a test does when one is missing.

On a developer's laptop a test that needs PostgreSQL, Redis or Chromium skips when it is absent.
In CI (CI=true) it fails instead: a green CI run must mean every test ran.
"""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.support.polling import wait_for

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def missing(what: str) -> None:
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available")
    pytest.skip(f"{what} is not available on this machine")


def _port_open(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1):
            return True
    except OSError:
        return False


def require_postgres() -> str:
    if not _port_open(POSTGRES_URL, 5432):
        missing("PostgreSQL")
    return POSTGRES_URL


def require_redis() -> str:
    if not _port_open(REDIS_URL, 6379):
        missing("Redis")
    return REDIS_URL


def require_chromium() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing("Chromium")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing("Playwright for Python")
    return CHROMIUM


def require_executable(name: str) -> str:
    path = shutil.which(name)
    if not path:
        missing(name)
    return path


def database_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


@contextmanager
def scratch_postgres_database(template: str = ""):
    """A new PostgreSQL database for processes a test starts, empty or a copy of the database at
    `template` (which nothing may be connected to); dropped afterwards."""
    import psycopg

    base = require_postgres()
    name = f"lgs_scratch_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(base, autocommit=True)
    if template:
        _create_from_template(admin, name, database_name(template))
    else:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlparse(base)._replace(path=f"/{name}").geturl()
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _create_from_template(admin, name: str, template: str) -> None:
    """PostgreSQL copies a template only while nobody is connected to it: the server may still be
    closing the session of a process that has just exited."""
    import psycopg

    def created() -> bool:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return True

    wait_for(created, 30, f"the template {template} to be free to copy", interval=0.1,
             ignoring=(psycopg.errors.ObjectInUse,))
