"""Text no database or browser can take (NUL, lone surrogates, control characters) in a WebSocket
message gets an `error` reply that names the problem: no traceback, nothing saved, socket open."""

from __future__ import annotations

import logging

import pytest

from tests.availability.conftest import Browser
from tests.availability.test_consumer import tracked

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.mark.parametrize(
    "raw, request_type, wording",
    [
        ('{"type": "add_card", "card": "Sol\\u0000Ring"}', "add_card", "'card' contains a NUL character"),
        ('{"type": "add_card", "card": "Sol Ring\\ud800"}', "add_card", "'card' contains a lone surrogate"),
        ('{"type": "add_card", "card": "Sol\\u0007Ring"}', "add_card", "'card' contains a control character"),
        ('{"type": "get_card_availability", "store_slug": "\\u0000"}', "get_card_availability",
         "'store_slug' contains a NUL character"),
        ('{"type": "add_card", "card": "Sol Ring", "specs": [{"set_code": "M1\\u0000"}]}', "add_card",
         "'set_code' contains a NUL character"),
        ('{"type": "add_card", "card": "Sol Ring", "\\udfff": 1}', "add_card", "a field name contains a lone surrogate"),
        ('{"type": "add\\u0000card"}', None, "'type' contains a NUL character"),
        ('{"type": "\\ud83d"}', None, "'type' contains a lone surrogate"),
    ],
)
async def test_unencodable_text_gets_an_error_naming_the_problem(alice, raw, request_type, wording, caplog):
    caplog.set_level(logging.WARNING)
    async with Browser(alice) as browser:
        await browser.send_raw(raw)
        error = await browser.receive()
        assert error["type"] == "error" and error["request"] == request_type
        assert error["message"].startswith(wording)
        [still_open] = await browser.ask({"type": "get_users_cards"})
        assert still_open["type"] == "cards_data"
    assert await tracked(alice) == {}
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


async def test_a_lone_surrogate_in_the_raw_frame_is_refused_not_crashed(alice, caplog):
    """A client library may hand us an undecodable frame as text; it still gets a reply."""
    caplog.set_level(logging.WARNING)
    async with Browser(alice) as browser:
        await browser.send_raw('{"type": "add_card", "card": "Sol Ring\ud800"}')
        error = await browser.receive()
    assert error["type"] == "error" and "lone surrogate" in error["message"]
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


async def test_ordinary_unicode_is_fine(alice, catalog):
    async with Browser(alice) as browser:
        [error] = await browser.ask({"type": "add_card", "card": "Jötun Grunt ✨"})
    assert error["type"] == "error" and "no card named" in error["message"]
