"""The sample store server: every platform under its own path prefix, one inventory, switchable faults.

    with running_sample_store() as store:
        config = store.store_config("shopify")          # a StoreConfig pointing at this server
        store.set_fault("shopify", status=429, retry_after="120")
        store.requests("shopify")                       # requests received for that platform
        store.request_log("shopify")                    # and what they asked for (method, path)
        store.set_robots("User-agent: *\nCrawl-delay: 2")  # the host's /robots.txt; None: 404
        store.set_robots(shopify_default, platform="shopify")  # the Shopify store's own file
        store.set_theme("crystal_commerce", "skyward")  # the theme its pages wear (themes_crystal.py)

Each platform also serves a home page, product pages for every offer link and (Shopify, BinderPOS)
cart permalinks: see `storefront.py`.

robots.txt: the stores share one host, so one `/robots.txt`. `set_robots(text)` serves `text` as
the host's file, paths written in full (`Disallow: /shopify/search`). `set_robots(text,
platform=…)` gives that platform's store its own file, written as a real shop's (`Disallow:
/search`, Shopify's default as-is), and the host's file then carries it with every rule moved under
the store's prefixes (`/shopify`; `/binderpos` and each `/binderpos-themes/<theme>`), so the app
fetches `<host>/robots.txt` as from a real shop and gets rules that say of the store's paths what
the store's file says of its root. How the files are put together, and what it cannot express:
`store_robots.py`.

Every request a platform receives is counted and logged (method and path with its query, the
prefix included; the last `LOG_LIMIT` per platform) until `reset()`, so a test can judge each one
against a robots.txt.

Faults can also be flipped over HTTP (for the Django side's local run):
`POST /_control` with `{"platform": "shopify", "fault": {"status": 503, "times": 2}}`,
`{"platform": "css", "latency_ms": 300}`, `{"robots": "User-agent: *\nDisallow: /"}` (null for none,
`"robots_status": 503` for an unreadable one), `{"platform": "shopify", "robots": "…"}` for a
store's own file (null drops it), `{"platform": "crystal_commerce", "theme": "skyward"}` or
`{"reset": true}`; `GET /_control` shows counters.
Hostile modes (markup and `javascript:` links, over-long fields, trickling, redirects into our own
network, …) are faults too: `{"hostile": "trickle"}`; see `hostile.py`.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from scrapers.sample_store import hostile, pages_html, routes, storefront, themes_binderpos, themes_crystal
from scrapers.sample_store.inventory import SAMPLE_GAMES
from scrapers.sample_store.routes import PLATFORM_PREFIXES, ROUTES, Reply, Request
from scrapers.sample_store.store_robots import combined_robots
from scrapers.store import StoreConfig

HTML_PLATFORMS = ("crystal_commerce", "binderpos", "css")
LOG_LIMIT = 10_000  # requests kept per platform: a benchmark's run must not grow without bound


@dataclass(frozen=True)
class LoggedRequest:
    """One request a platform received: its method and its path with the query, as sent."""

    method: str
    path: str  # "/shopify/search/suggest.json?q=%22Sol+Ring%22&…"


def store_prefixes(platform: str) -> tuple[str, ...]:
    """The path prefixes under which `platform`'s store serves its own pages (not its API host's)."""
    if platform == "binderpos":  # the same shop in other themes (themes_binderpos)
        return ("/binderpos", *(f"/{themes_binderpos.PATH_PREFIX}/{theme}" for theme in themes_binderpos.THEMES))
    return (f"/{platform}",)


@dataclass
class Fault:
    """How a platform misbehaves. `times` limits it to the next N requests; None keeps it on."""

    status: int | None = None  # e.g. 429, 502, 503
    retry_after: str | None = None  # sent with the status: "120" or an HTTP date
    hang_seconds: float = 0  # wait this long before answering (longer than the client timeout)
    too_many_searches: bool = False  # Crystal Commerce's HTTP 200 rate-limit page
    malformed: bool = False  # a page or JSON no parser can read
    oversized_bytes: int = 0  # stream a body this large, without Content-Length
    hostile: str | None = None  # one of hostile.MODES
    redirect_to: str | None = None  # where hostile="redirect_private" sends the client
    trickle_seconds: float = 0.5  # hostile="trickle": one byte this often
    times: int | None = None


class SampleStoreServer(ThreadingHTTPServer):
    daemon_threads = True  # a hanging fault must not keep the process alive

    def __init__(self, port: int = 0, *, host: str = "127.0.0.1", latency_ms: int = 0, page_size: int = 3) -> None:
        super().__init__((host, port), _Handler)
        self.page_size = page_size
        self.default_latency_ms = latency_ms
        self._latency: dict[str, int] = {}
        self._faults: dict[str, Fault] = {}
        self._counts: dict[str, int] = {}
        self._log: dict[str, deque[LoggedRequest]] = {}
        self._robots: Reply | None = None  # the host's own file; None: none (404 unless a store has one)
        self._store_robots: dict[str, str] = {}  # platform -> its store's own file, paths from its root
        self._themes: dict[str, str] = {}  # platform -> theme its pages wear; absent: "default"
        self._lock = threading.Lock()
        self.stopping = threading.Event()

    # -- addresses and configs -------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def base_url(self, platform: str) -> str:
        return f"{self.url}/{platform}"

    def store_config(self, platform: str, *, requests_per_second: float = 1000.0, **settings: Any) -> StoreConfig:
        """A StoreConfig for this server's `platform` store; keyword arguments override settings."""
        definition = next(d for d in sample_store_definitions(self.url) if d["platform"] == platform)
        return StoreConfig(
            slug=definition["slug"], name=definition["name"], platform=platform,
            base_url=definition["base_url"], settings={**definition["settings"], **settings},
            currency=definition["currency"], requests_per_second=requests_per_second,
            games=tuple(definition["games"]),
        )

    # -- switches and counters ------------------------------------------------------------------

    def set_fault(self, platform: str, **fault: Any) -> None:
        self._check_platform(platform)
        hostile.check_mode(fault.get("hostile"))
        with self._lock:
            self._faults[platform] = Fault(**fault)

    def set_latency(self, platform: str, latency_ms: int) -> None:
        self._check_platform(platform)
        with self._lock:
            self._latency[platform] = latency_ms

    def set_robots(self, text: str | None, *, status: int = 200, platform: str | None = None) -> None:
        """Serve `text` as the host's /robots.txt (None: 404), or with `platform`, as that store's
        own robots.txt, written from its root as a real shop's is (None: it has none)."""
        if platform is None:
            with self._lock:
                self._robots = None if text is None else Reply(status, text.encode(), "text/plain; charset=utf-8")
            return
        self._check_platform(platform)
        if status != 200:
            raise ValueError("a status is the host's robots.txt answer: set it without a platform")
        with self._lock:
            if text is None:
                self._store_robots.pop(platform, None)
            else:
                self._store_robots[platform] = text

    def set_theme(self, platform: str, theme: str) -> None:
        """Serve `platform`'s pages in another theme (Crystal Commerce: `themes_crystal.THEMES`)."""
        self._check_platform(platform)
        if platform != "crystal_commerce":
            raise ValueError(f"the sample {platform} store has one theme")
        with self._lock:
            self._themes[platform] = themes_crystal.check_theme(theme)

    def theme(self, platform: str) -> str:
        with self._lock:
            return self._themes.get(platform, "")

    def robots_reply(self) -> Reply:
        """The host's /robots.txt: its own file, with every store's own file under its prefixes."""
        with self._lock:
            host, stores = self._robots, dict(self._store_robots)
        if not stores or (host is not None and host.status != 200):
            return host or routes.NOT_FOUND
        text = combined_robots(host.body.decode() if host else "",
                               [(store_prefixes(platform), own) for platform, own in stores.items()])
        return Reply(200, text.encode(), "text/plain; charset=utf-8")

    def reset(self) -> None:
        """Clear every fault, latency, counter, logged request, theme and robots.txt."""
        with self._lock:
            self._robots = None
            self._store_robots.clear()
            self._themes.clear()
            self._faults.clear()
            self._latency.clear()
            self._counts.clear()
            self._log.clear()

    def requests(self, platform: str | None = None) -> int:
        with self._lock:
            return self._counts.get(platform, 0) if platform else sum(self._counts.values())

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def request_log(self, platform: str) -> list[LoggedRequest]:
        """The requests `platform` received since the last reset, oldest first (its API's too)."""
        with self._lock:
            return list(self._log.get(platform, ()))

    def _check_platform(self, platform: str) -> None:
        if platform not in PLATFORM_PREFIXES:
            raise ValueError(f"unknown sample platform {platform!r}; one of {', '.join(PLATFORM_PREFIXES)}")

    def _take_request(self, platform: str, request: LoggedRequest) -> tuple[Fault | None, int]:
        """Count and log a request and return the fault to apply to it, if any, and the latency."""
        with self._lock:
            self._counts[platform] = self._counts.get(platform, 0) + 1
            self._log.setdefault(platform, deque(maxlen=LOG_LIMIT)).append(request)
            fault = self._faults.get(platform)
            if fault is not None and fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    del self._faults[platform]
            return fault, self._latency.get(platform, self.default_latency_ms)

    def shutdown(self) -> None:
        self.stopping.set()  # wake hanging handlers
        super().shutdown()

    # -- control endpoint ------------------------------------------------------------------------

    def control(self, body: Any) -> dict[str, Any]:
        if isinstance(body, dict):
            if body.get("reset"):
                self.reset()
            platform = body.get("platform")
            if platform and "fault" in body:
                fault = body["fault"] or {}
                allowed = {f.name for f in fields(Fault)}
                self.set_fault(platform, **{k: v for k, v in fault.items() if k in allowed})
            if "robots" in body:
                self.set_robots(body["robots"], status=int(body.get("robots_status") or 200), platform=platform)
            if platform and "theme" in body:
                self.set_theme(platform, str(body["theme"]))
            if platform and "latency_ms" in body:
                self.set_latency(platform, int(body["latency_ms"]))
        with self._lock:
            return {"requests": dict(self._counts), "faults": {k: asdict(v) for k, v in self._faults.items()},
                    "latency_ms": dict(self._latency), "default_latency_ms": self.default_latency_ms,
                    "store_robots": sorted(self._store_robots), "themes": dict(self._themes)}


class _Handler(BaseHTTPRequestHandler):
    server: SampleStoreServer
    server_version = "SampleStore/1.0"

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # tests and benchmarks would drown in access logs

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        prefix, _, rest = parts.path.lstrip("/").partition("/")
        if prefix == "_control":
            payload = json.loads(body or b"{}") if method == "POST" else {}
            try:
                self._send(routes.as_json(self.server.control(payload)))
            except (ValueError, TypeError) as exc:
                self._send(routes.as_json({"error": str(exc)}, 400))
            return
        if parts.path == "/robots.txt":
            self._send(self.server.robots_reply())
            return
        if prefix not in ROUTES:
            self._send(routes.NOT_FOUND)
            return
        platform, handler = ROUTES[prefix]
        fault, latency_ms = self.server._take_request(platform, LoggedRequest(method, self.path))
        if latency_ms:
            time.sleep(latency_ms / 1000)
        if fault is not None and self._apply_fault(fault, platform):
            return
        request = Request(
            method=method, path="/" + rest, query=routes.parse_query(parts.query), body=body,
            headers={k.lower(): v for k, v in self.headers.items()},
            site_url=self.server.base_url(platform), site_path=f"/{platform}", host=f"{self.server.server_address[0]}:{self.server.server_address[1]}",
            page_size=self.server.page_size, theme=self.server.theme(platform),
        )
        storefront_reply = storefront.answer(prefix, request, self.server.url)
        if storefront_reply is not None:
            self._send(storefront_reply)
            return
        listed = hostile.listing(fault.hostile, request) if fault is not None and fault.hostile else None
        reply = listed or handler(request)
        if fault is not None and fault.hostile in hostile.TRANSPORT_MODES:
            hostile.take_over(self, fault, reply)
            return
        if fault is not None and fault.hostile in hostile.CONTENT_MODES:
            reply = hostile.rewrite(fault.hostile, reply)
        self._send(reply)

    def _apply_fault(self, fault: Fault, platform: str) -> bool:
        """Answer with the fault; False when the fault only delays the normal answer."""
        if fault.hang_seconds:
            self.server.stopping.wait(fault.hang_seconds)
        if fault.status is not None:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            self._send(Reply(fault.status, f"<html><body><h1>{fault.status}</h1></body></html>".encode(), headers=headers))
            return True
        if fault.too_many_searches:
            self._send(routes.html(pages_html.TOO_MANY_SEARCHES))
            return True
        if fault.malformed:
            if platform in HTML_PLATFORMS:
                self._send(routes.html(pages_html.MAINTENANCE))
            else:
                self._send(Reply(200, b'{"products": [{"id": 1, "title": "Lightn', "application/json"))
            return True
        if fault.oversized_bytes:
            self._send_oversized(fault.oversized_bytes)
            return True
        return False

    def _send(self, reply: Reply) -> None:
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test); nothing to do

    def _send_oversized(self, size: int) -> None:
        chunk = b"<!-- " + b"x" * (64 * 1024 - 9) + b" -->"
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()  # no Content-Length: the client has to count while reading
            sent = 0
            while sent < size:
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass


@contextlib.contextmanager
def running_sample_store(port: int = 0, *, latency_ms: int = 0, page_size: int = 3) -> Iterator[SampleStoreServer]:
    """Start the sample store on a free port (or `port`) in a thread; stop it on exit."""
    server = SampleStoreServer(port, latency_ms=latency_ms, page_size=page_size)
    thread = threading.Thread(target=server.serve_forever, name="sample-store", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


CSS_SELECTORS = {
    "results": "//section[@id='results']",
    "product": "//article[contains(@class, 'card-listing')]",
    "name": ".//a[contains(@class, 'title')]",
    "url": ".//a[contains(@class, 'title')]/@href",
    "set": ".//div[@class='edition']",
    "condition": ".//div[@class='grade']",
    "price": ".//div[@class='cost']",
    "quantity": ".//div[@class='stock']",
    "next_page": "//a[contains(@class, 'more')]",
}


def sample_store_definitions(server_url: str) -> list[dict[str, Any]]:
    """One store per platform on a sample server at `server_url` ("http://127.0.0.1:8765"), for
    registering them as Store rows: name, slug, platform, base_url (= homepage), settings, currency,
    and the games it sells (every sample game, Magic first)."""
    server_url = server_url.rstrip("/")

    def store(platform: str, name: str, settings: dict[str, Any], currency: str = "USD", slug: str = "") -> dict[str, Any]:
        base_url = f"{server_url}/{platform}"
        return {"name": name, "slug": slug or f"sample-{platform.replace('_', '-')}", "platform": platform,
                "base_url": base_url, "homepage": base_url, "settings": settings, "currency": currency,
                "games": list(SAMPLE_GAMES)}

    return [
        store("crystal_commerce", "Sample Games (Crystal Commerce)", {}),
        store("shopify", "Sample Games (Shopify)", {}),
        store("binderpos", "Sample Games (BinderPOS)",
              {"shop": routes.SHOP_DOMAIN.split(".")[0], "api_url": f"{server_url}/binderpos-api"}),
        store("conduct", "Sample Games (Conduct Commerce)", {"api_url": f"{server_url}/conduct-api"}),
        store("tcgplayer_pro", "Sample Games (TCGplayer Pro)", {}),
        store("woocommerce", "Sample Games (WooCommerce)", {"category": "Magic: The Gathering"}, currency="CLP"),
        store("css", "Sample Games (custom site)",
              {"search_path": "/search?q={query}&page={page}", "selectors": dict(CSS_SELECTORS)}),
        store("binderpos", "Sample Games (BinderPOS theme)", {"mode": "html"}, slug="sample-binderpos-theme"),
    ]
