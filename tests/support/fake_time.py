"""A clock that moves only when the code under test sleeps: rate limits tested without waiting."""

from __future__ import annotations


class FakeTime:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
