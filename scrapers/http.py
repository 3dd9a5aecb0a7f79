"""The polite HTTP client every platform module talks through.

Why it exists: local game stores are small businesses on shared hosting and SaaS platforms that
throttle bots. The client keeps us a good neighbour and turns every way a store can fail into a
`ScraperError` with a reason a person can read:

- a per-host rate limit (the store's `requests_per_second`) through an injectable `RateLimiter`,
  so the Django side can swap in one shared by every worker process;
- a cap on concurrent requests per host, connect/read timeouts, and a wall-clock deadline per
  request (`total_timeout`: lookup, connect, headers, body and redirects together) that holds
  however slowly a server trickles, because `netguard.Deadline` shuts the socket when it passes;
- a scrape-wide time budget (`store_scope(..., seconds=)`), so one search with its pages and
  retries ends well inside the task runner's timeout instead of getting the worker killed;
- a response size cap, enforced while streaming so a runaway page never sits in memory;
- redirects followed by hand, at most `max_redirects`, each to an http(s) URL: the store's own
  origins (as configured) may be anywhere, any other target must be a public internet address,
  checked when connecting (`scrapers.netguard`), so a store cannot point us into our own network;
  with `ClientSettings.private_stores` off (the site's default: `ALLOW_PRIVATE_STORE_ADDRESSES`), the
  store's own address must be public too, so an address typed into the admin's "Add store from URL"
  or `add_store` cannot reach loopback services or the cloud metadata address either;
- retries with exponential backoff and jitter on connection errors, 5xx, 429 (honouring
  Retry-After) and on pages a platform flags as "too many searches";
- a host that asks us to wait (Retry-After on a 429 or 503, a throttle page) is held in the rate
  limiter, so every client sharing it (every worker, with the Django side's limiter) waits too; a
  hold longer than `max_retry_wait` fails at once with `StorePaused`, sending nothing;
- a count of requests actually sent, for `SearchResult.requests` and the benchmarks;
- malformed response headers leave one warning line naming the store (`scrapers.headerdefects`),
  not urllib3's traceback;
- an optional small cache by URL for pages that do not change (product pages).

Time is injectable (`clock`, `sleep`, `now`) so tests run without real waiting; deadlines and
the scrape budget use the real clock, since they guard against real servers.
"""

from __future__ import annotations

import contextlib
import json
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from scrapers import headerdefects, netguard
from scrapers.errors import (
    AddressNotPublic,
    RateLimited,
    RedirectRefused,
    ResponseTooLarge,
    ScraperError,
    StoreHttpError,
    StorePaused,
    StoreUnreachable,
    UnreadablePage,
)
from scrapers.requestlog import RequestLog, RequestRecord, rate_limit_headers
from scrapers.robots import RobotsFile, RobotsRules, crawl_delay_reason

PROJECT_URL = "https://github.com/lgs-stock-checker"
# TCGplayer Pro's load balancer answers 403 to anything that does not look like a browser;
# "compatible;" keeps it honest about being a bot and says where to find us.
USER_AGENT = f"Mozilla/5.0 (compatible; LGSStockChecker/1.0; +{PROJECT_URL})"

headerdefects.install()


@dataclass(frozen=True)
class HttpResponse:
    """A fully read response. `content` is at most `ClientSettings.max_bytes` long."""

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode(self.charset or "utf-8", errors="replace")

    @property
    def charset(self) -> str | None:
        content_type = self.headers.get("Content-Type", "")
        for part in content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip('"')
        return None

    def json(self) -> Any:
        try:
            try:
                return json.loads(self.content)
            except UnicodeDecodeError:
                # Invalid UTF-8 inside strings: keep what is readable, mark the rest with U+FFFD.
                return json.loads(self.text)
        except (ValueError, LookupError) as exc:  # JSONDecodeError, or an unknown charset
            raise UnreadablePage("the store returned data we could not read") from exc


@dataclass(frozen=True)
class ClientSettings:
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 30.0  # one request, redirects and body included, however slowly it trickles
    max_redirects: int = 5
    max_bytes: int = 5 * 1024 * 1024
    retries: int = 2  # attempts after the first
    backoff: float = 1.0  # first retry waits about this long, then doubles
    max_backoff: float = 30.0
    max_retry_wait: float = 60.0  # longest Retry-After we sit through; longer gives up
    throttled_pause: float = 300.0  # hold when throttled without a Retry-After
    max_concurrent_per_host: int = 2
    cache_size: int = 256
    # Whether a store's own configured address (and the URL a caller passes) may be private: loopback,
    # a private network, link-local. On for a library user who chose the address; the site turns it
    # off unless ALLOW_PRIVATE_STORE_ADDRESSES says so (`make run`'s sample stores, tests).
    private_stores: bool = True


class RateLimiter(Protocol):
    """Spaces requests to one host. A cache-backed implementation can share it across processes.

    It also holds a host that asked us to wait (Retry-After): no slot is booked before the hold
    ends, for any client sharing the limiter. The store's own pause is the Django side's business
    (`Store.record_check`); a hold is only what the host told us about its next free slot.
    """

    def reserve(self, host: str, interval: float) -> float:
        """Book the next free slot for `host` (never inside a hold); return the seconds to wait."""

    def hold(self, host: str, seconds: float) -> None:
        """Book no slot for `host` in the next `seconds` (a hold only ever grows)."""

    def held_for(self, host: str) -> float:
        """Seconds left in `host`'s hold; 0 when it is not held."""


class LocalRateLimiter:
    """In-process limiter: one slot every `interval` seconds per host."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._next_free: dict[str, float] = {}
        self._held_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def reserve(self, host: str, interval: float) -> float:
        with self._lock:
            now = self._clock()
            start = max(now, self._next_free.get(host, now), self._held_until.get(host, now))
            self._next_free[host] = start + interval
            return start - now

    def hold(self, host: str, seconds: float) -> None:
        with self._lock:
            until = self._clock() + seconds
            self._held_until[host] = max(until, self._held_until.get(host, until))

    def held_for(self, host: str) -> float:
        with self._lock:
            return max(0.0, self._held_until.get(host, 0.0) - self._clock())


@dataclass
class RequestCounter:
    count: int = 0


@dataclass
class _CacheEntry:
    expires: float
    response: HttpResponse = field(repr=False)


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def clock_time(moment: datetime) -> str:
    """"14:05 UTC": how reasons mention a time."""
    return moment.strftime("%H:%M %Z").strip()


class HttpClient:
    """Thread-safe; share one per process so limits and holds apply across searches."""

    def __init__(
        self,
        settings: ClientSettings | None = None,
        *,
        limiter: RateLimiter | None = None,
        session_factory: Callable[[], requests.Session] = netguard.guarded_session,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = _utcnow,
        jitter: Callable[[], float] = random.random,
        user_agent: str = USER_AGENT,
        robots: RobotsRules | None = None,
    ) -> None:
        self.settings = settings or ClientSettings()
        # Off unless given: `default_client()` and the worker's client pass one (scrapers/robots.py).
        self.robots = robots
        self.limiter = limiter or LocalRateLimiter(clock)
        self.user_agent = user_agent
        self.requests_made = 0
        self._session_factory = session_factory
        self._clock = clock
        self._sleep = sleep
        self._now = now
        self._jitter = jitter
        self._local = threading.local()
        self._lock = threading.Lock()
        self._host_slots: dict[str, threading.BoundedSemaphore] = {}
        self._cache: OrderedDict[str, _CacheEntry] = OrderedDict()

    # -- public API -------------------------------------------------------------------------

    def get(self, url: str, **kwargs: Any) -> HttpResponse:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> HttpResponse:
        return self.request("POST", url, **kwargs)

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: str | bytes | None = None,
        headers: Mapping[str, str] | None = None,
        requests_per_second: float = 1.0,
        is_throttled: Callable[[HttpResponse], bool] | None = None,
        cache_seconds: float = 0,
        cache_key: str | None = None,
        allow_statuses: tuple[int, ...] = (),
    ) -> HttpResponse:
        """Send a request politely and return the read response, or raise a `ScraperError`.

        `is_throttled` flags a 200 page that really means "slow down" (Crystal Commerce's
        "too many searches"). `allow_statuses` are 4xx codes the caller handles itself (a
        Shopify product that is gone answers 404). `cache_seconds` > 0 caches the answer by URL
        (GET) or by `cache_key` (needed for POST, whose body the URL does not show).
        """
        prepared = requests.Request(method, url, params=params).prepare()
        full_url = prepared.url or url
        host = urlsplit(full_url).netloc
        key = cache_key or (full_url if method == "GET" else None)
        if cache_seconds > 0 and key:
            cached = self._cached(key)
            if cached is not None:
                return cached
        self._raise_if_held(host)
        asked_delay = None
        if self.robots is not None:
            rate = self.robots.permitted_rate(full_url, requests_per_second, self._fetch_robots_txt)
            if rate < requests_per_second:  # a Crawl-delay can only slow us down
                asked_delay = self.robots.file_for(full_url, self._fetch_robots_txt).crawl_delay
            requests_per_second = rate

        send = _Send(method, full_url, json, data, headers, is_throttled, allow_statuses)
        scope = self._scope()
        # Outside a store's scope, the caller chose this URL: its origin is trusted, redirects are not.
        own = netguard.Origin.of(full_url)
        origins = scope.origins if scope and scope.origins else frozenset([own] if own else [])
        if not self.settings.private_stores:
            origins = frozenset()  # every target, the store's own address too, must be public
        response = self._send_with_retries(host, send, requests_per_second, origins, asked_delay)
        if cache_seconds > 0 and key:
            self._store(key, response, cache_seconds)
        return response

    @contextlib.contextmanager
    def store_scope(self, origins: Iterable[str], seconds: float | None = None) -> Iterator[None]:
        """Searches of one store in this thread: `origins` (its configured URLs) are trusted
        wherever they point, and everything inside ends within `seconds` in all.

        Outside a scope, the URL a caller passes is trusted and redirects elsewhere are checked.
        """
        trusted = frozenset(filter(None, (netguard.Origin.of(url) for url in origins)))
        ends_at = time.monotonic() + seconds if seconds else None
        previous = self._scope()
        self._local.scope = _Scope(trusted, seconds, ends_at)
        try:
            yield
        finally:
            self._local.scope = previous

    @contextlib.contextmanager
    def count_requests(self) -> Iterator[RequestCounter]:
        """Count the requests this thread sends inside the block (a search runs in one thread)."""
        counter = RequestCounter()
        counters = self._thread_counters()
        counters.append(counter)
        try:
            yield counter
        finally:
            counters.remove(counter)

    @contextlib.contextmanager
    def record_requests(self) -> Iterator[RequestLog]:
        """Record each request this thread sends inside the block (see scrapers/requestlog.py)."""
        log = RequestLog()
        logs = self._thread_logs()
        logs.append(log)
        try:
            yield log
        finally:
            logs.remove(log)

    def robots_file(self, url: str) -> RobotsFile:
        """What `url`'s host's robots.txt says (read now unless kept), for choosing a store's path,
        the admin and `check_store`; a client without rules gets a fresh reading that is not kept."""
        rules = self.robots or RobotsRules()
        return rules.file_for(url, self._fetch_robots_txt)

    # -- retries and failure handling ------------------------------------------------------

    def _send_with_retries(
        self, host: str, send: _Send, requests_per_second: float, origins: frozenset[netguard.Origin],
        asked_delay: float | None = None,
    ) -> HttpResponse:
        """`asked_delay` is the store's Crawl-delay when it sets our pace: a wait for it that would run
        past the scrape's budget fails saying so, not "took longer than 60 s"."""
        settings = self.settings
        interval = 1.0 / requests_per_second if requests_per_second > 0 else 0.0
        failure: ScraperError | None = None
        for attempt in range(settings.retries + 1):
            wait = self.limiter.reserve(host, interval)
            if wait > 0:
                self._within_budget(wait, failure, asked_delay)
                self._sleep(wait)
            seconds = min(settings.total_timeout, self._within_budget(0, failure))
            try:
                response = self._send_recorded(host, send, origins, seconds)
            except _BAD_URL as exc:
                raise StoreUnreachable("the store's address is not a valid URL") from exc
            except _TooSlow as exc:
                failure, delay = StoreUnreachable(exc.reason), None
            except requests.RequestException as exc:
                failure, delay = StoreUnreachable(_unreachable_reason(exc, settings)), None
            else:
                failure, delay = self._judge(host, response, send)
                if failure is None:
                    return response
            if attempt == settings.retries:
                break
            if delay is not None:
                continue  # the hold makes the next reserve() wait, here and in every other worker
            pause = self._backoff(attempt)
            self._within_budget(pause, failure)
            self._sleep(pause)
        assert failure is not None
        if failure.retry_at is not None:
            self.limiter.hold(host, max(0.0, (failure.retry_at - self._now()).total_seconds()))
        raise failure

    def _judge(
        self, host: str, response: HttpResponse, send: _Send
    ) -> tuple[ScraperError | None, float | None]:
        """Whether a response is usable, and if not, the error and how long to wait before retrying."""
        status = response.status
        wait = _retry_after_seconds(response.headers.get("Retry-After"), self._now())
        throttled = status == 429 or (status == 503 and wait is not None) or (
            200 <= status < 300 and send.is_throttled is not None and send.is_throttled(response)
        )
        if throttled:
            retry_at = self._now() + timedelta(
                seconds=wait if wait is not None else self.settings.throttled_pause
            )
            asked = "is rate-limiting us" if status != 503 else "is down for now (HTTP 503)"
            error = RateLimited(f"the store {asked}, retrying at {clock_time(retry_at)}", retry_at=retry_at)
            if wait is not None:
                # Held in the shared limiter: no worker calls the host before it said we may.
                self.limiter.hold(host, wait)
                if wait > self.settings.max_retry_wait:
                    raise error
            return error, wait
        if status >= 500:
            return StoreHttpError(
                f"the store answered with a server error (HTTP {status})", status=status
            ), None
        if status >= 400 and status not in send.allow_statuses:
            # Retrying will not change the store's mind. Whether it counts against the store's
            # health is decided in one place on the Django side (`Store.record_check`): it does.
            raise StoreHttpError(_client_error_reason(status), status=status)
        return None, None

    def _scope(self) -> _Scope | None:
        return getattr(self._local, "scope", None)

    def _within_budget(self, wait: float, failure: ScraperError | None, asked_delay: float | None = None) -> float:
        """Seconds left in the scrape's budget after `wait`; raises when the budget would run out
        (naming the store's Crawl-delay when `wait` is a wait for it)."""
        scope = self._scope()
        if scope is None or scope.ends_at is None:
            return float("inf")
        left = scope.ends_at - time.monotonic() - wait
        if left <= 0.05:
            if asked_delay:
                raise StoreUnreachable(crawl_delay_reason(asked_delay, scope.seconds))
            reason = f"the store took longer than {scope.seconds:g} s in all"
            if failure is not None and "took longer" not in failure.reason:
                reason += f" (last: {failure.reason})"
            raise StoreUnreachable(reason)
        return left

    def _raise_if_held(self, host: str) -> None:
        """Fail before sending anything while the host's hold (its Retry-After) is too long to sit out."""
        held = self.limiter.held_for(host)
        if held > self.settings.max_retry_wait:
            until = self._now() + timedelta(seconds=held)
            raise StorePaused(
                f"the store asked us to wait, retrying at {clock_time(until)}", retry_at=until
            )

    def _backoff(self, attempt: int) -> float:
        base = min(self.settings.max_backoff, self.settings.backoff * 2**attempt)
        # Full jitter in the upper half keeps many workers from retrying in lockstep.
        return base * (0.5 + self._jitter() / 2)

    # -- one request on the wire ------------------------------------------------------------

    def _send_recorded(
        self, host: str, send: _Send, origins: frozenset[netguard.Origin], seconds: float
    ) -> HttpResponse:
        """`_send_once`, noted in every `record_requests()` log open on this thread."""
        logs = self._thread_logs()
        if not logs:
            return self._send_once(host, send, origins, seconds)
        started = time.monotonic()
        try:
            response = self._send_once(host, send, origins, seconds)
        except Exception as exc:
            reason = (exc.reason if isinstance(exc, ScraperError)
                      else _unreachable_reason(exc, self.settings) if isinstance(exc, _UNREACHABLE)
                      else type(exc).__name__)
            record = RequestRecord(send.method, send.url, None, time.monotonic() - started, 0, error=reason)
            for log in logs:
                log.records.append(record)
            raise
        record = RequestRecord(send.method, response.url, response.status, time.monotonic() - started,
                               len(response.content), rate_limit_headers(response.headers))
        for log in logs:
            log.records.append(record)
        return response

    def _fetch_robots_txt(self, url: str) -> HttpResponse:
        """One GET for a robots.txt: no robots check (it is the check), no rate limit, no retries.
        It is a request to the store all the same, so it counts in `requests_made` and the check's count."""
        try:
            # The robots file sits on the host being checked: its origin is the one trusted.
            own = netguard.Origin.of(url)
            trusted = frozenset([own] if own and self.settings.private_stores else [])
            return self._send_recorded(
                urlsplit(url).netloc, _Send("GET", url, None, None, None, None, ()),
                trusted, self.settings.total_timeout,
            )
        except _UNREACHABLE as exc:
            raise StoreUnreachable(_unreachable_reason(exc, self.settings)) from exc

    def _send_once(
        self, host: str, send: _Send, origins: frozenset[netguard.Origin], seconds: float
    ) -> HttpResponse:
        """One request and its redirects, all within `seconds` of wall-clock time."""
        with self._host_slot(host), netguard.guarded(origins, netguard.Deadline(seconds)) as deadline:
            try:
                return self._follow_redirects(send)
            except netguard.AddressRefused as exc:
                if netguard.Origin.of(exc.url) == netguard.Origin.of(send.url):
                    raise AddressNotPublic(
                        f"we do not fetch {_shorten(exc.url)}: {exc.reason} (a store's address must be public "
                        "unless the site allows private store addresses)"
                    ) from None
                raise RedirectRefused(
                    f"the store sent us to {_shorten(exc.url)}, which we do not follow: {exc.reason}"
                ) from None
            except (requests.RequestException, ResponseTooLarge, _TooSlow):
                if deadline.expired:
                    scope = self._scope()
                    if seconds < self.settings.total_timeout and scope and scope.seconds:
                        raise _TooSlow(f"the store took longer than {scope.seconds:g} s in all") from None
                    raise _TooSlow(f"the store took longer than {seconds:g} s to answer") from None
                raise

    def _follow_redirects(self, send: _Send) -> HttpResponse:
        settings = self.settings
        deadline = netguard.current_deadline()
        method, url, data, json_body = send.method, send.url, send.data, send.json
        extra_headers = dict(send.headers or {})
        for _hop in range(settings.max_redirects + 1):
            headers = {
                "User-Agent": self.user_agent,
                "Accept": "text/html,application/json;q=0.9,*/*;q=0.8",
                "Accept-Language": "en;q=0.9,*;q=0.5",
                **extra_headers,
            }
            self._count()
            try:
                with headerdefects.quieted():
                    raw = self._session().request(
                        method, url, json=json_body, data=data, headers=headers,
                        timeout=(settings.connect_timeout, settings.read_timeout),
                        stream=True, allow_redirects=False,
                    )
            except netguard.AddressRefused as exc:
                exc.url = url
                raise
            headerdefects.warn_if_malformed(url, raw)  # one line for the admin, not urllib3's traceback
            try:
                location = raw.headers.get("Location") if raw.is_redirect else None
                content = b"" if location else self._read_capped(raw)
            finally:
                raw.close()
            if deadline is not None and deadline.expired:
                raise _TooSlow("expired")  # the body may look complete after the socket was shut
            if not location:
                return HttpResponse(raw.url, raw.status_code, raw.headers, content)
            target = urljoin(url, location)
            if netguard.Origin.of(target) is None:
                raise RedirectRefused(
                    f"the store redirected us to {_shorten(target)}, which is not a web address"
                )
            if netguard.Origin.of(target) != netguard.Origin.of(url):
                extra_headers = {}  # whatever the caller sent was meant for the store, not for there
            if raw.status_code == 303 or (raw.status_code in (301, 302) and method == "POST"):
                method, data, json_body = "GET", None, None
            url = target
        raise UnreadablePage(
            f"the store redirected us more than {settings.max_redirects} times (a redirect loop?)"
        )

    def _read_capped(self, raw: requests.Response) -> bytes:
        limit = self.settings.max_bytes
        too_large = ResponseTooLarge(f"the store sent more than {_megabytes(limit)}")
        declared = raw.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large
        chunks: list[bytes] = []
        size = 0
        for chunk in raw.iter_content(chunk_size=64 * 1024):
            size += len(chunk)
            if size > limit:
                raise too_large
            chunks.append(chunk)
        return b"".join(chunks)

    @contextlib.contextmanager
    def _host_slot(self, host: str) -> Iterator[None]:
        with self._lock:
            slot = self._host_slots.setdefault(
                host, threading.BoundedSemaphore(self.settings.max_concurrent_per_host)
            )
        with slot:
            yield

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            # requests.Session is not documented as thread-safe; one per thread is.
            session = self._local.session = self._session_factory()
        return session

    def _thread_counters(self) -> list[RequestCounter]:
        counters = getattr(self._local, "counters", None)
        if counters is None:
            counters = self._local.counters = []
        return counters

    def _thread_logs(self) -> list[RequestLog]:
        logs = getattr(self._local, "logs", None)
        if logs is None:
            logs = self._local.logs = []
        return logs

    def _count(self) -> None:
        with self._lock:
            self.requests_made += 1
        for counter in self._thread_counters():
            counter.count += 1

    # -- cache ------------------------------------------------------------------------------

    def _cached(self, url: str) -> HttpResponse | None:
        with self._lock:
            entry = self._cache.get(url)
            if entry is None or entry.expires < self._clock():
                return None
            self._cache.move_to_end(url)
            return entry.response

    def _store(self, url: str, response: HttpResponse, seconds: float) -> None:
        if not 200 <= response.status < 300:
            return
        with self._lock:
            self._cache[url] = _CacheEntry(self._clock() + seconds, response)
            self._cache.move_to_end(url)
            while len(self._cache) > self.settings.cache_size:
                self._cache.popitem(last=False)


@dataclass(frozen=True)
class _Send:
    method: str
    url: str
    json: Any
    data: str | bytes | None
    headers: Mapping[str, str] | None
    is_throttled: Callable[[HttpResponse], bool] | None
    allow_statuses: tuple[int, ...]


_BAD_URL = (
    requests.exceptions.InvalidURL,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
)


@dataclass(frozen=True)
class _Scope:
    origins: frozenset[netguard.Origin]
    seconds: float | None
    ends_at: float | None


class _TooSlow(Exception):
    """The request ran past its wall-clock deadline (a hanging or trickling server)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _shorten(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


_UNREACHABLE = (requests.RequestException, _TooSlow)


def _retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: "120" or an HTTP date; None if absent or junk."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, (moment - now).total_seconds())


def _unreachable_reason(exc: Exception, settings: ClientSettings) -> str:
    if isinstance(exc, _TooSlow):
        return exc.reason
    if isinstance(exc, requests.ConnectTimeout):
        return f"store unreachable: no connection within {settings.connect_timeout:g} s"
    if isinstance(exc, requests.ReadTimeout):
        return f"the store did not answer within {settings.read_timeout:g} s"
    text = str(exc)
    if any(sign in text for sign in ("NameResolution", "Name or service not known", "getaddrinfo", "nodename")):
        return "store unreachable: its address could not be found (DNS)"
    if isinstance(exc, requests.exceptions.SSLError):
        return "store unreachable: its secure connection (TLS) failed"
    if isinstance(exc, requests.ConnectionError):
        # A store that sent its headers and then nothing: requests reports the body's read timeout
        # as a ConnectionError, but the store was reached; it did not answer.
        if _caused_by(exc, urllib3.exceptions.ReadTimeoutError):
            return f"the store did not answer within {settings.read_timeout:g} s"
        if _caused_by(exc, ConnectionRefusedError) or "refused" in text.lower():
            return "store unreachable: could not connect (connection refused)"
        return "store unreachable: the connection failed"
    return "store unreachable"


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """Whether `kind` is anywhere in the chain behind `exc` (causes, contexts, and the errors
    requests and urllib3 wrap in their first argument or `reason`)."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        current = todo.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, kind):
            return True
        todo.extend([current.__cause__, current.__context__, getattr(current, "reason", None), *current.args[:1]])
    return False


def _client_error_reason(status: int) -> str:
    if status in (401, 403):
        return f"the store refused our request (HTTP {status})"
    if status == 404:
        return "the store's search page was not found (HTTP 404); check the store's address"
    return f"the store rejected our request (HTTP {status})"


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB"


_default_client: HttpClient | None = None
_default_lock = threading.Lock()


def default_client() -> HttpClient:
    """The process-wide client `scrapers.search()` uses when none is given."""
    global _default_client
    with _default_lock:
        if _default_client is None:
            _default_client = HttpClient(robots=RobotsRules())
        return _default_client
