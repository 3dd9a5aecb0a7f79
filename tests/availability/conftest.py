from __future__ import annotations

from io import StringIO

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.core.management import call_command

from availability.checks.models import QueuedCheck
from availability.checks.pipeline import check_store_card
from availability.live.consumers import AvailabilityConsumer
from cards.wishlist.models import TrackedCard
from stores.models import ChosenStore, Store


@pytest.fixture
def sample_shops(sample_store, catalog):
    """One Store row per platform of the sample store server."""
    call_command("register_sample_stores", "--url", sample_store.url, stdout=StringIO())
    # Every sample store shares one host and port, so the real per-host spacing would make these
    # tests wait in turn for each other's requests; the limiter has tests of its own.
    Store.objects.filter(slug__startswith="sample-").update(requests_per_second=1000)
    return {store.platform if store.slug != "sample-binderpos-theme" else "binderpos_theme": store
            for store in Store.objects.filter(slug__startswith="sample-")}


class Browser:
    """A signed-in browser's socket: send a message, collect what comes back."""

    def __init__(self, user) -> None:
        self.communicator = WebsocketCommunicator(AvailabilityConsumer.as_asgi(), "/ws/")
        self.communicator.scope["user"] = user

    async def __aenter__(self) -> Browser:
        connected, _ = await self.communicator.connect()
        assert connected
        return self

    async def __aexit__(self, *exc) -> None:
        await self.communicator.disconnect()

    async def send(self, message: dict) -> None:
        await self.communicator.send_json_to(message)

    async def send_raw(self, text: str | None = None, binary: bytes | None = None) -> None:
        await self.communicator.send_to(text_data=text, bytes_data=binary)

    async def receive(self, timeout: float = 5) -> dict:
        return await self.communicator.receive_json_from(timeout=timeout)

    async def receive_until(self, done, timeout: float = 10) -> list[dict]:
        """Messages until `done(messages)` is true."""
        messages: list[dict] = []
        while not done(messages):
            messages.append(await self.receive(timeout))
        return messages

    async def nothing_more(self, timeout: float = 0.5) -> bool:
        return await self.communicator.receive_nothing(timeout=timeout)

    async def ask(self, message: dict, count: int = 1) -> list[dict]:
        await self.send(message)
        return [await self.receive() for _ in range(count)]


def run_queued_checks_now() -> int:
    """Do what the worker does with the queued checks (availability/checks/queue.py): run each once,
    oldest first, and take it off the queue."""
    ran = 0
    for queued in QueuedCheck.objects.order_by("id"):
        check_store_card(queued.store_id, queued.card_id, max_age_seconds=queued.max_age_seconds)
        queued.delete()
        ran += 1
    return ran


run_queued_checks = database_sync_to_async(run_queued_checks_now)


@database_sync_to_async
def queued_checks() -> list[tuple]:
    """(store id, card id) of each queued check, oldest first."""
    return [tuple(pair) for pair in QueuedCheck.objects.order_by("id").values_list("store_id", "card_id")]


@database_sync_to_async
def queued_check_options() -> list[dict]:
    """The options of each queued check (how old an answer it may reuse), as the task received them."""
    return [{} if age is None else {"max_age_seconds": age}
            for age in QueuedCheck.objects.order_by("id").values_list("max_age_seconds", flat=True)]


@pytest.fixture
def shopper(alice, sample_shops):
    """alice, shopping at three of the sample stores."""
    for platform in ("crystal_commerce", "shopify", "tcgplayer_pro"):
        ChosenStore.objects.create(user=alice, store=sample_shops[platform])
    return alice


@pytest.fixture
def bolt_for_bob(bob, catalog):
    from cards.catalog.models import Card

    return TrackedCard.objects.create(user=bob, card=Card.objects.get(name="Lightning Bolt"), amount=7)
