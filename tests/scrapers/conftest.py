"""Fixtures for the scrapers tests: the sample store and a fast HTTP client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from scraper_fixtures import FAST

from scrapers import http as scrapers_http
from scrapers.http import ClientSettings, HttpClient

# These tests run without Django (`pytest tests/scrapers -p no:django`, checked by
# test_django_free.py): the root conftest's autouse fixtures that set Django settings are replaced
# here by ones that touch nothing but the scrapers library.


@pytest.fixture(autouse=True)
def fast_password_hashing() -> None:
    """No users here."""


@pytest.fixture(autouse=True)
def plain_static_files() -> None:
    """No static files here."""


@pytest.fixture(autouse=True)
def isolated_channel_layer() -> None:
    """No channel layer here."""


@pytest.fixture(autouse=True)
def isolated_cache() -> None:
    """No Django cache here."""


@pytest.fixture(autouse=True)
def close_websocket_database_threads() -> None:
    """No database connections here."""


@pytest.fixture(autouse=True)
def private_sample_stores() -> None:
    """No site settings here: the library's clients trust the addresses their callers give."""


@pytest.fixture(autouse=True)
def fresh_http_clients(monkeypatch: pytest.MonkeyPatch) -> None:
    """No rate-limit slots or paused hosts left over from another test (the root one also resets the
    worker's client, which needs Django)."""
    monkeypatch.setattr(scrapers_http, "_default_client", None)
class FakeTime:
    """A monotonic clock that only moves when the client sleeps, so waits are recorded, not spent."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def sleeps(fake_time: FakeTime) -> list[float]:
    return fake_time.sleeps


@pytest.fixture
def make_client(fake_time: FakeTime) -> Callable[..., HttpClient]:
    """Clients with fresh rate-limit state that record sleeps instead of sleeping."""

    def make(**overrides: Any) -> HttpClient:
        settings = ClientSettings(**{**FAST.__dict__, **overrides})
        return HttpClient(settings, clock=fake_time.clock, sleep=fake_time.sleep)

    return make


@pytest.fixture
def client(make_client: Callable[..., HttpClient]) -> HttpClient:
    return make_client()
