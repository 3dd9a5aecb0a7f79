"""A crowd on one web process: 100, 300 and 1,000 signed-in sockets connecting at the same moment.

    python bench/crowd.py [--counts 100,300,1000] [--rate 300] [--seconds 5] [--config postgres+redis]

Runs the real processes (one daphne, one qcluster) on the chosen configuration with DEBUG off,
and the sample store server, all on loopback. Before the rounds it makes 1,000 users with
sessions; the first N of them track the round's card at one sample store. For each N it prints:

- connections ok and handshake p95: all N sockets opened at once, as after a deploy;
- daphne RSS with the N sockets open;
- round trip p50/p95 of `get_users_cards` sent at a paced rate (--rate messages/s, spread over
  the sockets, for --seconds);
- fan-out p50/p95/max: one socket asks for the round's card, the worker scrapes the store once and
  pushes the answer to all N users; the time from the check being saved (its `checked_at`) to
  each socket receiving it;
- scrapes received: requests the sample store got for that check (one).

Targets: all connect; round trip p95 under 100 ms at 300 messages/s; fan-out to 1,000 under 1 s.
Each phase has a time limit, so the script ends by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrapers.sample_store import running_sample_store  # noqa: E402
from tests.support.crowd import open_all, signed_in_users  # noqa: E402
from tests.support.processes import manage  # noqa: E402
from tests.support.stack import CONFIGURATIONS, app_stack  # noqa: E402

STORE, PLATFORM = "sample-crystal-commerce", "crystal_commerce"  # one request per check
ROUND_CARDS = ["Sol Ring", "Counterspell", "Llanowar Elves", "Birds of Paradise"]

CHOOSE_STORE = """
from stores.models import ChosenStore, Store
store = Store.objects.get(slug={store!r})
ChosenStore.objects.bulk_create([ChosenStore(user_id=pk, store=store) for pk in {user_ids!r}])
"""

# Tracked only just before the round's question: the worker's recheck schedule would otherwise
# check the card in advance, and the question would be answered from the cache with no push.
TRACK = """
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
card = Card.objects.get(name={card!r})
TrackedCard.objects.bulk_create([TrackedCard(user_id=pk, card=card) for pk in {user_ids!r}])
"""

CHECKS_OF = """
from availability.checks.models import StoreCheck
print("CHECKS", StoreCheck.objects.filter(card__name={card!r}, store__slug={store!r}).count())
"""


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def daphne_rss_mb(port: int) -> float:
    """Resident memory of the daphne serving this port, from /proc (Linux)."""
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            if any(b"daphne" in part for part in cmdline) and str(port).encode() in cmdline:
                status = (proc / "status").read_text()
                return int(status.split("VmRSS:")[1].split()[0]) / 1024
        except (OSError, IndexError, ValueError):
            continue
    return float("nan")


class Reader:
    """Reads one socket, matching `cards_data` replies to sends and noting the round's push."""

    def __init__(self, socket, card: str) -> None:
        self.socket, self.card = socket, card
        self.sent: list[float] = []
        self.round_trips: list[float] = []
        self.push_delay: float | None = None
        self.task = asyncio.create_task(self.read())

    async def read(self) -> None:
        async for raw in self.socket:
            message, now = json.loads(raw), time.time()
            if message["type"] == "cards_data" and self.sent:
                self.round_trips.append(now - self.sent.pop(0))
            elif (message["type"] == "card_availability_update" and message["card_name"] == self.card
                  and message["status"] != "checking" and self.push_delay is None):
                self.push_delay = now - datetime.fromisoformat(message["checked_at"]).timestamp()

    async def ask(self, message: dict) -> None:
        self.sent.append(time.time())
        await self.socket.send(json.dumps(message))


async def paced_round_trips(readers: list[Reader], rate: float, seconds: float) -> list[float]:
    total = int(rate * seconds)
    started = time.monotonic()
    for number in range(total):
        await asyncio.sleep(max(0.0, started + number / rate - time.monotonic()))
        await readers[number % len(readers)].ask({"type": "get_users_cards"})
    async with asyncio.timeout(60):
        while sum(len(r.round_trips) for r in readers) < total:
            await asyncio.sleep(0.05)
    return [trip for reader in readers for trip in reader.round_trips]


async def one_round(stack, port: int, users: list[tuple[int, str]], card: str, args, sample_store) -> dict:
    url, sessions = stack.url, [key for _, key in users]
    opened = await open_all(url, sessions, open_timeout=30)
    sockets = [result[0] for result in opened if not isinstance(result, BaseException)]
    handshakes = [result[1] for result in opened if not isinstance(result, BaseException)]
    failures = [result for result in opened if isinstance(result, BaseException)]
    figures = {"ok": len(sockets), "handshake_p95": percentile(handshakes, 0.95), "rss": daphne_rss_mb(port)}
    if failures:
        figures["failure"] = repr(failures[0])[:200]
    readers = [Reader(socket, card) for socket in sockets]
    try:
        trips = await paced_round_trips(readers, args.rate, args.seconds)
        figures.update(rtt_p50=statistics.median(trips), rtt_p95=percentile(trips, 0.95))

        await asyncio.to_thread(manage, stack.env, "shell", "-c", TRACK.format(
            card=card, user_ids=[pk for pk, _ in users]))
        before = sample_store.requests(PLATFORM)
        await readers[0].ask({"type": "get_card_availability", "card_name": card, "store_slug": STORE})
        async with asyncio.timeout(60):
            while any(reader.push_delay is None for reader in readers):
                await asyncio.sleep(0.05)
        delays = [reader.push_delay for reader in readers]
        checks = await asyncio.to_thread(manage, stack.env, "shell", "-c", CHECKS_OF.format(card=card, store=STORE))
        figures.update(fan_p50=statistics.median(delays), fan_p95=percentile(delays, 0.95), fan_max=max(delays),
                       received=len(delays), scrapes=int(checks.split("CHECKS")[1]),
                       requests=sample_store.requests(PLATFORM) - before)
    except TimeoutError:
        figures["timeout"] = True
        figures["received"] = sum(reader.push_delay is not None for reader in readers)
    finally:
        figures["rss"] = max(figures["rss"], daphne_rss_mb(port))
        await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)
        for reader in readers:
            reader.task.cancel()
    return figures


def report(count: int, figures: dict) -> None:
    print(f"--- {count} sockets at once")
    print(f"connections ok      {figures['ok']} of {count}" + (f"  (first failure: {figures['failure']})"
                                                             if "failure" in figures else ""))
    print(f"handshake p95       {ms(figures['handshake_p95'])}")
    print(f"daphne RSS          {figures['rss']:.0f} MB")
    if "rtt_p50" in figures:
        print(f"round trip          p50 {ms(figures['rtt_p50'])}, p95 {ms(figures['rtt_p95'])}")
    if "fan_p50" in figures:
        print(f"fan-out             p50 {ms(figures['fan_p50'])}, p95 {ms(figures['fan_p95'])}, "
              f"max {ms(figures['fan_max'])} ({figures['received']} sockets)")
        print(f"scrapes received    {figures['scrapes']} ({figures['requests']} HTTP requests to the store)")
    if figures.get("timeout"):
        print(f"TIMED OUT: {figures['received']} sockets had the answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", default="100,300,1000")
    parser.add_argument("--rate", type=float, default=300, help="paced messages per second, over all sockets")
    parser.add_argument("--seconds", type=float, default=5, help="how long to send at that rate")
    parser.add_argument("--config", choices=CONFIGURATIONS, default="postgres+redis")
    args = parser.parse_args()
    counts = [int(count) for count in args.counts.split(",")]
    if len(counts) > len(ROUND_CARDS) or max(counts) > 5000:
        parser.error(f"at most {len(ROUND_CARDS)} rounds of at most 5,000 sockets")

    # A socket is a file descriptor on each side; daphne inherits this limit from us.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4 * max(counts) + 1024)), hard))

    with ExitStack() as running:
        sample_store = running.enter_context(running_sample_store())
        data_dir = Path(running.enter_context(tempfile.TemporaryDirectory()))
        stack = running.enter_context(app_stack(data_dir, args.config, sample_store.url, CATALOG_REFRESH="false"))
        users = signed_in_users(stack.env, max(counts))
        manage(stack.env, "shell", "-c", CHOOSE_STORE.format(store=STORE, user_ids=[pk for pk, _ in users]))
        port = int(stack.url.rsplit(":", 1)[1])
        print(f"configuration       {args.config}, one daphne, one qcluster, DEBUG off")
        print(f"paced rate          {args.rate:g} messages/s for {args.seconds:g} s")
        print(f"load average        {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work shares them)")
        for count, card in zip(counts, ROUND_CARDS):
            figures = asyncio.run(one_round(stack, port, users[:count], card, args, sample_store))
            report(count, figures)
            time.sleep(2)  # let the closed sockets' disconnects finish before the next crowd


if __name__ == "__main__":
    main()
