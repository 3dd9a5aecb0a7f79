"""Reading each store host's robots.txt, and obeying it.

A store owner who disallows our search path in robots.txt has told us not to come; a check of
that store becomes a store error that says so ("the store's robots.txt disallows …"), never "not in
stock". A `Crawl-delay` for our user agent (or `*`) slows every request to that host to at most
one per that many seconds, on top of the store's own `requests_per_second`.

Decisions:
- The file is read with the standard library's `urllib.robotparser` (what Python ships for exactly
  this), once per host, and kept for a day (`ttl`), in the process that uses the client.
- Our robots.txt user agent is the product token `LGSStockChecker`; rules for `*` apply too.
- Every request to a host is checked, GET or POST, API or page: a JSON search is still a search.
- robots.txt missing (any 4xx) means everything is allowed (RFC 9309).
- robots.txt unreachable (connection failure, timeout, 5xx, oversized) means allowed for now and
  asked again after `retry_unreachable` seconds (10 minutes). RFC 9309 tells crawlers to assume
  "disallow" then; we check a few cards on a user's behalf, not crawl, and a store that is down
  already gets a store error from the search itself, with the real reason instead of a robots one.
- `urllib.robotparser` matches path prefixes only; wildcard rules (`/*?q=`) are not understood.
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from scrapers.errors import ScraperError

if TYPE_CHECKING:
    from scrapers.http import HttpClient

ROBOTS_AGENT = "LGSStockChecker"  # the product token in scrapers.http.USER_AGENT
DAY = 24 * 60 * 60.0
FOUND, MISSING, UNREACHABLE = "found", "missing", "unreachable"


class RobotsDisallowed(ScraperError):
    """The store's robots.txt asks us not to request this path."""


class _Answer(Protocol):
    status: int
    text: str


@dataclass(frozen=True)
class RobotsFile:
    """One host's robots.txt as we last read it."""

    robots_url: str
    state: str  # FOUND, MISSING or UNREACHABLE
    parser: urllib.robotparser.RobotFileParser
    detail: str = ""  # for UNREACHABLE: what went wrong

    def allows(self, url: str) -> bool:
        return self.state != FOUND or self.parser.can_fetch(ROBOTS_AGENT, url)

    @property
    def crawl_delay(self) -> float | None:
        if self.state != FOUND:
            return None
        delay = self.parser.crawl_delay(ROBOTS_AGENT)
        return float(delay) if delay else None

    def describe(self) -> str:
        if self.state == MISSING:
            return f"no robots.txt at {self.robots_url}: everything allowed"
        if self.state == UNREACHABLE:
            return f"robots.txt could not be read ({self.detail}): allowed for now, asked again later"
        delay = self.crawl_delay
        return f"robots.txt read from {self.robots_url}" + (f", crawl delay {delay:g} s" if delay else "")


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def parse_robots(robots_url_: str, status: int, text: str) -> RobotsFile:
    """A `RobotsFile` from a fetched answer; pure, so tests feed it text."""
    parser = urllib.robotparser.RobotFileParser(robots_url_)
    if 400 <= status < 500:
        parser.allow_all = True
        return RobotsFile(robots_url_, MISSING, parser)
    if status >= 500 or status < 200:
        parser.allow_all = True
        return RobotsFile(robots_url_, UNREACHABLE, parser, f"HTTP {status}")
    parser.parse(text.splitlines())
    return RobotsFile(robots_url_, FOUND, parser)


class RobotsRules:
    """Per-host robots.txt, fetched through the client that asks and kept `ttl` seconds."""

    def __init__(self, ttl: float = DAY, retry_unreachable: float = 600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._retry_unreachable = retry_unreachable
        self._clock = clock
        self._files: dict[str, tuple[float, RobotsFile]] = {}
        self._lock = threading.Lock()

    def permitted_rate(self, url: str, requests_per_second: float, fetch: Callable[[str], _Answer]) -> float:
        """The rate to use for `url` (slowed by any Crawl-delay); raises `RobotsDisallowed`."""
        robots = self.file_for(url, fetch)
        if not robots.allows(url):
            path = urlsplit(url).path or "/"
            raise RobotsDisallowed(f"the store's robots.txt disallows our searches ({path}) for {ROBOTS_AGENT}")
        delay = robots.crawl_delay
        if delay and requests_per_second > 0:
            return min(requests_per_second, 1.0 / delay)
        return requests_per_second

    def file_for(self, url: str, fetch: Callable[[str], _Answer]) -> RobotsFile:
        address = robots_url(url)
        with self._lock:
            cached = self._files.get(address)
        if cached is not None and cached[0] > self._clock():
            return cached[1]
        robots = self._fetch(address, fetch)
        keep = self._retry_unreachable if robots.state == UNREACHABLE else self._ttl
        with self._lock:
            self._files[address] = (self._clock() + keep, robots)
        return robots

    def forget(self) -> None:
        with self._lock:
            self._files.clear()

    @staticmethod
    def _fetch(address: str, fetch: Callable[[str], _Answer]) -> RobotsFile:
        try:
            answer = fetch(address)
        except ScraperError as exc:
            return parse_robots_unreachable(address, exc.reason)
        except Exception as exc:  # requests' connection errors and timeouts
            return parse_robots_unreachable(address, type(exc).__name__)
        return parse_robots(address, answer.status, answer.text)


def parse_robots_unreachable(address: str, detail: str) -> RobotsFile:
    parser = urllib.robotparser.RobotFileParser(address)
    parser.allow_all = True
    return RobotsFile(address, UNREACHABLE, parser, detail)


def robots_for(client: HttpClient, url: str) -> RobotsFile:
    """What the client's robots rules say about `url`'s host (read now if not cached), for the admin
    and `check_store`; a client without rules gets a fresh reading that is not kept."""
    rules = client.robots or RobotsRules()
    return rules.file_for(url, client._fetch_robots_txt)
