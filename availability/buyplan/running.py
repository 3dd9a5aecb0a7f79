"""Running a user's buy plan: bounded in time and threads, off the web process's shared threads, and
one at a time per user.

A plan is read from the database (`userplan.plan_inputs`, milliseconds) and then worked out
(`userplan.planned`: the model, the solves and the comparisons, up to BUY_PLAN_TIME_LIMIT_SECONDS
in all, counted from the request). The working out needs no database and runs on a small pool of
BUY_PLAN_THREADS threads per process: HiGHS lets go of the GIL while it solves, so the event loop
and the other threads go on (a 3 s solve on 200 cards × 30 stores delayed a 10 ms timer by at most
35 ms). The page's view is async and only waits for the pool; before, the plan ran in Django's one
thread for synchronous views, and every other page of the process waited behind it.

One plan at a time per user, across processes: a second plan asked for while one runs (a second tab,
the page reloaded, a script) is refused with `PlanBusy`, whose message the player reads; the first
plan's answer arrives as usual. The mark is a cache key added atomically (Redis in production) and
expiring on its own, so a process killed mid-plan blocks nobody for long. A plan waiting for a pool
thread spends its time limit waiting: under load a plan comes back sooner and less proven, never later.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache

from availability.buyplan.jsonio import PlanInputError
from availability.buyplan.userplan import PlanInputs, PlanOptions, plan_inputs, planned

logger = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None


class PlanBusy(PlanInputError):
    """Another plan of the same user is being worked out; `str()` tells the player what to do."""


def executor() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=settings.BUY_PLAN_THREADS, thread_name_prefix="buy-plan")
    return _executor


# How the refusal begins: the page's script (static/js/buy_plan.js) recognises it and asks again.
BUSY = "Your buy plan is already being worked out"


def busy_message() -> str:
    limit = settings.BUY_PLAN_TIME_LIMIT_SECONDS
    return f"{BUSY} (in another tab or window?). It takes at most {limit} s: ask again when it is done."


class PlanMark:
    """The "a plan of this user is running" mark: `take` or PlanBusy, then `drop`."""

    def __init__(self, user_id: int) -> None:
        self.key = f"buyplan:running:{user_id}"
        self.token: str | None = None

    def take(self) -> None:
        token = uuid.uuid4().hex
        # Long enough for a plan that waited for a pool thread; a killed process's mark expires.
        expiry = 3 * settings.BUY_PLAN_TIME_LIMIT_SECONDS + 30
        try:
            taken = cache.add(self.key, token, timeout=expiry)
        except Exception as error:  # the cache is down: plan anyway, unmarked, rather than refuse
            logger.warning("could not mark the buy plan of %s as running: %s", self.key, error)
            return
        if not taken:
            raise PlanBusy(busy_message())
        self.token = token

    def drop(self) -> None:
        if self.token is None:
            return
        try:
            if cache.get(self.key) == self.token:  # ours still, not a later plan's after expiry
                cache.delete(self.key)
        except Exception as error:
            logger.warning("could not clear the buy plan mark %s: %s", self.key, error)
        self.token = None


def _inputs_and_mark(user, options: PlanOptions) -> tuple[PlanInputs, PlanMark]:
    mark = PlanMark(user.pk)
    mark.take()
    try:
        return plan_inputs(user, options), mark
    except BaseException:
        mark.drop()
        raise


def run_plan(user, options: PlanOptions) -> dict[str, Any]:
    """The user's plan, from synchronous code (the socket's handler thread), waiting for the pool."""
    started = time.monotonic()
    inputs, mark = _inputs_and_mark(user, options)
    try:
        return executor().submit(planned, inputs, settings.BUY_PLAN_TIME_LIMIT_SECONDS, started).result()
    finally:
        mark.drop()


async def plan_for(user, options: PlanOptions) -> dict[str, Any]:
    """The user's plan, from an async view: the event loop waits for the pool, blocking nothing."""
    started = time.monotonic()
    inputs, mark = await sync_to_async(_inputs_and_mark)(user, options)
    try:
        return await asyncio.wrap_future(
            executor().submit(planned, inputs, settings.BUY_PLAN_TIME_LIMIT_SECONDS, started))
    finally:
        await sync_to_async(mark.drop)()
