"""The worker cluster's own thread: its heartbeat, and handing queued checks to the broker in turn.

`manage.py qcluster` (lgs_checker/management/commands/qcluster.py) runs one `Dispatcher` in the
cluster's main process, beside Django-Q2's sentinel. Every POLL_SECONDS it

- writes the cluster's heartbeat (every HEARTBEAT_EVERY), which /healthz reads: the heartbeat is
  written by this thread, not queued as a task, so it never waits behind checks;
- tops the cluster's checks in flight up to CHECKS_IN_FLIGHT: it claims the next QueuedChecks
  (queue.claim: priority, then users in turn) and queues one `run_queued_check` task for each.

On stop it gives back what it claimed (queue.release), so the next cluster runs it at once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid

from django.conf import settings
from django.db import close_old_connections, connection
from django_q.brokers import get_broker
from django_q.tasks import async_task

from availability.checks import queue
from availability.checks.heartbeat import forget_old_heartbeats, record_worker_heartbeat
from availability.checks.pipeline import QUEUED_CHECK_TASK

logger = logging.getLogger(__name__)
# How often the dispatcher looks for work: often while checks flow, less when the queue is empty.
POLL_SECONDS = 0.25
IDLE_POLL_SECONDS = 0.5


def cluster_label() -> str:
    """This cluster process's name in heartbeats and claims: unique per process, readable in the admin."""
    return f"{settings.Q_CLUSTER['name']}@{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"[:100]


class Dispatcher(threading.Thread):
    def __init__(self, label: str | None = None, in_flight: int | None = None):
        super().__init__(name="check dispatcher", daemon=True)
        self.label = label or cluster_label()
        self.limit = in_flight or settings.CHECKS_IN_FLIGHT
        self.turns = queue.Turns()
        self._stop = threading.Event()
        self._broker = None

    def run(self) -> None:
        next_beat = 0.0
        forget_old_heartbeats()
        while not self._stop.is_set():
            pause = IDLE_POLL_SECONDS
            try:
                if time.monotonic() >= next_beat:
                    record_worker_heartbeat(self.label)
                    next_beat = time.monotonic() + queue.HEARTBEAT_EVERY.total_seconds()
                if self.dispatch():
                    pause = POLL_SECONDS
            except Exception:  # the database or the broker is away: try again next round
                logger.exception("the check dispatcher failed; retrying")
                close_old_connections()
                pause = 1
            self._stop.wait(pause)
        connection.close()

    def dispatch(self) -> int:
        """Claim checks up to the bound and queue their tasks; the number queued (or in flight:
        a full cluster looks again soon, for the slot its next finished check frees)."""
        busy = queue.in_flight(self.label)
        slots = self.limit - busy
        claimed = queue.claim(self.label, slots, self.turns)
        if claimed and self._broker is None:
            self._broker = get_broker()
        for queued_id, token in claimed:
            async_task(QUEUED_CHECK_TASK, queued_id, str(token), task_name=f"queued check {queued_id}",
                       group="checks", timeout=queue.check_time_limit(), broker=self._broker)
        return len(claimed) + busy

    def stop(self) -> int:
        """Stop claiming; once the cluster's workers are gone, `hand_back` returns what it held."""
        self._stop.set()
        self.join(timeout=5)
        return 0

    def hand_back(self) -> int:
        try:
            return queue.release(self.label)
        finally:
            connection.close()
