"""An alert reaches the user's open dashboard at once, as a `notification` message over the WebSocket,
through the real channel layer; nobody else's socket hears it."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from tests.alerts.conftest import offer, result, scrape
from tests.availability.conftest import Browser

# Channels-lite keeps its messages in its own database; consumers run in other threads.
pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def pushes():
    """Overrides the recording stand-in: here pushes go through the channel layer for real."""
    return


async def test_an_alert_is_pushed_to_the_users_open_socket_with_the_unread_count(
    monkeypatch, alice, shop, bolt, watched_bolt, bob
):
    async with Browser(alice) as alices, Browser(bob) as bobs:
        await database_sync_to_async(scrape)(monkeypatch, shop, bolt, result(offer("5.00")))
        first = await alices.receive()
        await database_sync_to_async(scrape)(monkeypatch, shop, bolt, result(offer("4.00")))
        second = await alices.receive()
        assert await bobs.nothing_more()

    assert first["type"] == "notification" and first["unread"] == 1
    assert first["notification"] | {"id": None, "created_at": None} == {
        "id": None, "kind": "in_stock", "text": "Lightning Bolt is in stock at Hairy Tarantula: NM, CAD 5.00",
        "card_name": "Lightning Bolt", "store_slug": "hairy-tarantula", "price": "5.00", "currency": "CAD",
        "condition": "NM", "finish": "nonfoil", "url": "https://shop.example.com/bolt-M10-nonfoil-NM",
        "created_at": None,
    }
    assert second["unread"] == 2 and second["notification"]["kind"] == "price_drop"
