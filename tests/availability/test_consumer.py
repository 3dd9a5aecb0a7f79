"""The WebSocket protocol (docs/protocol.md), message by message, through a real channel layer."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from availability.live.protocol import MAX_MESSAGE_BYTES
from cards.wishlist.models import TrackedCard
from lgs_checker.asgi import application
from stores.models import ChosenStore
from tests.availability.conftest import Browser, queued_checks, run_queued_checks
from tests.support.polling import until

# Channels-lite keeps its messages in its own database; consumers run in other threads.
pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def updates(messages: list[dict]) -> dict[str, dict]:
    return {m["store_slug"]: m for m in messages if m["type"] == "card_availability_update"}


def wishlist(cards_data: dict) -> list[dict]:
    """The protocol's wishlist fields, without the ids and the rendered rows."""
    assert cards_data["type"] == "cards_data"
    return [{k: v for k, v in card.items() if k not in ("id", "card_id")} for card in cards_data["tracked_cards"]]


@database_sync_to_async
def tracked(user) -> dict[str, int]:
    return dict(TrackedCard.objects.filter(user=user).values_list("card__name", "amount"))


# --- the handshake ---------------------------------------------------------------------------------


async def test_an_anonymous_handshake_is_refused():
    communicator = WebsocketCommunicator(application, "/ws/", headers=[(b"origin", b"http://127.0.0.1")])
    connected, code = await communicator.connect()
    assert not connected


# --- the happy path --------------------------------------------------------------------------------


async def test_add_card_saves_it_answers_cards_data_and_checks_each_store(shopper):
    async with Browser(shopper) as browser:
        await browser.send({"type": "add_card", "card": "lightning bolt", "amount": 4, "specs": []})
        cards_data, *checking = [await browser.receive() for _ in range(4)]
        assert wishlist(cards_data) == [{"card": "Lightning Bolt", "amount": 4, "specs": []}]
        assert 'data-card="Lightning Bolt"' in cards_data["html"]
        assert {m["store_slug"]: m["status"] for m in checking} == {
            "sample-crystal-commerce": "checking", "sample-shopify": "checking", "sample-tcgplayer-pro": "checking",
        }
        assert len(await queued_checks()) == 3

        assert await run_queued_checks() == 3
        results = updates([await browser.receive() for _ in range(3)])
        assert {slug: m["status"] for slug, m in results.items()} == {
            "sample-crystal-commerce": "in_stock", "sample-shopify": "in_stock", "sample-tcgplayer-pro": "in_stock",
        }
        items = results["sample-shopify"]["items"]
        assert [i["price"] for i in items] == sorted((i["price"] for i in items), key=float)
        assert items[0]["price"] == "1.99" and all(i["name"].startswith("Lightning Bolt") for i in items)
        assert all(i["url"].startswith("http://127.0.0.1") for i in items)
    assert await tracked(shopper) == {"Lightning Bolt": 4}


async def test_offers_are_filtered_by_the_users_specs(shopper):
    async with Browser(shopper) as browser:
        await browser.send({"type": "add_card", "card": "Lightning Bolt", "specs": [{"set_code": "M10", "finish": "nonfoil"}]})
        [await browser.receive() for _ in range(4)]
        await run_queued_checks()
        results = updates([await browser.receive() for _ in range(3)])
    for message in results.values():
        assert message["status"] == "in_stock"
        assert {(i["set_code"], i["finish"]) for i in message["items"]} == {("M10", "nonfoil")}
        assert {i["price"] for i in message["items"]} == {"2.50", "2.00"}


async def test_a_spec_nobody_sells_is_out_of_stock_not_an_error(shopper):
    async with Browser(shopper) as browser:
        await browser.send({"type": "add_card", "card": "Lightning Bolt", "specs": [{"set_code": "M11"}]})
        [await browser.receive() for _ in range(4)]
        await run_queued_checks()
        results = updates([await browser.receive() for _ in range(3)])
    assert {m["status"] for m in results.values()} == {"out_of_stock"}
    assert all(m["items"] == [] for m in results.values())


async def test_a_fresh_result_is_answered_at_once_without_a_new_scrape(shopper, sample_store):
    async with Browser(shopper) as browser:
        await browser.ask({"type": "add_card", "card": "Counterspell"}, count=4)
        await run_queued_checks()
        [await browser.receive() for _ in range(3)]
        requests_before = sample_store.counts()
        answers = updates(await browser.ask({"type": "get_card_availability", "card_name": "Counterspell"}, count=3))
    assert {m["status"] for m in answers.values()} == {"in_stock"}
    assert await queued_checks() == []
    assert sample_store.counts() == requests_before


async def test_update_card_changes_amount_and_specs_then_rechecks(shopper):
    async with Browser(shopper) as browser:
        await browser.ask({"type": "add_card", "card": "Lightning Bolt", "amount": 1}, count=4)
        await browser.send({"type": "update_card", "card": "Lightning Bolt",
                            "update_data": {"amount": 3, "specs": [{"set_code": "2xm", "finish": "foil"}]}})
        cards_data = await browser.receive()
        assert wishlist(cards_data) == [
            {"card": "Lightning Bolt", "amount": 3,
             "specs": [{"set_code": "2xm", "collector_number": "", "finish": "foil", "amount": 3}]}
        ]
        assert {m["status"] for m in [await browser.receive() for _ in range(3)]} == {"checking"}


async def test_delete_card_removes_it(shopper):
    async with Browser(shopper) as browser:
        await browser.ask({"type": "add_card", "card": "Sol Ring"}, count=4)
        [reply] = await browser.ask({"type": "delete_card", "card": "Sol Ring"})
    assert wishlist(reply) == [] and "<tr" not in reply["html"]
    assert await tracked(shopper) == {}


async def test_get_users_cards_and_get_user_stores(shopper):
    async with Browser(shopper) as browser:
        await browser.ask({"type": "add_card", "card": "Fire // Ice", "amount": 2}, count=4)
        [cards] = await browser.ask({"type": "get_users_cards"})
        [stores] = await browser.ask({"type": "get_user_stores"})
    assert wishlist(cards) == [{"card": "Fire // Ice", "amount": 2, "specs": []}]
    assert stores["type"] == "user_stores"
    assert sorted(s["slug"] for s in stores["stores"]) == ["sample-crystal-commerce", "sample-shopify", "sample-tcgplayer-pro"]
    assert {"name", "homepage", "platform", "city", "region", "currency"} <= set(stores["stores"][0])



async def test_a_socket_is_answered_while_channels_shared_thread_is_busy(shopper):
    """Channels runs its sync work on one shared thread; a socket's messages must not queue there
    (availability/live/consumers.py `dispatch`): a thousand sockets' frames would wait in single file."""
    started, release = threading.Event(), threading.Event()

    def hold_the_shared_thread() -> None:
        started.set()
        release.wait(30)

    async with Browser(shopper) as browser:
        held = asyncio.ensure_future(sync_to_async(hold_the_shared_thread)())  # thread-sensitive
        try:
            await until(started.is_set, 30, "the shared thread to be held")
            [cards] = await browser.ask({"type": "get_users_cards"})
            assert cards["type"] == "cards_data" and not held.done()
        finally:
            release.set()
            await held

async def test_get_card_availability_for_one_store_only(shopper):
    async with Browser(shopper) as browser:
        await browser.ask({"type": "add_card", "card": "Sol Ring"}, count=4)
        [only] = await browser.ask({"type": "get_card_availability", "store_slug": "sample-shopify"})
        assert only["store_slug"] == "sample-shopify" and only["card_name"] == "Sol Ring"
        assert await browser.nothing_more()


async def test_a_store_error_reaches_the_cell_with_its_reason(shopper, sample_store):
    sample_store.set_fault("shopify", malformed=True)
    async with Browser(shopper) as browser:
        await browser.ask({"type": "add_card", "card": "Sol Ring"}, count=4)
        await run_queued_checks()
        results = updates([await browser.receive() for _ in range(3)])
    error = results["sample-shopify"]
    assert error["status"] == "error" and error["items"] == []
    assert "not recognised" in error["reason"] and error["last_good_at"] is None
    assert results["sample-crystal-commerce"]["status"] == "in_stock"


# --- errors: each gets an `error` reply and the socket stays open --------------------------------


@pytest.mark.parametrize(
    "raw, request_type, wording",
    [
        ("{not json", None, "not valid JSON"),
        ("[1, 2]", None, "JSON object with a string 'type'"),
        ('{"card": "Sol Ring"}', None, "JSON object with a string 'type'"),
        ('{"type": "buy_everything"}', "buy_everything", "unknown message type"),
        ('{"type": "add_card"}', "add_card", "'card' must be a non-empty string"),
        ('{"type": "add_card", "card": 42}', "add_card", "'card' must be a non-empty string"),
        ('{"type": "add_card", "card": "Sol Ring", "amount": "4"}', "add_card", "'amount' must be a whole number"),
        ('{"type": "add_card", "card": "Sol Ring", "amount": 0}', "add_card", "'amount' must be a whole number"),
        ('{"type": "add_card", "card": "Sol Ring", "amount": true}', "add_card", "'amount' must be a whole number"),
        ('{"type": "add_card", "card": "Sol Ring", "specs": "foil"}', "add_card", "'specs' must be a list"),
        ('{"type": "add_card", "card": "Sol Ring", "specs": [{"shiny": 1}]}', "add_card", "unknown spec field"),
        ('{"type": "update_card", "card": "Sol Ring"}', "update_card", "'update_data' must be an object"),
        ('{"type": "update_card", "card": "Sol Ring", "update_data": {"price": 1}}', "update_card", "unknown field"),
        ('{"type": "delete_card"}', "delete_card", "'card' must be a non-empty string"),
        ('{"type": "get_card_availability", "store_slug": 7}', "get_card_availability", "'store_slug' must be"),
    ],
)
async def test_malformed_messages_get_an_error_and_the_socket_stays_open(shopper, raw, request_type, wording):
    async with Browser(shopper) as browser:
        await browser.send_raw(raw)
        error = await browser.receive()
        assert error["type"] == "error" and error["request"] == request_type
        assert wording in error["message"]
        [still_open] = await browser.ask({"type": "get_users_cards"})
        assert still_open["type"] == "cards_data"
    assert await tracked(shopper) == {}


async def test_an_oversize_message_is_refused(shopper):
    async with Browser(shopper) as browser:
        await browser.send_raw(json.dumps({"type": "add_card", "card": "x" * MAX_MESSAGE_BYTES}))
        error = await browser.receive()
        assert error["type"] == "error" and "larger than 16 KB" in error["message"]
        assert (await browser.ask({"type": "get_user_stores"}))[0]["type"] == "user_stores"


async def test_a_binary_frame_is_refused(shopper):
    async with Browser(shopper) as browser:
        await browser.send_raw(binary=b"\x00\x01")
        assert "not binary" in (await browser.receive())["message"]


async def test_an_unknown_card_is_refused_with_a_suggestion(shopper):
    async with Browser(shopper) as browser:
        [error] = await browser.ask({"type": "add_card", "card": "Lightning Blot"})
    assert error == {"type": "error", "request": "add_card",
                     "message": 'no card named "Lightning Blot" — did you mean "Lightning Bolt"?',
                     "suggestion": "Lightning Bolt"}
    assert await tracked(shopper) == {}


async def test_a_spec_no_printing_matches_is_refused_and_nothing_is_saved(shopper):
    async with Browser(shopper) as browser:
        [error] = await browser.ask({"type": "add_card", "card": "Lightning Bolt", "amount": 2,
                                     "specs": [{"set_code": "M10"}, {"set_code": "XYZ"}]})
    assert error["type"] == "error" and '"XYZ"' in error["message"].upper()
    assert await tracked(shopper) == {}


async def test_an_invalid_update_leaves_the_card_as_it_was(shopper):
    async with Browser(shopper) as browser:
        await browser.ask({"type": "add_card", "card": "Lightning Bolt", "amount": 2}, count=4)
        [error] = await browser.ask({"type": "update_card", "card": "Lightning Bolt",
                                     "update_data": {"amount": 5, "specs": [{"finish": "shiny"}]}})
    assert error["type"] == "error" and "shiny" in error["message"]
    assert await tracked(shopper) == {"Lightning Bolt": 2}


async def test_another_users_card_cannot_be_changed_or_deleted(shopper, bob, bolt_for_bob):
    async with Browser(shopper) as browser:
        [update] = await browser.ask({"type": "update_card", "card": "Lightning Bolt", "update_data": {"amount": 1}})
        [delete] = await browser.ask({"type": "delete_card", "card": "Lightning Bolt"})
        [check] = await browser.ask({"type": "get_card_availability", "card_name": "Lightning Bolt"})
    for error in (update, delete, check):
        assert error["type"] == "error" and error["message"] == 'you are not tracking "Lightning Bolt"'
    assert await tracked(bob) == {"Lightning Bolt": 7}


async def test_a_store_the_user_did_not_choose_is_refused(shopper, sample_shops):
    async with Browser(shopper) as browser:
        [error] = await browser.ask({"type": "get_card_availability", "store_slug": "sample-woocommerce"})
    assert error["message"] == '"sample-woocommerce" is not one of your stores'


# --- sharing one scrape, and never another user's update ------------------------------------------


async def test_two_users_tracking_a_card_at_a_store_share_one_scrape(shopper, bob, sample_shops, sample_store):
    await database_sync_to_async(ChosenStore.objects.create)(user=bob, store=sample_shops["shopify"])
    async with Browser(shopper) as alice_socket, Browser(bob) as bob_socket:
        await alice_socket.ask({"type": "add_card", "card": "Sol Ring"}, count=4)
        await bob_socket.ask({"type": "add_card", "card": "Sol Ring", "specs": [{"finish": "nonfoil"}]}, count=2)
        assert len(await queued_checks()) == 3  # bob's request for sample-shopify joined alice's
        await run_queued_checks()
        alice_updates = updates([await alice_socket.receive() for _ in range(3)])
        bob_update = await bob_socket.receive()
        assert await bob_socket.nothing_more()
    assert sample_store.requests("shopify") >= 1
    assert bob_update["store_slug"] == "sample-shopify" and bob_update["status"] == "in_stock"
    assert alice_updates["sample-shopify"]["status"] == "in_stock"


async def test_a_user_never_receives_another_users_update(shopper, bob, sample_shops):
    await database_sync_to_async(ChosenStore.objects.create)(user=bob, store=sample_shops["shopify"])
    async with Browser(shopper) as alice_socket, Browser(bob) as bob_socket:
        await alice_socket.ask({"type": "add_card", "card": "Counterspell"}, count=4)
        await run_queued_checks()
        assert len([await alice_socket.receive() for _ in range(3)]) == 3
        assert await bob_socket.nothing_more(timeout=1)


async def test_an_answer_reaches_each_user_in_their_own_view(shopper, bob, make_user, sample_shops):
    """One answer, three users: bob wants only the M10 printing, carol reads times in Kolkata. Views
    that are alike are rendered once (availability/live/answer_push.py); these differ."""
    carol = await database_sync_to_async(make_user)("carol")

    @database_sync_to_async
    def arrange() -> None:
        from availability.preferences.models import Preferences

        for user in (bob, carol):
            for platform in ("crystal_commerce", "shopify", "tcgplayer_pro"):
                ChosenStore.objects.create(user=user, store=sample_shops[platform])
        Preferences.objects.update_or_create(user=carol, defaults={"time_zone": "Asia/Kolkata"})

    await arrange()
    async with Browser(shopper) as alice_socket, Browser(bob) as bob_socket, Browser(carol) as carol_socket:
        await alice_socket.ask({"type": "add_card", "card": "Lightning Bolt"}, count=4)
        await bob_socket.ask({"type": "add_card", "card": "Lightning Bolt", "specs": [{"set_code": "M11"}]}, count=4)
        await carol_socket.ask({"type": "add_card", "card": "Lightning Bolt"}, count=4)
        await run_queued_checks()
        seen = {name: updates([await socket.receive() for _ in range(3)])["sample-shopify"]
                for name, socket in (("alice", alice_socket), ("bob", bob_socket), ("carol", carol_socket))}
    assert seen["alice"]["status"] == seen["carol"]["status"] == "in_stock"
    assert seen["bob"]["status"] == "out_of_stock" and seen["bob"]["items"] == []
    assert "(UTC)" in seen["alice"]["html"] and "(Asia/Kolkata)" in seen["carol"]["html"]
    assert seen["carol"]["items"] == seen["alice"]["items"]
