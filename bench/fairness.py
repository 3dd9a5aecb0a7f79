"""Does one user's flood slow another user down? Round trips of a quiet user, alone and during a flood.

    python bench/fairness.py [--cards 50] [--sockets 10] [--seconds 20] [--config postgres+redis]

Runs the real processes (one daphne, one qcluster, DEBUG off) and the sample store server on
loopback. The flooding user tracks --cards cards at five sample stores (every answer cached
first, so the flood is web work only) and opens --sockets sockets, each asking for a full
refresh (`get_card_availability`, every cell) again as soon as the last one is answered. The quiet
user sends `get_users_cards` four times a second (within the budget every user has) and times
each reply.

Prints the quiet user's round trip p50/p95 alone and during the flood, and their ratio (target:
p95 less than 2× the figure alone), and what the flood got: refreshes answered (a refresh asked
while the same one was running is joined and answered with it) and `slow down` replies.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrapers.sample_store import running_sample_store  # noqa: E402
from tests.support.crowd import open_socket, signed_in_users  # noqa: E402
from tests.support.processes import manage  # noqa: E402
from tests.support.stack import CONFIGURATIONS, app_stack  # noqa: E402

STORES = ["sample-crystal-commerce", "sample-woocommerce", "sample-css", "sample-binderpos", "sample-shopify"]

TRACK = """
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from stores.models import ChosenStore, Store
for store in Store.objects.filter(slug__in={stores!r}):
    ChosenStore.objects.create(user_id={flooder}, store=store)
    ChosenStore.objects.create(user_id={quiet}, store=store)
cards = Card.objects.order_by("name")[:{cards}]
TrackedCard.objects.bulk_create([TrackedCard(user_id={flooder}, card=card) for card in cards])
TrackedCard.objects.create(user_id={quiet}, card=cards[0])
print(TrackedCard.objects.filter(user_id={flooder}).count() * len({stores!r}))
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def fill_cache(socket, cells: int) -> None:
    """Ask for every cell and wait until each is final: later refreshes are answered from the cache."""
    await socket.send(json.dumps({"type": "get_card_availability"}))
    final: set[tuple[str, str]] = set()
    async with asyncio.timeout(600):
        while len(final) < cells:
            message = json.loads(await socket.recv())
            if message["type"] == "card_availability_update" and message["status"] != "checking":
                final.add((message["card_name"], message["store_slug"]))


async def quiet_round_trips(socket, seconds: float, per_second: float = 4) -> list[float]:
    """Round trips of `get_users_cards`, at a pace within a user's message budget (5 a second)."""
    trips = []
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        started = time.perf_counter()
        await socket.send(json.dumps({"type": "get_users_cards"}))
        while (reply := json.loads(await socket.recv()))["type"] not in {"cards_data", "error"}:
            pass  # a push about the card the quiet user tracks too
        if reply["type"] == "error":
            raise RuntimeError(f"the quiet user was refused: {reply['message']}")
        trips.append(time.perf_counter() - started)
        await asyncio.sleep(max(0.0, 1 / per_second - trips[-1]))
    return trips


async def flood(socket, cells: int, stop: asyncio.Event, tally: dict) -> None:
    """Ask for a full refresh, read its answer (every cell, or a slow-down error), repeat."""
    while not stop.is_set():
        await socket.send(json.dumps({"type": "get_card_availability"}))
        cells_seen = 0
        while cells_seen < cells:
            message = json.loads(await socket.recv())
            if message["type"] == "error":
                tally["slowed down"] += 1
                break
            cells_seen += message["type"] == "card_availability_update"
        else:
            tally["refreshes answered"] += 1


async def measure(url: str, flooder_key: str, quiet_key: str, cells: int, args) -> dict:
    quiet, _ = await open_socket(url, quiet_key)
    first_flood, _ = await open_socket(url, flooder_key)
    await fill_cache(first_flood, cells)
    # The others open after the cache is full, so no push of that filling is waiting on them.
    floods = [first_flood, *[(await open_socket(url, flooder_key))[0] for _ in range(args.sockets - 1)]]
    alone = await quiet_round_trips(quiet, args.seconds)

    stop, tally = asyncio.Event(), {"refreshes answered": 0, "slowed down": 0}
    flooding = [asyncio.create_task(flood(socket, cells, stop, tally)) for socket in floods]
    await asyncio.sleep(1)  # the flood is under way
    during = await quiet_round_trips(quiet, args.seconds)
    stop.set()
    async with asyncio.timeout(120):
        await asyncio.gather(*flooding)
    for socket in (quiet, *floods):
        await socket.close()
    return {"alone": alone, "during": during, **tally}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=50)
    parser.add_argument("--sockets", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--config", choices=CONFIGURATIONS, default="postgres+redis")
    args = parser.parse_args()

    with ExitStack() as running:
        sample_store = running.enter_context(running_sample_store())
        data_dir = Path(running.enter_context(tempfile.TemporaryDirectory()))
        stack = running.enter_context(app_stack(
            data_dir, args.config, sample_store.url, Q_WORKERS="2", CATALOG_REFRESH="false"))
        (flooder, flooder_key), (quiet, quiet_key) = signed_in_users(stack.env, 2, prefix="fair")
        cells = int(manage(stack.env, "shell", "-c", TRACK.format(
            stores=STORES, flooder=flooder, quiet=quiet, cards=args.cards)).strip().splitlines()[-1])
        figures = asyncio.run(asyncio.wait_for(measure(stack.url, flooder_key, quiet_key, cells, args), 600))

    alone, during = figures["alone"], figures["during"]
    print(f"configuration       {args.config}, one daphne, one qcluster, DEBUG off")
    print(f"load average        {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work shares them)")
    print(f"flood               {args.sockets} sockets of one user, full refreshes of {cells} cells, "
          f"back to back for {args.seconds:g} s")
    print(f"flood got           {figures['refreshes answered']} refreshes answered, "
          f"{figures['slowed down']} slow-down replies")
    print(f"quiet user alone    p50 {statistics.median(alone) * 1000:.1f} ms, p95 {percentile(alone, 0.95) * 1000:.1f} ms"
          f" ({len(alone)} round trips)")
    print(f"quiet user, flood   p50 {statistics.median(during) * 1000:.1f} ms, p95 {percentile(during, 0.95) * 1000:.1f} ms"
          f" ({len(during)} round trips)")
    print(f"p95 ratio           {percentile(during, 0.95) / percentile(alone, 0.95):.2f}× (target < 2×)")


if __name__ == "__main__":
    main()
