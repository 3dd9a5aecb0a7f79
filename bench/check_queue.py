"""How long does a user's new card wait while another user's backlog is queued? A real cluster.

    python bench/check_queue.py [--backlog 1000] [--workers 2] [--config zero-service default|postgres+redis]

Queues --backlog checks for one user (200 cards at five sample stores, inserted in bulk as her
dashboard queues them), starts one `manage.py qcluster` with --workers workers and waits until it is
under way, then has a second user queue one check (a card only he tracks). Prints, for that check:
the other user's checks recorded between his asking and his answer (first in, first out, it would
have been every check still queued), the seconds it waited, how many of the backlog were still
queued then, and what /healthz said about the worker at that moment.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrapers.sample_store import running_sample_store  # noqa: E402
from tests.support.processes import BIN, app_environment, manage, running  # noqa: E402
from tests.support.stack import CONFIGURATIONS, _released_database  # noqa: E402
from tests.test_worker_queue import BACKLOG, BOB_ADDS, HEALTHZ, STORES  # noqa: E402

COUNTS = (
    "from availability.checks.models import QueuedCheck, StoreCheck; "
    "mine = StoreCheck.objects.filter(card__name='Sol Ring', store__slug='sample-shopify').first(); "
    "print(StoreCheck.objects.count(), mine.pk if mine else 0, QueuedCheck.objects.count(), "
    "mine.checked_at.timestamp() if mine else 0)"
)
ASK = BOB_ADDS + "import time; print(time.time())\n"


def shell(env, code: str) -> list[str]:
    return manage(env, "shell", "-v", "0", "-c", code).strip().splitlines()[-1].split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backlog", type=int, default=1000, help="a multiple of 5 (five stores)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--config", choices=CONFIGURATIONS, default="zero-service default")
    args = parser.parse_args()

    with ExitStack() as stack:
        sample_store = stack.enter_context(running_sample_store())
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        database_url, redis_url = stack.enter_context(_released_database(data_dir, args.config, sample_store.url))
        env = app_environment(data_dir, database_url=database_url, redis_url=redis_url, Q_WORKERS=str(args.workers),
                              WORKER_HEARTBEAT_MAX_AGE_SECONDS="10", CATALOG_REFRESH="false")
        queued = shell(env, BACKLOG.format(stores=STORES, cards=args.backlog // len(STORES)))
        stack.enter_context(running([str(BIN / "python"), "manage.py", "qcluster"], env, data_dir / "worker.log"))
        while int(shell(env, COUNTS)[0]) < 5:
            time.sleep(0.5)
        output = manage(env, "shell", "-v", "0", "-c", ASK).strip().splitlines()
        before, asked = output[-2].split()[0], float(output[-1])
        while True:
            total, mine, waiting, answered = (float(value) for value in shell(env, COUNTS))
            if mine:
                break
        mine, waiting, waited = int(mine), int(waiting), answered - asked
        healthz = shell(env, HEALTHZ)[0]

    print(f"configuration        {args.config}, one qcluster, {args.workers} workers, in flight {2 * args.workers}")
    print(f"backlog              {queued[0]} checks of one user")
    print(f"checks before his    {mine - int(before) - 1} (first in, first out: every one still queued, ~{waiting})")
    print(f"his answer after     {waited:.1f} s (from his check's queueing to its answer, as recorded)")
    print(f"still queued then    {waiting}")
    print(f"/healthz then        {healthz}")
    print(f"load average         {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work shares them)")


if __name__ == "__main__":
    main()
