"""How long until every cell of a big wishlist is filled, against the bound the stores' rate limits set?

    python bench/fill_time.py [--cards 100] [--latency-ms 100] [--rate 5] [--workers 8] [--config postgres+redis]

Runs the real processes (daphne, one qcluster with --workers worker processes) on the chosen
configuration, the sample store server with the given latency per request, and one user who tracks
--cards cards at five sample stores limited to --rate requests per second each. It asks for every
cell over the WebSocket, as the dashboard does, and prints the time until the last cell is final,
the requests each store received, and the bound: the busiest store's requests ÷ its rate.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrapers.sample_store import running_sample_store, sample_store_definitions  # noqa: E402
from tests.support.processes import manage, sign_in  # noqa: E402
from tests.support.stack import CONFIGURATIONS, app_stack  # noqa: E402
from tests.support.websocket import connect, receive_json  # noqa: E402

# Platforms whose check costs one request per results page, so the bound is easy to read.
STORES = {
    "sample-binderpos": "binderpos",
    "sample-woocommerce": "woocommerce",
    "sample-css": "css",
    "sample-crystal-commerce": "crystal_commerce",
    "sample-binderpos-theme": "binderpos",
}

# Each store on its own sample server (its own host:port), as real stores are on their own hosts:
# the client spaces requests per host, so stores sharing one server would share one limit.
MOVE_STORES = (
    "from stores.models import Store; "
    "[Store.objects.filter(slug=d['slug']).update(homepage=d['base_url'], settings=d['settings']) for d in {definitions!r}]"
)

# Where the time goes: how long a check waited in the queue, and how long its scrape took
# (including the wait for the store's rate-limit slot).
STATS = (
    "from django_q.models import Task; from availability.checks.models import StoreCheck; "
    "import statistics as st; "
    "t = [(x.stopped - x.started).total_seconds() for x in Task.objects.filter(group='checks')]; "
    "d = [c.duration_ms for c in StoreCheck.objects.all()]; "
    "print(f'checks recorded     {len(d)}; queue-to-done p50 {st.median(t):.1f} s, max {max(t):.1f} s; '"
    "      f'scrape p50 {st.median(d):.0f} ms, max {max(d)} ms')"
)

SETUP_USER = (
    "from django.contrib.auth import get_user_model; from cards.catalog.models import Card; "
    "from cards.wishlist.models import TrackedCard; "
    "from stores.models import ChosenStore, Store; "
    "user = get_user_model().objects.create_user('bench', 'bench@example.com', 'bench password 1'); "
    "Store.objects.filter(slug__in={stores!r}).update(requests_per_second={rate}); "
    "[ChosenStore.objects.create(user=user, store=s) for s in Store.objects.filter(slug__in={stores!r})]; "
    "TrackedCard.objects.bulk_create([TrackedCard(user=user, card=c) for c in Card.objects.order_by('name')[:{cards}]]); "
    "print(TrackedCard.objects.filter(user=user).count())"
)


async def fill_every_cell(url: str, session, cells: int) -> float:
    async with connect(url, session) as socket:
        started = time.monotonic()
        await socket.send(json.dumps({"type": "get_card_availability"}))
        final, answered = set(), 0
        while len(final) < cells:
            message = await receive_json(socket, timeout=300)
            if message["type"] == "card_availability_update" and message["status"] == "checking":
                answered += 1
                if answered == cells:
                    print(f"all {cells} cells answered after {time.monotonic() - started:.1f} s (checks queued)")
            if message["type"] == "card_availability_update" and message["status"] != "checking":
                final.add((message["card_name"], message["store_slug"]))
                if len(final) in (1, cells // 4, cells // 2, 3 * cells // 4):
                    print(f"{len(final):>4} cells final after {time.monotonic() - started:.1f} s")
        return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=100)
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--rate", type=float, default=5.0, help="requests per second allowed per store")
    parser.add_argument("--workers", type=int, default=8, help="qcluster worker processes")
    parser.add_argument("--config", choices=CONFIGURATIONS, default="postgres+redis")
    args = parser.parse_args()

    with ExitStack() as running:
        servers = {slug: running.enter_context(running_sample_store(latency_ms=args.latency_ms, page_size=24))
                   for slug in STORES}
        data_dir = running.enter_context(tempfile.TemporaryDirectory())
        first = next(iter(servers.values()))
        stack = running.enter_context(app_stack(Path(data_dir), args.config, first.url, Q_WORKERS=str(args.workers)))
        definitions = [
            next(d for d in sample_store_definitions(server.url) if d["slug"] == slug) for slug, server in servers.items()
        ]
        manage(stack.env, "shell", "-c", MOVE_STORES.format(definitions=definitions))
        tracked = manage(stack.env, "shell", "-c", SETUP_USER.format(
            stores=list(STORES), rate=args.rate, cards=args.cards)).strip().splitlines()[-1]
        cells = int(tracked) * len(STORES)
        session = sign_in(stack.url, "bench", "bench password 1")
        try:
            seconds = asyncio.run(fill_every_cell(stack.url, session, cells))
        except Exception:
            print(stack.tail(), file=sys.stderr)
            raise
        per_store = {slug: sum(server.counts().values()) for slug, server in servers.items()}
        print(manage(stack.env, "shell", "-v", "0", "-c", STATS).strip())

    bound = max(per_store.values()) / args.rate
    print(f"configuration       {args.config}, {args.workers} workers")
    print(f"cells               {cells} ({tracked} cards × {len(STORES)} stores)")
    print(f"latency per request {args.latency_ms} ms; limit {args.rate:g} requests/s per store")
    print(f"requests received   {per_store}")
    print(f"time to fill        {seconds:.1f} s")
    print(f"rate-limit bound    {bound:.1f} s  (busiest store's requests ÷ {args.rate:g}/s)")
    print(f"ratio               {seconds / bound:.2f}× the bound (target ≤ 1.25×)")


if __name__ == "__main__":
    main()
