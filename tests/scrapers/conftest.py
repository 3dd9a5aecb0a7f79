"""Fixtures for the scrapers tests: the sample store and a fast HTTP client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from scraper_fixtures import FAST

from scrapers.http import ClientSettings, HttpClient
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
