"""A crowd of real users on one web process (or two behind one address): 100, 300 and 1,000
signed-in sockets connecting at the same moment, each user with a real wishlist.

    python bench/crowd.py [--counts 100,300,1000] [--rate 300] [--seconds 5] [--webs 1|2]

Runs the real processes (one daphne, or two behind a round-robin TCP proxy as a PaaS router
spreads `web`; one qcluster) on PostgreSQL + Redis with DEBUG off, and the sample store server,
all on loopback. Before the rounds it makes 1,000 users with sessions and real lists: each tracks
10 cards at 5 stores (the sample store and 4 of 9 more), drawn from 300 catalog cards, and the
first user is a heavy one with 100 cards at all 10 stores. Every (store, card) pair has a fresh
latest answer (in the cache and the latest-answer table): about 40 % in stock with 1–3 offers,
the rest none. For each N it prints:

- connections ok and handshake p95: all N sockets opened at once, as after a deploy;
- daphne RSS with the N sockets open;
- round trip p50/p95 at a paced rate (--rate messages/s, spread over the sockets, for --seconds
  each) of `get_users_cards` (the reply is the whole rendered list, about 15 KB), of
  `get_card_availability` for one of the user's cards (one reply per store), and of a card change
  (`update_card` with a new amount: the new list and the row's cells); the heavy user's round
  trips are printed on their own (its list is 1,000 cells);
- fan-out p50/p95/max: one socket asks for the round's card, the worker scrapes the store once and
  pushes the answer to all N users; the time from the check being saved (its `checked_at`) to
  each socket receiving it;
- scrapes received: requests the sample store got for that check (one);
- daphne's CPU time per message in each of those phases (user + system, /proc): what the machine's
  other work cannot inflate much, unlike the round trips;
- Redis connections held by each daphne: before the crowd, with it, and once it has left.

Targets: all connect; round trip p95 under 100 ms at 300 messages/s; fan-out to 1,000 under 1 s;
Redis connections back under the channel layer's cap (100) once the crowd leaves.
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
from tests.support.stack import app_stack  # noqa: E402
from tests.support.tcpproxy import round_robin_proxy  # noqa: E402

STORE, PLATFORM = "sample-crystal-commerce", "crystal_commerce"  # one request per check
ROUND_CARDS = ["Sol Ring", "Counterspell", "Llanowar Elves", "Birds of Paradise"]
LIST_CARDS, LIST_STORES, HEAVY_CARDS, ALL_STORES = 10, 5, 100, 10
REQUESTS = ("get_users_cards", "get_card_availability", "update_card")

# Real lists: 9 more stores (copies of the sample store, never scraped: every answer is fresh),
# each user's cards and stores drawn at random, and a fresh answer for every pair.
REAL_LISTS = """
import json, random
from datetime import timedelta
from django.utils import timezone
from availability.checks.models import LatestAnswer
from availability.checks.results import StoreAnswer, remember_answer
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from stores.models import ChosenStore, Store
USERS, ROUND = {user_ids!r}, {round_cards!r}
rng = random.Random(22)
stores = [Store.objects.get(slug={store!r})]
for number in range(1, {all_stores}):
    copy = Store.objects.get(slug={store!r})
    copy.pk, copy.slug, copy.name = None, f"crowd-shop-{{number}}", f"Crowd shop {{number}}"
    copy.save()
    stores.append(copy)
cards = list(Card.objects.exclude(name__in=ROUND).order_by("name")[:300])
chosen, tracked, pairs, lists = [], [], set(), {{}}
for number, user_id in enumerate(USERS):
    heavy = number == 0
    mine = stores if heavy else [stores[0], *rng.sample(stores[1:], {list_stores} - 1)]
    wanted = rng.sample(cards, {heavy_cards} if heavy else {list_cards})
    chosen += [ChosenStore(user_id=user_id, store=store) for store in mine]
    tracked += [TrackedCard(user_id=user_id, card=card) for card in wanted]
    pairs |= {{(store, card) for store in mine for card in wanted}}
    lists[user_id] = {{"cards": [card.name for card in wanted], "stores": len(mine)}}
ChosenStore.objects.bulk_create(chosen)
TrackedCard.objects.bulk_create(tracked)
now, rows = timezone.now(), []
for store, card in pairs:
    offers = [
        {{"name": card.name, "set_code": "", "collector_number": "", "finish": "nonfoil", "condition": condition,
          "language": "English", "price": f"{{rng.uniform(0.25, 40):.2f}}", "currency": store.currency,
          "quantity": rng.randint(1, 4), "url": f"{{store.homepage}}/products/{{card.pk}}-{{condition}}"}}
        for condition in rng.sample(["NM", "LP", "MP"], rng.randint(1, 3))
    ] if rng.random() < 0.4 else []
    checked_at = now - timedelta(seconds=rng.randint(0, 300))
    answer = StoreAnswer("ok" if offers else "not_found", offers, checked_at=checked_at, last_good_at=checked_at)
    remember_answer(store.pk, card.pk, answer, store.cache_ttl)
    rows.append(LatestAnswer(store=store, card=card, status=answer.status, offers=offers, checked_at=checked_at,
                             changed_at=checked_at, last_good_at=checked_at))
LatestAnswer.objects.bulk_create(rows)
print("LISTS" + json.dumps(lists))
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


def daphne_pid(port: int) -> int | None:
    """The daphne serving this port, from /proc (Linux)."""
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(b"daphne" in part for part in cmdline) and str(port).encode() in cmdline:
            return int(proc.name)
    return None


def rss_mb(pid: int | None) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        return int(status.split("VmRSS:")[1].split()[0]) / 1024
    except (OSError, IndexError, ValueError):
        return float("nan")


def cpu_seconds(pid: int | None) -> float:
    """CPU time the process has used (user + system), from /proc/PID/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def redis_connections(pid: int | None, redis_port: int) -> int:
    """TCP connections from this process to Redis: its sockets (/proc/PID/fd) that the kernel's
    table (/proc/net/tcp) shows connected to the Redis port. The same count as Redis's CLIENT LIST
    filtered by the process's local ports."""
    try:
        inodes = {os.readlink(fd)[8:-1] for fd in Path(f"/proc/{pid}/fd").iterdir()
                  if os.readlink(fd).startswith("socket:")}
        lines = Path(f"/proc/{pid}/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return -1
    count = 0
    for line in lines:
        fields = line.split()
        remote_port, state, inode = int(fields[2].split(":")[1], 16), fields[3], fields[9]
        count += remote_port == redis_port and state == "01" and inode in inodes  # 01: ESTABLISHED
    return count


class Reader:
    """Reads one socket: replies are matched to asks in order (a socket's messages are answered one
    after the other), each ask waiting for the number of messages its answer has; the round's push
    is noted apart."""

    def __init__(self, socket, card: str, user_id: int, lists: dict) -> None:
        self.socket, self.card = socket, card
        self.heavy = user_id == min(int(key) for key in lists)
        mine = lists[str(user_id)]
        self.cards, self.stores, self.amount = mine["cards"], mine["stores"], 1
        self.pending: list[list] = []  # [sent at, request, messages still to come]
        self.round_trips: dict[str, list[float]] = {request: [] for request in REQUESTS}
        self.errors: list[str] = []
        self.answered = 0
        self.push_delay: float | None = None
        self.task = asyncio.create_task(self.read())

    async def read(self) -> None:
        async for raw in self.socket:
            message, now = json.loads(raw), time.time()
            kind = message["type"]
            if self.pending and kind in ("cards_data", "card_availability_update", "error"):
                ask = self.pending[0]
                ask[2] = 0 if kind == "error" else ask[2] - 1
                if kind == "error":
                    self.errors.append(message["message"])
                if ask[2] == 0:
                    self.pending.pop(0)
                    self.answered += 1
                    if kind != "error":
                        self.round_trips[ask[1]].append(now - ask[0])
            elif (kind == "card_availability_update" and message["card_name"] == self.card
                  and message["status"] != "checking" and self.push_delay is None):
                self.push_delay = now - datetime.fromisoformat(message["checked_at"]).timestamp()

    async def ask(self, request: str, number: int) -> None:
        card = self.cards[number % len(self.cards)]
        if request == "get_users_cards":
            message, replies = {"type": request}, 1
        elif request == "get_card_availability":
            message, replies = {"type": request, "card_name": card}, self.stores
        else:
            self.amount = 3 - self.amount  # 1, 2, 1…
            message, replies = {"type": request, "card": card, "update_data": {"amount": self.amount}}, 1 + self.stores
        self.pending.append([time.time(), request, replies])
        await self.socket.send(json.dumps(message))


PHASE_LIMIT, DRAIN_LIMIT = 60, 180  # seconds to wait for a phase's replies, then for late ones


async def paced_round_trips(readers: list[Reader], request: str, rate: float, seconds: float) -> int:
    """Send `request` at `rate` for `seconds`; the asks still unanswered PHASE_LIMIT seconds after
    the last send (their replies are then awaited, uncounted, so the next phase starts clean)."""
    total = int(rate * seconds)
    started = time.monotonic()
    for number in range(total):
        await asyncio.sleep(max(0.0, started + number / rate - time.monotonic()))
        await readers[number % len(readers)].ask(request, number // len(readers))
    deadline = time.monotonic() + PHASE_LIMIT
    while any(reader.pending for reader in readers) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return sum(len(reader.pending) for reader in readers)


async def drained(readers: list[Reader]) -> None:
    deadline = time.monotonic() + DRAIN_LIMIT
    while any(reader.pending for reader in readers) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    for reader in readers:
        reader.pending.clear()


async def one_round(stack, url: str, pids: list, users: list[tuple[int, str]], lists: dict, card: str, args,
                    sample_store) -> dict:
    sessions = [key for _, key in users]
    redis_port = int(stack.env["REDIS_URL"].rsplit(":", 1)[1].split("/")[0])
    figures = {"redis_before": [redis_connections(pid, redis_port) for pid in pids]}
    opened = await open_all(url, sessions, open_timeout=30)
    sockets = [result[0] for result in opened if not isinstance(result, BaseException)]
    handshakes = [result[1] for result in opened if not isinstance(result, BaseException)]
    failures = [result for result in opened if isinstance(result, BaseException)]
    figures.update(ok=len(sockets), handshake_p95=percentile(handshakes, 0.95), rss=[rss_mb(pid) for pid in pids])
    if failures:
        figures["failure"] = repr(failures[0])[:200]
    readers = [Reader(socket, card, pk, lists) for socket, (pk, _) in
               zip(sockets, [user for user, result in zip(users, opened) if not isinstance(result, BaseException)])]
    try:
        for request in REQUESTS:
            cpu = sum(cpu_seconds(pid) for pid in pids)
            unanswered = await paced_round_trips(readers, request, args.rate, args.seconds)
            trips = [trip for reader in readers if not reader.heavy for trip in reader.round_trips[request]]
            heavy = [trip for reader in readers if reader.heavy for trip in reader.round_trips[request]]
            await drained(readers)
            cpu = sum(cpu_seconds(pid) for pid in pids) - cpu
            figures[request] = (statistics.median(trips) if trips else float("nan"), percentile(trips, 0.95),
                                len(trips), max(heavy, default=float("nan")),
                                cpu / max(1, int(args.rate * args.seconds)), unanswered)
        figures["errors"] = [error for reader in readers for error in reader.errors]
        figures["redis_with"] = [redis_connections(pid, redis_port) for pid in pids]

        await asyncio.to_thread(manage, stack.env, "shell", "-c", TRACK.format(
            card=card, user_ids=[pk for pk, _ in users]))
        before = sample_store.requests(PLATFORM)
        readers[0].pending.clear()
        await readers[0].socket.send(json.dumps(
            {"type": "get_card_availability", "card_name": card, "store_slug": STORE}))
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
        figures["unanswered"] = sum(len(reader.pending) for reader in readers)
    finally:
        figures["rss"] = [max(a, rss_mb(pid)) for a, pid in zip(figures["rss"], pids)]
        await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)
        for reader in readers:
            reader.task.cancel()
    # The crowd has left: its disconnects settle within seconds; the connections left are the pools'.
    await asyncio.sleep(5)
    figures["redis_after"] = [redis_connections(pid, redis_port) for pid in pids]
    return figures


def report(count: int, figures: dict) -> None:
    print(f"--- {count} sockets at once")
    print(f"connections ok      {figures['ok']} of {count}" + (f"  (first failure: {figures['failure']})"
                                                             if "failure" in figures else ""))
    print(f"handshake p95       {ms(figures['handshake_p95'])}")
    print(f"daphne RSS          {' + '.join(f'{rss:.0f} MB' for rss in figures['rss'])}")
    for request in REQUESTS:
        if request in figures:
            p50, p95, count_, heavy, cpu, unanswered = figures[request]
            late = f", {unanswered} unanswered after {PHASE_LIMIT} s" if unanswered else ""
            print(f"{request:<22}p50 {ms(p50)}, p95 {ms(p95)} ({count_} round trips{late}); heavy user max "
                  f"{ms(heavy)}; daphne CPU {cpu * 1000:.1f} ms a message")
    if figures.get("errors"):
        print(f"error replies       {len(figures['errors'])}, the first: {figures['errors'][0]}")
    if "fan_p50" in figures:
        print(f"fan-out             p50 {ms(figures['fan_p50'])}, p95 {ms(figures['fan_p95'])}, "
              f"max {ms(figures['fan_max'])} ({figures['received']} sockets)")
        print(f"scrapes received    {figures['scrapes']} ({figures['requests']} HTTP requests to the store)")
    redis = ("redis_before", "redis_with", "redis_after")
    print("Redis connections   " + ", ".join(
        f"{label} {'/'.join(str(n) for n in figures[key])}" for label, key in zip(("before", "with", "after"), redis)
        if key in figures) + " (per daphne)")
    if figures.get("timeout"):
        print(f"TIMED OUT: {figures['received']} sockets had the answer, {figures.get('unanswered')} asks unanswered")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", default="100,300,1000")
    parser.add_argument("--rate", type=float, default=300, help="paced messages per second, over all sockets")
    parser.add_argument("--seconds", type=float, default=5, help="how long to send each request at that rate")
    parser.add_argument("--webs", type=int, choices=(1, 2), default=1,
                        help="daphne processes; two share one address through a round-robin TCP proxy")
    args = parser.parse_args()
    counts = [int(count) for count in args.counts.split(",")]
    if len(counts) > len(ROUND_CARDS) or max(counts) > 5000:
        parser.error(f"at most {len(ROUND_CARDS)} rounds of at most 5,000 sockets")

    # A socket is a file descriptor on each side; daphne inherits this limit from us.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 6 * max(counts) + 1024)), hard))

    with ExitStack() as running:
        sample_store = running.enter_context(running_sample_store())
        data_dir = Path(running.enter_context(tempfile.TemporaryDirectory()))
        stack = running.enter_context(app_stack(data_dir, "postgres+redis", sample_store.url, webs=args.webs,
                                                CATALOG_REFRESH="false"))
        users = signed_in_users(stack.env, max(counts))
        output = manage(stack.env, "shell", "-c", REAL_LISTS.format(
            store=STORE, user_ids=[pk for pk, _ in users], round_cards=ROUND_CARDS, all_stores=ALL_STORES,
            list_stores=LIST_STORES, list_cards=LIST_CARDS, heavy_cards=HEAVY_CARDS), timeout=600)
        lists = json.loads(output.split("LISTS", 1)[1])
        pids = [daphne_pid(int(web.rsplit(":", 1)[1])) for web in stack.web_urls]
        if args.webs == 1:
            url = stack.url
        else:
            proxy = running.enter_context(round_robin_proxy(
                [("127.0.0.1", int(web.rsplit(":", 1)[1])) for web in stack.web_urls]))
            url = f"http://127.0.0.1:{proxy.port}"
        print(f"configuration       postgres+redis, {args.webs} daphne" + (" behind a round-robin proxy" if
                                                                           args.webs > 1 else "") +
              ", one qcluster, DEBUG off")
        print(f"lists               {LIST_CARDS} cards x {LIST_STORES} stores each, one user with "
              f"{HEAVY_CARDS} x {ALL_STORES}; every answer fresh, about 40 % in stock")
        print(f"paced rate          {args.rate:g} messages/s for {args.seconds:g} s per request")
        print(f"load average        {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work shares them)")
        for count, card in zip(counts, ROUND_CARDS):
            figures = asyncio.run(one_round(stack, url, pids, users[:count], lists, card, args, sample_store))
            report(count, figures)
        print(f"load average        {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
