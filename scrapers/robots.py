"""Reading each store host's robots.txt, and obeying it.

A store owner who disallows a path in robots.txt has told us not to request it. The path a check
takes is chosen with the file in hand (`scrapers.paths`: a store whose search is disallowed is read
through its listing instead); a request that robots.txt still disallows is never sent and becomes a
store error that says so ("the store's robots.txt disallows …"), never "not in stock". A
`Crawl-delay` for our user agent (or `*`) slows every request to that host to at most one per that
many seconds, on top of the store's own `requests_per_second`.

Decisions:
- The file is read as RFC 9309 says, with `protego` (the maintained parser Scrapy uses): the
  longest matching rule wins and `Allow` wins a tie, `*` and `$` are wildcards, percent-encodings
  compare alike (`%c3%a9` is `%C3%A9` is `é`; an encoded slash `%2F` is not `/`), and the group
  naming our agent replaces the `*` group instead of adding to it. Python's `urllib.robotparser`
  takes the first matching line instead: on Shopify's default file (`Disallow: /search`,
  `Allow: /search/`) it refuses `/search/suggest.json`, which the file allows.
- Our robots.txt user agent is the product token `LGSStockChecker` (matched case-insensitively);
  without a group for it, the `*` group applies.
- Every request to a host is checked, GET or POST, API or page, query string included: a JSON
  search is still a search. The BinderPOS and Conduct APIs live on the platforms' own hosts
  (portal.binderpos.com, api.conductcommerce.com), whose robots.txt is checked like any other.
- Once per host, kept for a day (`ttl`): in the process by default, in Django's cache (shared by
  every worker and the admin) for the worker's client. The cache keeps the text, not a parser
  object; each process keeps the few parsers it built from those texts.
- robots.txt missing (any 4xx) means everything is allowed (RFC 9309).
- robots.txt unreachable (connection failure, timeout, 5xx, larger than the client reads) means
  allowed for now and asked again after `retry_unreachable` seconds (10 minutes). RFC 9309 tells
  crawlers to assume "disallow" then; we check a few cards on a user's behalf, not crawl, and a
  store that is down already gets a store error from the search itself, with the real reason
  instead of a robots one.
- Only the first 500 KiB are read, as Google does.
- A `Crawl-delay` is honoured up to `MAX_CRAWL_DELAY` (30 s) and no further. A check has 60 s in
  all (`CHECK_SECONDS` on the Django side), so 30 s is the longest pace at which one check can still
  send its two requests (robots.txt aside, a search is one to three) within its budget; a longer
  delay (`Crawl-delay: 100000000` was seen) would otherwise hold the host in the shared rate limiter
  for years and every check of the store would fail with "took longer than 60 s". A store whose
  delay is longer than the cap is still read at the capped pace, and a check it holds back past its
  budget says why (`crawl_delay_reason`: "the store asks for 100000000 s between requests; we wait at
  most 30 s"), as do the admin's robots line and `check_store`.
- This module fetches nothing itself: whoever asks passes a `fetch` callable (the HTTP client's
  robots.txt GET), so it knows no client and the client can depend on it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import urlsplit

from protego import Protego

from scrapers.errors import ScraperError

ROBOTS_AGENT = "LGSStockChecker"  # the product token in scrapers.http.USER_AGENT
DAY = 24 * 60 * 60.0
FOUND, MISSING, UNREACHABLE = "found", "missing", "unreachable"
MAX_ROBOTS_CHARS = 500 * 1024  # Google reads the first 500 KiB; so do we
MAX_CRAWL_DELAY = 30.0  # the longest Crawl-delay we honour (see the module's decisions)


def seconds_text(seconds: float) -> str:
    """`100000000` rather than `1e+08`: a person reads the delay the store wrote."""
    text = f"{seconds:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def crawl_delay_reason(asked: float, budget: float | None = None) -> str:
    """Why a check held back by a store's Crawl-delay ended without an answer."""
    if asked > MAX_CRAWL_DELAY:
        return (f"the store asks for {seconds_text(asked)} s between requests; "
                f"we wait at most {seconds_text(MAX_CRAWL_DELAY)} s")
    within = f" within {seconds_text(budget)} s" if budget else ""
    return (f"the store asks for {seconds_text(asked)} s between requests (robots.txt Crawl-delay), "
            f"too slow to finish the check{within}")


class RobotsDisallowed(ScraperError):
    """The store's robots.txt asks us not to request this path."""


class Answer(Protocol):
    """What a `fetch` callable returns: the robots.txt response."""

    status: int
    text: str


Fetch = Callable[[str], Answer]


@dataclass(frozen=True)
class RobotsFile:
    """One host's robots.txt as we last read it."""

    robots_url: str
    state: str  # FOUND, MISSING or UNREACHABLE
    text: str = ""  # FOUND: the file (its first 500 KiB)
    detail: str = ""  # UNREACHABLE: what went wrong

    def allows(self, url: str) -> bool:
        return self.state != FOUND or _parsed(self.text).can_fetch(url, ROBOTS_AGENT)

    @property
    def crawl_delay(self) -> float | None:
        if self.state != FOUND:
            return None
        delay = _parsed(self.text).crawl_delay(ROBOTS_AGENT)
        return float(delay) if delay else None

    @property
    def honoured_delay(self) -> float | None:
        """The Crawl-delay we keep to: the store's, at most `MAX_CRAWL_DELAY`."""
        delay = self.crawl_delay
        return min(delay, MAX_CRAWL_DELAY) if delay else None

    @property
    def host(self) -> str:
        return urlsplit(self.robots_url).netloc

    def describe(self) -> str:
        if self.state == MISSING:
            return f"no robots.txt at {self.robots_url}: everything allowed"
        if self.state == UNREACHABLE:
            return f"robots.txt could not be read ({self.detail}): allowed for now, asked again later"
        return f"robots.txt read from {self.robots_url}" + (f", {self.delay_text()}" if self.crawl_delay else "")

    def delay_text(self) -> str:
        """"crawl delay 7 s", or for a delay past the cap, what we do instead."""
        delay = self.crawl_delay
        if not delay:
            return "no crawl delay"
        if delay > MAX_CRAWL_DELAY:
            return f"crawl delay {seconds_text(delay)} s (we wait at most {seconds_text(MAX_CRAWL_DELAY)} s)"
        return f"crawl delay {seconds_text(delay)} s"


@lru_cache(maxsize=256)
def _parsed(text: str) -> Protego:
    """The parsed file; a worker asks about the same few hosts' files for every request."""
    return Protego.parse(text)


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def parse_robots(robots_url_: str, status: int, text: str) -> RobotsFile:
    """A `RobotsFile` from a fetched answer; pure, so tests feed it text."""
    if 400 <= status < 500:
        return RobotsFile(robots_url_, MISSING)
    if status >= 500 or status < 200:
        return RobotsFile(robots_url_, UNREACHABLE, detail=f"HTTP {status}")
    return RobotsFile(robots_url_, FOUND, text[:MAX_ROBOTS_CHARS])


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


class RobotsRules:
    """Per-host robots.txt, fetched through the `fetch` the asker passes and kept `ttl` seconds in `store`."""

    def __init__(self, store: RobotsStore | None = None, *, ttl: float = DAY, retry_unreachable: float = 600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._store = store if store is not None else LocalRobotsStore(clock)
        self._ttl = ttl
        self._retry_unreachable = retry_unreachable

    def permitted_rate(self, url: str, requests_per_second: float, fetch: Fetch) -> float:
        """The rate to use for `url` (slowed by any Crawl-delay, up to the cap); raises `RobotsDisallowed`."""
        robots = self.file_for(url, fetch)
        if not robots.allows(url):
            path = urlsplit(url).path or "/"
            raise RobotsDisallowed(f"the store's robots.txt disallows our searches ({path}) for {ROBOTS_AGENT}")
        delay = robots.honoured_delay
        if delay and requests_per_second > 0:
            return min(requests_per_second, 1.0 / delay)
        return requests_per_second

    def file_for(self, url: str, fetch: Fetch) -> RobotsFile:
        """The host's robots.txt, read now unless it is kept."""
        cached = self.cached(url)
        if cached is not None:
            return cached
        robots = _read(robots_url(url), fetch)
        keep = self._retry_unreachable if robots.state == UNREACHABLE else self._ttl
        self._store.set(_key(robots.robots_url), (robots.state, robots.text, robots.detail), keep)
        return robots

    def cached(self, url: str) -> RobotsFile | None:
        """The host's robots.txt if it was read lately (by any process sharing the store); no request."""
        address = robots_url(url)
        kept = self._store.get(_key(address))
        if not kept:
            return None
        state, text, detail = kept
        return RobotsFile(address, state, text, detail)


def _read(address: str, fetch: Fetch) -> RobotsFile:
    try:
        answer = fetch(address)
    except ScraperError as exc:
        return RobotsFile(address, UNREACHABLE, detail=exc.reason)
    except Exception as exc:  # requests' connection errors and timeouts
        return RobotsFile(address, UNREACHABLE, detail=type(exc).__name__)
    return parse_robots(address, answer.status, answer.text if 200 <= answer.status < 300 else "")


def _key(address: str) -> str:
    return "robots-file:" + address  # (state, text, detail); "robots:" held an older shape
