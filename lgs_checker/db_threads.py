"""A fixed set of threads for the WebSocket side's database work, each keeping its connection.

Channels' `database_sync_to_async` runs every consumer's ORM call on one shared thread, so a
thousand handshakes (each loading a session and a user) or one user's burst of refreshes queue
behind each other there, and with `CONN_MAX_AGE=0` each call also opened a new PostgreSQL
connection. Here the calls run on `WS_DB_THREADS` threads instead: they overlap (the database
does the waiting, not Python), and each thread's connection stays open between calls
(`CONN_MAX_AGE`, checked before reuse by `CONN_HEALTH_CHECKS` unless it answered within the last
`TRUSTED_FOR_SECONDS`), so the process holds at most that many connections for its sockets.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import ParamSpec, TypeVar

from channels.db import DatabaseSyncToAsync
from django.conf import settings
from django.db import connections

P = ParamSpec("P")
R = TypeVar("R")

_executor: ThreadPoolExecutor | None = None
_threads = 0  # how many threads _executor may start (kept here: the executor's own count is private)


def executor() -> ThreadPoolExecutor:
    global _executor, _threads
    if _executor is None:
        _threads = settings.WS_DB_THREADS
        _executor = ThreadPoolExecutor(max_workers=_threads, thread_name_prefix="ws-db")
    return _executor


# A connection that answered this recently is trusted without a health check (a `SELECT 1` round
# trip before each message's first query): under a crowd, a pool thread serves a message every few
# milliseconds. The same rule as HikariCP's alive-bypass window (500 ms).
TRUSTED_FOR_SECONDS = 0.5
_last_success = threading.local()


def _trust_recent_connections() -> None:
    if time.monotonic() - getattr(_last_success, "at", -math.inf) >= TRUSTED_FOR_SECONDS:
        return
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and not connection.errors_occurred:
            connection.health_check_done = True


def _run_noting_success(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    # DatabaseSyncToAsync has just called close_old_connections, which dropped a broken or expired
    # connection (CONN_MAX_AGE) and asked for a health check of the others before their next query.
    _trust_recent_connections()
    try:
        result = func(*args, **kwargs)
    except BaseException:
        _last_success.at = -math.inf  # an error: check the connection before it is used again
        raise
    _last_success.at = time.monotonic()
    return result


async def run_in_db_thread(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run synchronous ORM code on one of the pool's threads, closing connections that went bad."""
    return await DatabaseSyncToAsync(_run_noting_success, thread_sensitive=False, executor=executor())(
        func, *args, **kwargs)


def close_connections() -> None:
    """Close every pool thread's database connections and stop the threads (tests, shutdown)."""
    global _executor
    pool, _executor = _executor, None
    if pool is None:
        return
    # One task per thread: each waits at the barrier until all have started, so no thread can
    # take two and leave another's connection open.
    barrier = Barrier(_threads)

    def close_this_threads_connections() -> None:
        connections.close_all()
        barrier.wait(timeout=30)

    for _ in range(_threads):
        pool.submit(close_this_threads_connections)
    pool.shutdown(wait=True)
