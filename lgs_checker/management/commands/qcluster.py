"""`manage.py qcluster`: Django-Q2's cluster, with the checks' dispatcher and a clean stop.

This command takes the place of django_q's own `qcluster` (lgs_checker comes before django_q in
INSTALLED_APPS), so the Procfile, `make run` and every test start the worker the same way. On top of
Django-Q2's cluster it

- runs the checks' dispatcher thread in the main process (availability/checks/dispatcher.py): the
  heartbeat /healthz reads, and queued checks handed to the broker in turn, a few at a time;
- stops within a few seconds on SIGTERM or SIGINT, whether sent to this process alone or, as a PaaS
  and Ctrl-C do, to its whole process group at once. A worker running a check gives it back
  (availability.checks.queue.HandedBack) instead of finishing it (a signal sent to the main process
  alone is passed on to the workers); after STOP_GRACE_SECONDS whatever is left of the cluster is
  killed; the dispatcher then releases every check the cluster held, so the next worker runs them
  at once. Django-Q2's own stop waits for the
  running task to end (a check may take a minute), and its sentinel dies on a SIGTERM sent to the
  group, leaving the main process waiting until SIGKILL: both are replaced here.
"""

from __future__ import annotations

import logging
import os
import signal
import time

from django_q import cluster as q_cluster
from django_q.signals import post_spawn

from availability.checks.dispatcher import Dispatcher
from availability.checks.queue import HandedBack
from lgs_checker.commandline import AppCommand
from lgs_checker.processes import descendants

logger = logging.getLogger(__name__)
# How long the cluster's processes get to stop on their own before they are killed: well inside the
# 10 s a stop should take, and a PaaS's 30 s.
STOP_GRACE_SECONDS = 5


class Sentinel(q_cluster.Sentinel):
    """Django-Q2's sentinel, but a SIGTERM (or SIGINT) sent to the whole group starts its stop instead
    of killing it before it stopped its workers, and a stopping sentinel starts no new worker in
    place of one that the same signal ended (Django-Q2's guard would, and the new one would take
    the next task)."""

    stopping = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, start=False, **kwargs)
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        self.start()

    def _on_signal(self, signum, frame) -> None:
        # A flag only: the stop event's lock may be held by this very thread (its guard waits on
        # it), so setting it here could deadlock. The main process sets it within 0.2 s.
        self.stopping = True

    def spawn_process(self, target, *args):
        # Processes the sentinel starts (workers, pusher, monitor) must not run its handler.
        previous = signal.signal(signal.SIGTERM, signal.SIG_IGN), signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            return super().spawn_process(target, *args)
        finally:
            signal.signal(signal.SIGTERM, previous[0])
            signal.signal(signal.SIGINT, previous[1])

    def stop(self) -> None:
        """Django-Q2's stop puts a "STOP" per worker in the task queue, and blocks for good when the
        queue is full (tasks the pusher took that no worker will run: the workers ended on the
        signal). So: stop the pusher, drop what it had queued (their checks are handed back by the
        main process; the ORM broker hands any other task out again after Q_RETRY), then stop."""
        self.event_out.set()
        deadline = time.monotonic() + 3
        while self.pusher.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        try:
            while True:
                self.task_queue.get(timeout=0.05)
        except Exception:  # queue.Empty, or a lock a dead worker left: nothing more to drop
            pass
        super().stop()

    def reincarnate(self, process) -> None:
        if not (self.stopping or self.stop_event.is_set()):
            super().reincarnate(process)
        elif process in self.pool:
            self.pool.remove(process)


def _hand_back(signum, frame):
    # Once: a second signal (the group's and the main process's) must not break the way out.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise HandedBack(0)


def _worker_stops_on_signal(sender, proc_name, **kwargs) -> None:
    """In each worker process as it starts: SIGTERM or SIGINT ends the worker at once; a check it was
    running is handed back (the cluster releases its claim), never recorded as a failure."""
    signal.signal(signal.SIGTERM, _hand_back)
    signal.signal(signal.SIGINT, _hand_back)


class Command(AppCommand):
    help = "Starts the worker: a Django-Q2 cluster, the checks' dispatcher and the heartbeat."

    def handle(self, *args, **options):
        stop_requested: list[int] = []

        def on_signal(signum, frame):
            stop_requested.append(signum)  # only a flag: see Sentinel._on_signal

        q_cluster.Sentinel = Sentinel
        post_spawn.connect(_worker_stops_on_signal, dispatch_uid="lgs-worker-stops-on-signal")
        cluster = q_cluster.Cluster()
        # Cluster() installed handlers that stop it from inside the handler, blocking; ours only note it.
        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        cluster.start()
        dispatcher = Dispatcher()
        dispatcher.start()
        while not stop_requested and cluster.sentinel.is_alive():
            time.sleep(0.2)
        logger.info("worker stopping (signal %s)", stop_requested[0] if stop_requested else "none")
        dispatcher.stop()
        cluster.stop_event.set()
        # A signal sent to this process alone (honcho, a supervisor) reaches no worker: pass it on,
        # so a worker in a check hands it back now instead of finishing it. The sentinel, its pusher
        # and its monitor ignore SIGTERM and stop on the stop event.
        for pid in descendants(cluster.sentinel.pid):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        cluster.sentinel.join(timeout=STOP_GRACE_SECONDS)
        if cluster.sentinel.is_alive():
            logger.warning("the cluster did not stop within %s s; killing its processes", STOP_GRACE_SECONDS)
            for pid in [*descendants(cluster.sentinel.pid), cluster.sentinel.pid]:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            cluster.sentinel.join(timeout=2)
        given = dispatcher.hand_back()
        logger.info("worker stopped; %d queued checks handed back", given)
