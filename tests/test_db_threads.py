"""The WebSocket side's database threads (lgs_checker/db_threads.py) trust a connection that has
just answered, and check one that was idle or failed before using it again."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from django.db import connections

from lgs_checker import db_threads

pytestmark = pytest.mark.django_db(transaction=True)


class Clock:
    now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def one_thread(settings, monkeypatch):
    """One pool thread, with persistent, health-checked connections (as on PostgreSQL), a clock the
    test moves, and a count of health checks."""
    db_threads.close_connections()
    settings.WS_DB_THREADS = 1
    for key, value in (("CONN_HEALTH_CHECKS", True), ("CONN_MAX_AGE", 300)):
        monkeypatch.setitem(connections.settings["default"], key, value)
    clock = Clock()
    monkeypatch.setattr(db_threads, "time", clock)
    checks = []
    wrapper_class = type(connections["default"])
    original = wrapper_class.is_usable
    monkeypatch.setattr(wrapper_class, "is_usable", lambda self: checks.append(1) or original(self))
    yield clock, checks
    db_threads.close_connections()


def query() -> int:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.count()


def fail() -> None:
    query()
    raise RuntimeError("the handler broke")


def run(func):
    return async_to_sync(db_threads.run_in_db_thread)(func)


def test_a_connection_is_checked_only_when_it_was_idle_or_something_failed(one_thread):
    clock, checks = one_thread
    run(query)  # a new connection: nothing to check
    clock.now += 0.1
    run(query)
    assert checks == []  # it answered a moment ago: no SELECT 1 round trip

    clock.now += db_threads.TRUSTED_FOR_SECONDS + 1
    run(query)
    assert len(checks) == 1  # idle a while: checked before its query

    clock.now += 0.1
    with pytest.raises(RuntimeError):
        run(fail)
    clock.now += 0.1
    run(query)
    assert len(checks) == 2  # the last call failed: checked again however recent
