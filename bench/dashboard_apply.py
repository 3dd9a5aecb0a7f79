"""How long does the browser take to apply a full refresh of a big wishlist?

    python bench/dashboard_apply.py [--cards 500] [--stores 10] [--config "zero-service default"]

Runs the real app (daphne; no worker, so nothing changes under the measurement) on the chosen
configuration with one user who tracks --cards cards at --stores stores, every cell answered in
the cache (in stock, out of stock and store errors mixed). Real Chromium opens the dashboard and
presses Refresh; the server answers one `card_availability_update` per cell, each carrying its
rendered fragment. It prints the time the page's script spent applying the messages (the sum of
its message handlers: find the cell by key, swap it, count progress), the time until the page had
drawn the result, and the server's first paint. Target: under 1 s for 500 × 10.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser.conftest import CHROMIUM_ARGS  # noqa: E402
from tests.support.processes import manage  # noqa: E402
from tests.support.services import require_chromium  # noqa: E402
from tests.support.stack import CONFIGURATIONS, app_stack  # noqa: E402

SETUP = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from availability.checks.results import StoreAnswer, remember_answer
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from stores.models import ChosenStore, Store
user = get_user_model().objects.create_user("bench", "bench@example.com", "bench password 1")
cards = Card.objects.bulk_create([Card(name=f"Bench card {i:04}", search_name=f"bench card {i:04}") for i in range(__CARDS__)])
stores = Store.objects.bulk_create([Store(name=f"Bench store {i}", slug=f"bench-{i}", homepage="http://127.0.0.1:9",
                                          platform="shopify") for i in range(__STORES__)])
ChosenStore.objects.bulk_create([ChosenStore(user=user, store=s) for s in stores])
TrackedCard.objects.bulk_create([TrackedCard(user=user, card=c, amount=1) for c in cards])
now = timezone.now()
def offer(price):
    return dict(name="Bench card", set_name="Magic 2010", set_code="M10", collector_number="146", finish="nonfoil",
                condition="NM", condition_raw="Near Mint", language="English", price=price, currency="USD",
                quantity=2, url="http://127.0.0.1:9/p", variant_id="1")
for i, card in enumerate(cards):
    for j, store in enumerate(stores):
        kind = (i + j) % 3
        answer = (StoreAnswer("ok", [offer(f"{1 + j}.{i % 100:02}"), offer("9.99")], checked_at=now) if kind == 0
                  else StoreAnswer("not_found", checked_at=now) if kind == 1
                  else StoreAnswer("error", reason="the store answered HTTP 503", checked_at=now))
        remember_answer(store.pk, card.pk, answer, timedelta(hours=1))
"""

# Times every WebSocket message handler the page's script registers.
TIMING = """
(() => {
  const add = WebSocket.prototype.addEventListener;
  window.__apply = { ms: 0, messages: 0 };
  WebSocket.prototype.addEventListener = function (type, listener, options) {
    if (type !== "message") return add.call(this, type, listener, options);
    return add.call(this, type, (event) => {
      const started = performance.now();
      listener(event);
      window.__apply.ms += performance.now() - started;
      window.__apply.messages += 1;
      window.__apply.last = performance.now();
    }, options);
  };
})();
"""


def wait_for_messages(page, count: int, app) -> None:
    """Until the page has handled `count` messages; says where it stands if the server stalls."""
    deadline = time.monotonic() + 600
    while (seen := page.evaluate("() => window.__apply.messages")) < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"only {seen} of {count} messages arrived\n{app.tail()}")
        page.wait_for_timeout(500)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=500)
    parser.add_argument("--stores", type=int, default=10)
    parser.add_argument("--config", choices=CONFIGURATIONS, default=CONFIGURATIONS[0])
    args = parser.parse_args()
    cells = args.cards * args.stores

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, app_stack(Path(tmp), args.config, "http://127.0.0.1:9", workers=0) as app:
        manage(app.env, "shell", "-c", SETUP.replace("__CARDS__", str(args.cards)).replace("__STORES__", str(args.stores)), timeout=900)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=require_chromium(), headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.set_default_timeout(300_000)
            page.on("pageerror", lambda error: print("page error:", error, file=sys.stderr))
            page.add_init_script(TIMING)
            page.goto(f"{app.url}/accounts/login/")
            page.fill("input[name=login]", "bench")
            page.fill("input[name=password]", "bench password 1")
            started = time.monotonic()
            page.get_by_role("button", name="Sign In").click()
            page.wait_for_url(f"{app.url}/")
            page.wait_for_selector("#connection.live")
            first_paint = time.monotonic() - started
            # The page asks for every cell on connecting; wait for those answers, then measure a Refresh.
            wait_for_messages(page, cells + 1, app)
            page.evaluate("() => { window.__apply = { ms: 0, messages: 0 }; }")
            clicked = page.evaluate("() => performance.now()")
            page.get_by_role("button", name="Refresh").click()
            wait_for_messages(page, cells + 1, app)
            drawn = page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(() => done(performance.now()))))")
            result = page.evaluate("() => window.__apply")
            progress = page.inner_text("#progress")
            browser.close()

    print(f"configuration           {args.config}")
    print(f"cells                   {cells} ({args.cards} cards × {args.stores} stores)")
    print(f"first paint (sign-in → live page)   {first_paint:.2f} s")
    print(f"messages applied        {result['messages']}")
    print(f"browser apply time      {result['ms'] / 1000:.3f} s   (target < 1 s; sum of message handlers)")
    print(f"refresh → last message  {(result['last'] - clicked) / 1000:.2f} s   (includes the server rendering {cells} fragments)")
    print(f"refresh → drawn         {(drawn - clicked) / 1000:.2f} s")
    print(f"progress says           {progress}")


if __name__ == "__main__":
    main()
