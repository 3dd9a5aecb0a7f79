"""The one way a test waits for something another process does: poll a condition until it holds.

    wait_for(lambda: checks_recorded(env), 90, "the check to run again")

Returns the condition's first truthy value, so a poll can also fetch (`body = wait_for(...)`).
Fails with an AssertionError naming what was awaited, after `timeout` seconds; `message` may be a
function, called only then (to attach the tail of a process's log, read at the moment of failure).
Exceptions listed in `ignoring` count as "not yet" (a server still starting refuses connections).
`until` is the same inside a coroutine (it yields to the event loop while it waits).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_for(condition: Callable[[], T], timeout: float, message: str | Callable[[], str], *,
             interval: float = 0.2, ignoring: tuple[type[BaseException], ...] = ()) -> T:
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while True:
        try:
            if result := condition():
                return result
        except ignoring as error:
            last_error = error
        if time.monotonic() >= deadline:
            text = message() if callable(message) else message
            also = f" (last: {last_error!r})" if last_error is not None else ""
            raise AssertionError(f"timed out after {timeout:g} s waiting for {text}{also}")
        time.sleep(interval)


async def until(condition: Callable[[], T], timeout: float, message: str | Callable[[], str], *,
                interval: float = 0.01) -> T:
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {message() if callable(message) else message}")
        await asyncio.sleep(interval)
    return result
