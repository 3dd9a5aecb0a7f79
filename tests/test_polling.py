"""tests/support/polling.py: the waits every process-level test relies on."""

from __future__ import annotations

import pytest

from tests.support.polling import until, wait_for


def test_returns_the_first_truthy_answer_once_the_condition_holds():
    answers = iter([None, 0, {"ok": True}])
    assert wait_for(lambda: next(answers), 5, "the third answer", interval=0) == {"ok": True}


def test_a_condition_that_never_holds_fails_naming_what_was_awaited_and_the_last_error():
    def refused():
        raise ConnectionError("nothing listens")

    with pytest.raises(AssertionError, match=r"waiting for the web process's log tail \(last: Connection"):
        wait_for(refused, 0, lambda: "the web process's log tail", ignoring=(ConnectionError,))


def test_an_error_not_listed_as_not_yet_is_raised_at_once():
    with pytest.raises(ZeroDivisionError):
        wait_for(lambda: 1 / 0, 5, "never")


async def test_until_waits_inside_a_coroutine_and_fails_naming_what_was_awaited():
    answers = iter([False, False, "ready"])
    assert await until(lambda: next(answers), 5, "the third answer", interval=0) == "ready"
    with pytest.raises(AssertionError, match="waiting for the second tab"):
        await until(lambda: False, 0, "the second tab")
