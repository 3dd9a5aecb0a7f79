"""Task throughput of Django-Q2's ORM broker and its Redis broker, with 2, 4 and 8 worker processes.

    DATABASE_URL=postgres://… REDIS_URL=redis://… SECRET_KEY=… python bench/brokers.py [--tasks 1000]
        [--workers 2,4,8] [--brokers orm,redis]

For each broker and worker count it starts a real `manage.py qcluster` with the app's own
Q_CLUSTER settings (Q_BROKER and Q_WORKERS switched by the environment, as in production), waits
until every worker has run a warm-up task, then queues --tasks tasks in a burst and times until the
last one has run. The task itself does next to nothing (it counts itself in Redis), so the figures
are what the broker and the cluster cost per task: the ceiling on checks per second, before any
store is asked. Both brokers run against the same PostgreSQL (task results are saved there either
way) and the same Redis.

Prints one line per configuration: seconds to queue the burst, seconds until all ran, tasks/s.
Needs a migrated PostgreSQL database (it runs `migrate` first) and a Redis it may write keys to.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COUNTER = "bench:brokers:done"
WARM_UP = "bench:brokers:warm"


def run_task(key: str) -> None:
    """The benchmarked task: count itself (the queue, not the task, is measured)."""
    _redis().incr(key)


_connection = None


def _redis():
    global _connection
    if _connection is None:
        import redis

        _connection = redis.from_url(os.environ["REDIS_URL"])
    return _connection


def _wait_for(key: str, count: int, timeout: float, cluster: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while int(_redis().get(key) or 0) < count:
        if cluster.poll() is not None:
            raise SystemExit(f"qcluster exited with {cluster.returncode}")
        if time.monotonic() > deadline:
            done = int(_redis().get(key) or 0)
            raise SystemExit(f"only {done} of {count} tasks ran within {timeout:.0f} s")
        time.sleep(0.02)


def measure(broker: str, workers: int, tasks: int) -> dict:
    """One configuration, in this process (started by `main` with Q_BROKER/Q_WORKERS set)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lgs_checker.settings")
    django.setup()
    from django_q.brokers import get_broker
    from django_q.models import OrmQ
    from django_q.tasks import async_task

    OrmQ.objects.all().delete()
    get_broker().purge_queue()
    _redis().delete(COUNTER, WARM_UP)
    cluster = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=os.environ.copy(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(workers * 2):
            async_task("bench.brokers.run_task", WARM_UP)
        _wait_for(WARM_UP, workers * 2, 120, cluster)
        started = time.perf_counter()
        for _ in range(tasks):
            async_task("bench.brokers.run_task", COUNTER)
        queued = time.perf_counter() - started
        _wait_for(COUNTER, tasks, 600, cluster)
        elapsed = time.perf_counter() - started
    finally:
        os.killpg(cluster.pid, signal.SIGTERM)  # the cluster we started, and its workers
        try:
            cluster.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(cluster.pid, signal.SIGKILL)
            cluster.wait()
    return {"broker": broker, "workers": workers, "tasks": tasks, "queue_s": round(queued, 2),
            "total_s": round(elapsed, 2), "tasks_per_s": round(tasks / elapsed, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--workers", default="2,4,8")
    parser.add_argument("--brokers", default="orm,redis")
    parser.add_argument("--one", nargs=2, metavar=("BROKER", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]), args.tasks)))
        return
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database and REDIS_URL to a Redis")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True)
    print(f"{'broker':<7}{'workers':>8}{'tasks':>7}{'queue s':>9}{'total s':>9}{'tasks/s':>9}")
    for broker in args.brokers.split(","):
        for workers in map(int, args.workers.split(",")):
            # A fresh process per configuration: Django-Q2 reads its broker settings once.
            env = {**os.environ, "Q_BROKER": broker, "Q_WORKERS": str(workers)}
            command = [sys.executable, __file__, "--one", broker, str(workers), "--tasks", str(args.tasks)]
            out = subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, text=True)
            row = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{row['broker']:<7}{row['workers']:>8}{row['tasks']:>7}{row['queue_s']:>9}"
                  f"{row['total_s']:>9}{row['tasks_per_s']:>9}", flush=True)


if __name__ == "__main__":
    main()
