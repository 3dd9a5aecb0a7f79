"""Two web and two worker processes on one PostgreSQL and one Redis, as a PaaS runs them: Redis
connections per process, a worker killed with checks queued, and SIGTERM as a PaaS sends it.

    python bench/processes.py [--sockets 200] [--checks 15]

Prints, in order:

- Redis connections held by each process (counted from /proc: its TCP sockets to Redis's port) at
  rest, with --sockets signed-in sockets open (split over the two web processes), and after they
  closed; and the user-group memberships in Redis at each point;
- a worker killed (SIGKILL to its process group) while it runs checks: how many checks it held
  (claimed), and how long until the other worker had answered all --checks;
- one web process stopped with SIGTERM to its process group while it holds half the sockets: how
  long it took to exit and the group memberships it left behind;
- SIGTERM to every remaining process group at once (a dyno restart): how long each took to exit.

Needs PostgreSQL and Redis (DATABASE_URL / REDIS_URL as for the test suite, or the local defaults).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis  # noqa: E402

from scrapers.sample_store import running_sample_store  # noqa: E402
from lgs_checker.processes import descendants  # noqa: E402
from tests.support.crowd import open_all, signed_in_users  # noqa: E402
from tests.support.processes import (  # noqa: E402
    BIN, app_environment, daphne_command, free_port, manage, running, wait_for_http,
)
from tests.support.queued_searches import QUEUE_SEARCHES  # noqa: E402
from tests.support.stack import _released_database  # noqa: E402

COUNT_ANSWERED = (
    "from availability.checks.models import LatestAnswer, QueuedCheck; "
    "print(LatestAnswer.objects.filter(checked_at__isnull=False).count(), "
    "QueuedCheck.objects.exclude(claimed_by='').count())"
)


def redis_connections(pid: int, port: int) -> int:
    """TCP connections to Redis's port held by the process and its children (from /proc)."""
    inodes = set()
    for tcp in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(tcp).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[2].rsplit(":", 1)[1], 16) == port and fields[3] == "01":  # ESTABLISHED
                inodes.add(fields[9])
    count = 0
    for process in [pid, *descendants(pid)]:
        try:
            links = [os.readlink(fd) for fd in Path(f"/proc/{process}/fd").iterdir()]
        except OSError:
            continue
        count += sum(1 for link in links if link.startswith("socket:[") and link[8:-1] in inodes)
    return count


def group_members(client: redis.Redis, prefix: str) -> int:
    return sum(client.zcard(key) for key in client.scan_iter(f"{prefix}:group:*"))


def stop_group(process, timeout: float = 30) -> float:
    started = time.monotonic()
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=timeout)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sockets", type=int, default=200)
    parser.add_argument("--checks", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")

    with ExitStack() as stack:
        sample_store = stack.enter_context(running_sample_store())
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        database_url, redis_url = stack.enter_context(_released_database(data_dir, "postgres+redis", sample_store.url))
        env = app_environment(data_dir, database_url=database_url, redis_url=redis_url, Q_WORKERS="2",
                              CATALOG_REFRESH="false")
        client = redis.Redis.from_url(redis_url)
        redis_port = client.connection_pool.connection_kwargs.get("port", 6379)
        sessions = signed_in_users(env, args.sockets, prefix="proc")

        workers = [stack.enter_context(running([str(BIN / "python"), "manage.py", "qcluster"], env,
                                               data_dir / f"worker{n}.log")) for n in range(2)]
        ports = [free_port(), free_port()]
        webs = [stack.enter_context(running(daphne_command(port), env, data_dir / f"web{n}.log"))
                for n, port in enumerate(ports)]
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url in urls:
            wait_for_http(f"{url}/healthz", timeout=120)

        def connections() -> str:
            return " ".join(f"{redis_connections(p.pid, redis_port):>3}" for p in (*webs, *workers))

        prefix = env["CHANNELS_PREFIX"]
        print(f"{'Redis connections':<40} web1 web2 wrk1 wrk2   group members")
        print(f"{'  at rest':<40} {connections()}   {group_members(client, prefix)}")

        async def crowd() -> None:
            keys = [key for _, key in sessions]
            half = len(keys) // 2
            opened = await open_all(urls[0], keys[:half]) + await open_all(urls[1], keys[half:])
            sockets = [result[0] for result in opened if not isinstance(result, BaseException)]
            print(f"{f'  {len(sockets)} sockets open':<40} {connections()}   {group_members(client, prefix)}")
            await asyncio.gather(*(socket.close() for socket in sockets))
            await asyncio.sleep(2)
            print(f"{'  after they closed':<40} {connections()}   {group_members(client, prefix)}")

        asyncio.run(crowd())

        # A worker killed while it runs checks.
        sample_store.set_fault("shopify", hang_seconds=30, times=2)
        manage(env, "shell", "-c", QUEUE_SEARCHES.format(count=args.checks))
        deadline = time.monotonic() + 60
        while sample_store.requests("shopify") < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        os.killpg(workers[0].pid, signal.SIGKILL)
        killed_at = time.monotonic()
        answered, held = map(int, manage(env, "shell", "-v", "0", "-c", COUNT_ANSWERED).split()[-2:])
        print(f"\nworker 1 killed (SIGKILL) with {args.checks} checks queued: {held} claimed by the two workers "
              f"(bound: 2 × 2 workers each), {answered} answered so far")
        while True:
            answered, held = map(int, manage(env, "shell", "-v", "0", "-c", COUNT_ANSWERED).split()[-2:])
            if answered >= args.checks or time.monotonic() - killed_at > 180:
                break
            time.sleep(1)
        print(f"  all {answered} answered {time.monotonic() - killed_at:.1f} s after the kill")

        # One web process stopped with SIGTERM while it holds sockets.
        async def stop_one_web() -> None:
            keys = [key for _, key in sessions][: args.sockets // 2]
            opened = await open_all(urls[0], keys)
            sockets = [result[0] for result in opened if not isinstance(result, BaseException)]
            before = group_members(client, prefix)
            took = await asyncio.to_thread(stop_group, webs[0])
            print(f"\nweb 1 stopped (SIGTERM to its group) holding {len(sockets)} sockets: exited in {took:.2f} s; "
                  f"group members {before} before, {group_members(client, prefix)} after")
            for socket in sockets:
                await socket.close()

        asyncio.run(stop_one_web())

        started = time.monotonic()
        rest = [webs[1], workers[1]]
        for process in rest:
            os.killpg(process.pid, signal.SIGTERM)
        for name, process in zip(["web 2", "worker 2"], rest):
            process.wait(timeout=30)
            print(f"{name} exited {time.monotonic() - started:.2f} s after SIGTERM to every group at once")
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work shares them)")


if __name__ == "__main__":
    main()
