"""Reading each store host's robots.txt, and obeying it.

A store owner who disallows our search path in robots.txt has told us not to come; a check of
that store becomes a store error that says so ("the store's robots.txt disallows …"), never "not in
stock". A `Crawl-delay` for our user agent (or `*`) slows every request to that host to at most
one per that many seconds, on top of the store's own `requests_per_second`.

Decisions:
- The file is read with the standard library's `urllib.robotparser` (what Python ships for exactly
  this), once per host, and kept for a day (`ttl`): in the process by default, in Django's cache
  (shared by every worker and the admin) for the worker's client.
- Our robots.txt user agent is the product token `LGSStockChecker`; rules for `*` apply too.
- Every request to a host is checked, GET or POST, API or page: a JSON search is still a search.
- robots.txt missing (any 4xx) means everything is allowed (RFC 9309).
- robots.txt unreachable (connection failure, timeout, 5xx, oversized) means allowed for now and
  asked again after `retry_unreachable` seconds (10 minutes). RFC 9309 tells crawlers to assume
  "disallow" then; we check a few cards on a user's behalf, not crawl, and a store that is down
  already gets a store error from the search itself, with the real reason instead of a robots one.
- `urllib.robotparser` matches path prefixes only; wildcard rules (`/*?q=`) are not understood.
- Consequence worth knowing: Shopify's default robots.txt has `Disallow: /search` for `*`, which
  covers `/search/suggest.json` and the BinderPOS theme's `/search`; such stores read as blocked
  until the owner allows our agent. The BinderPOS and Conduct APIs live on the platforms' own hosts
  (portal.binderpos.com, api.conductcommerce.com), whose robots.txt is checked like any other.
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
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


class RobotsStore(Protocol):
    """Where read robots.txt files are kept. Django's cache fits, so every process shares them."""

    def get(self, key: str) -> Any: ...

    def set(self, key: str, value: Any, timeout: float) -> None: ...


class LocalRobotsStore:
    """In-process keeping with expiry, for a client used outside Django."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._values: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            entry = self._values.get(key)
            return entry[1] if entry and entry[0] > self._clock() else None

    def set(self, key: str, value: Any, timeout: float) -> None:
        with self._lock:
            self._values[key] = (self._clock() + timeout, value)


MAX_ROBOTS_CHARS = 500 * 1024  # Google reads the first 500 KiB; so do we


class RobotsRules:
    """Per-host robots.txt, fetched through the client that asks and kept `ttl` seconds in `store`."""

    def __init__(self, store: RobotsStore | None = None, *, ttl: float = DAY, retry_unreachable: float = 600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._store = store if store is not None else LocalRobotsStore(clock)
        self._ttl = ttl
        self._retry_unreachable = retry_unreachable

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
        """The host's robots.txt, read now unless it is kept."""
        cached = self.cached(url)
        if cached is not None:
            return cached
        address = robots_url(url)
        kept = self._fetch(address, fetch)
        keep = self._retry_unreachable if kept[0] == UNREACHABLE else self._ttl
        self._store.set(_key(address), kept, keep)
        return _from_kept(address, kept)

    def cached(self, url: str) -> RobotsFile | None:
        """The host's robots.txt if it was read lately (by any process sharing the store); no request."""
        address = robots_url(url)
        kept = self._store.get(_key(address))
        return _from_kept(address, kept) if kept else None

    @staticmethod
    def _fetch(address: str, fetch: Callable[[str], _Answer]) -> tuple[str, int, str]:
        """(state, status, text or detail): plain values, so any cache can keep them."""
        try:
            answer = fetch(address)
        except ScraperError as exc:
            return UNREACHABLE, 0, exc.reason
        except Exception as exc:  # requests' connection errors and timeouts
            return UNREACHABLE, 0, type(exc).__name__
        robots = parse_robots(address, answer.status, "")
        if robots.state == FOUND:
            return FOUND, answer.status, answer.text[:MAX_ROBOTS_CHARS]
        return robots.state, answer.status, robots.detail


def _key(address: str) -> str:
    return "robots:" + address


def _from_kept(address: str, kept: tuple[str, int, str]) -> RobotsFile:
    state, status, text = kept
    if state == UNREACHABLE and status == 0:
        return parse_robots_unreachable(address, text)
    return parse_robots(address, status, text)


def parse_robots_unreachable(address: str, detail: str) -> RobotsFile:
    parser = urllib.robotparser.RobotFileParser(address)
    parser.allow_all = True
    return RobotsFile(address, UNREACHABLE, parser, detail)


def robots_for(client: HttpClient, url: str) -> RobotsFile:
    """What the client's robots rules say about `url`'s host (read now if not cached), for the admin
    and `check_store`; a client without rules gets a fresh reading that is not kept."""
    rules = client.robots or RobotsRules()
    return rules.file_for(url, client._fetch_robots_txt)
