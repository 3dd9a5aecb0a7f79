"""Two web processes and two workers on PostgreSQL + Redis, as a scaled deploy runs:
any user on any web process gets results from any worker; shared checks run once; no leaks."""

from __future__ import annotations

import asyncio
import json

import pytest

from tests.support.processes import manage, sign_in
from tests.support.stack import app_stack
from tests.support.websocket import connect, receive_json, run

pytestmark = [pytest.mark.processes, pytest.mark.pinned_configuration("postgres+redis")]

STORES = ["sample-shopify", "sample-tcgplayer-pro", "sample-woocommerce", "sample-conduct"]
CARDS = ["Sol Ring", "Counterspell", "Llanowar Elves", "Fire // Ice", "Lightning Helix"]


@pytest.fixture
def scaled(tmp_path, sample_store_server):
    sample_store_server.reset()
    for platform in ("shopify", "tcgplayer_pro", "woocommerce", "conduct"):
        sample_store_server.set_latency(platform, 100)
    with app_stack(tmp_path, "postgres+redis", sample_store_server.url, webs=2, workers=2, Q_WORKERS="2") as stack:
        for user in ("alice", "bob", "carol"):
            stack.add_user(user, f"{user} password 1", STORES)
        yield stack
    sample_store_server.reset()


async def collect(socket, wanted: int, timeout: float = 60) -> list[dict]:
    """Availability updates until `wanted` cells are final (not "checking")."""
    final: dict[tuple[str, str], dict] = {}
    seen: list[dict] = []
    async with asyncio.timeout(timeout):
        while len(final) < wanted:
            message = await receive_json(socket, timeout)
            seen.append(message)
            if message["type"] == "card_availability_update" and message["status"] != "checking":
                final[(message["card_name"], message["store_slug"])] = message
    return seen


def test_two_web_processes_and_two_workers_share_checks_and_keep_users_apart(scaled):
    alice = sign_in(scaled.web_urls[0], "alice", "alice password 1")
    bob = sign_in(scaled.web_urls[1], "bob", "bob password 1")
    carol = sign_in(scaled.web_urls[1], "carol", "carol password 1")

    async def scenario():
        async with (connect(scaled.web_urls[0], alice) as a, connect(scaled.web_urls[1], bob) as b,
                    connect(scaled.web_urls[1], carol) as c):
            # Alice and Bob want the same cards at the same stores, at the same moment.
            for card in CARDS:
                await a.send(json.dumps({"type": "add_card", "card": card}))
                await b.send(json.dumps({"type": "add_card", "card": card}))
            await c.send(json.dumps({"type": "add_card", "card": "Delver of Secrets"}))
            wanted = len(CARDS) * len(STORES)
            return await asyncio.gather(collect(a, wanted), collect(b, wanted), collect(c, len(STORES)))

    alice_seen, bob_seen, carol_seen = run(scenario())

    def final_cells(seen):
        return {(m["card_name"], m["store_slug"]): m["status"] for m in seen
                if m["type"] == "card_availability_update" and m["status"] != "checking"}

    expected = {(card, store) for card in CARDS for store in STORES}
    assert set(final_cells(alice_seen)) == expected
    assert set(final_cells(bob_seen)) == expected
    assert set(final_cells(alice_seen).values()) == {"in_stock"}
    # Nobody hears about a card they do not track.
    assert {m["card_name"] for m in alice_seen + bob_seen if m["type"] == "card_availability_update"} == set(CARDS)
    assert {m["card_name"] for m in carol_seen if m["type"] == "card_availability_update"} == {
        "Delver of Secrets // Insectile Aberration"
    }

    # One scrape per (store, card), though two users asked through two web processes.
    counts = manage(scaled.env, "shell", "-c",
                    "from availability.checks.models import StoreCheck; from django.db.models import Count; "
                    "print(sorted(StoreCheck.objects.values('store__slug', 'card__name').annotate(n=Count('id'))"
                    ".values_list('n', flat=True)))")
    assert json.loads(counts.strip().splitlines()[-1]) == [1] * (len(expected) + len(STORES))

    # Both workers did part of the work.
    worker_logs = [log.read_text() for log in scaled.logs if log.name.startswith("worker")]
    assert len(worker_logs) == 2 and all("Processed" in log and "check" in log for log in worker_logs), scaled.tail()
