"""Buy plans under load: do they stay within their time limit, one at a time per user, while the
process's other pages answer?

    python bench/plan_load.py [--config zero-service default|postgres+redis] [--cards 100] [--stores 10]

Runs one real daphne (no worker: every answer is already in the cache) on the chosen configuration,
DEBUG off. Five signed-in users each track `--cards` cards (half of them wanted as "1 any printing +
N of one printing") at `--stores` stores, every (store, card) with a fresh cached answer of zero to
three offers. Then:

- one user opens the plan page 16 times at once (16 tabs): how many got a plan, how many were told
  a plan of theirs is already being worked out, and how long each took;
- the five users open their plan pages at once: how long each took (BUY_PLAN_THREADS threads, a
  BUY_PLAN_TIME_LIMIT_SECONDS limit counted from the request);
- meanwhile, another user's account page and `/healthz` are asked for every 0.2 s: their p50 and
  worst latency (before plans ran in their own pool on an async view, a plan held every page of the
  process: up to 8.4 s).

Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrapers.sample_store import running_sample_store  # noqa: E402
from tests.support.crowd import signed_in_users  # noqa: E402
from tests.support.processes import manage  # noqa: E402
from tests.support.stack import CONFIGURATIONS, app_stack  # noqa: E402

BUSY = "Your buy plan is already being worked out"

ARRANGE = """
import random
from datetime import timedelta
from django.utils import timezone
from availability.checks.results import StoreAnswer, remember_answer
from cards.catalog.models import Card
from cards.wishlist.models import CardSpec, TrackedCard
from stores.models import ChosenStore, Store
rng = random.Random(1)
USERS, CARDS, STORES = {users!r}, {cards}, {stores}
stores = [Store.objects.create(slug=f"plan-store-{{j}}", name=f"Plan Store {{j}}", platform="crystal_commerce",
                               homepage=f"https://plan-store-{{j}}.example", cache_ttl_minutes=600)
          for j in range(STORES)]
cards = Card.objects.bulk_create(Card(name=f"Plan Card {{i}}", layout="normal") for i in range(CARDS))
# In bulk: no signals, so no pushes or checks queued for a list nobody is watching yet.
specs = []
for user_id in USERS:
    ChosenStore.objects.bulk_create(ChosenStore(user_id=user_id, store=s) for s in stores)
    amounts = [rng.choice([1, 1, 2, 4]) for _ in cards]
    tracked = TrackedCard.objects.bulk_create(
        TrackedCard(user_id=user_id, card=card, amount=amount + 1) for card, amount in zip(cards, amounts))
    for tracked_card, card, amount in zip(tracked, cards, amounts):
        if rng.random() < 0.5:  # "1 any printing + N of its printing"
            specs.append(CardSpec(tracked_card=tracked_card, amount=1))
            specs.append(CardSpec(tracked_card=tracked_card, set_code="set", collector_number=card.name.split()[-1],
                                  amount=amount))
        else:
            specs.append(CardSpec(tracked_card=tracked_card, amount=amount + 1))
CardSpec.objects.bulk_create(specs)
now = timezone.now()
for card in cards:
    base = min(rng.lognormvariate(0.0, 1.3), 80.0)
    for store in stores:
        offers = []
        for condition in rng.sample(["NM", "LP", "MP"], rng.choice([0, 0, 1, 2, 3])):
            price = max(0.10, base * rng.uniform(0.8, 1.3))
            offers.append({{"name": card.name, "set_code": rng.choice(["set", "old"]),
                           "collector_number": card.name.split()[-1], "finish": "nonfoil",
                           "condition": condition, "condition_raw": condition, "language": "English",
                           "price": f"{{price:.2f}}", "currency": "USD", "quantity": rng.choice([1, 2, 3, 4, 8]),
                           "url": f"https://{{store.slug}}.example/c/{{card.pk}}"}})
        remember_answer(store.pk, card.pk, StoreAnswer("ok", offers, checked_at=now), timedelta(hours=10))
print("ARRANGED")
"""


def get(url: str, session: str | None = None) -> tuple[float, requests.Response]:
    started = time.perf_counter()
    response = requests.get(url, cookies={"sessionid": session} if session else None, timeout=120)
    return time.perf_counter() - started, response


class Watch:
    """Asks for a page every 0.2 s in a thread of its own until stopped; keeps the latencies."""

    def __init__(self, url: str, session: str | None = None) -> None:
        self.url, self.session, self.seconds = url, session, []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while not self.stop.is_set():
            seconds, _response = get(self.url, self.session)
            self.seconds.append(seconds)
            self.stop.wait(0.2)

    def __enter__(self) -> Watch:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()

    def figures(self) -> str:
        if not self.seconds:
            return "no answer"
        return (f"p50 {statistics.median(self.seconds) * 1000:.0f} ms, worst {max(self.seconds) * 1000:.0f} ms "
                f"({len(self.seconds)} asks)")


def plans_at_once(base: str, sessions: list[str]) -> list[tuple[float, str]]:
    with ThreadPoolExecutor(len(sessions)) as pool:
        results = list(pool.map(lambda session: get(f"{base}/plan/", session), sessions))
    outcome = []
    for seconds, response in results:
        page = response.text
        refused = f'role="alert">{BUSY}' in page  # the page's error line (its script also carries the text)
        kind = "busy" if refused else "plan" if 'id="plan-total"' in page else f"HTTP {response.status_code}"
        outcome.append((seconds, kind))
    return outcome


def report(title: str, outcome: list[tuple[float, str]], watches: list[tuple[str, Watch]]) -> None:
    print(title)
    for kind in sorted({kind for _s, kind in outcome}):
        seconds = sorted(s for s, k in outcome if k == kind)
        print(f"  {kind:<6} {len(seconds):>3}: {', '.join(f'{s:.2f}' for s in seconds)} s")
    for name, watch in watches:
        print(f"  {name:<14} {watch.figures()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", choices=CONFIGURATIONS, default="postgres+redis")
    parser.add_argument("--cards", type=int, default=100)
    parser.add_argument("--stores", type=int, default=10)
    args = parser.parse_args()
    with ExitStack() as running:
        sample_store = running.enter_context(running_sample_store())
        data_dir = Path(running.enter_context(tempfile.TemporaryDirectory()))
        stack = running.enter_context(app_stack(data_dir, args.config, sample_store.url, workers=0,
                                                CATALOG_REFRESH="false"))
        users = signed_in_users(stack.env, 6, prefix="planner")
        planners, (_bystander_id, bystander) = users[:5], users[5]
        script = ARRANGE.format(users=[pk for pk, _ in planners], cards=args.cards, stores=args.stores)
        manage(stack.env, "shell", "-c", script, timeout=600)
        base = stack.url
        print(f"configuration  {args.config}, one daphne, DEBUG off; {args.cards} cards × {args.stores} stores "
              f"per user, half wanted as two wants")
        print(f"load average   {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work shares them)")
        get(f"{base}/plan/", planners[0][1])  # warm up: imports, templates
        watches = [("account page", Watch(f"{base}/account/", bystander)), ("/healthz", Watch(f"{base}/healthz"))]
        with watches[0][1], watches[1][1]:
            time.sleep(1)
            one_user = plans_at_once(base, [planners[0][1]] * 16)
        report("16 plan pages of one user at once", one_user, watches)
        watches = [("account page", Watch(f"{base}/account/", bystander)), ("/healthz", Watch(f"{base}/healthz"))]
        with watches[0][1], watches[1][1]:
            time.sleep(1)
            five_users = plans_at_once(base, [session for _pk, session in planners])
        report("5 users' plan pages at once", five_users, watches)


if __name__ == "__main__":
    main()
