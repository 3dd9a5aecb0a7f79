"""One guard for every request our servers send to an address someone else chose.

Store pages (and the redirects they answer with) and users' webhook URLs are hostile input: a store
answering `302 http://127.0.0.1:5432/` or `http://169.254.169.254/…` would otherwise make a worker
fetch our own network for it (SSRF). The scrapers' HTTP client (`scrapers.http`) and the webhook
sender (`availability.alerts.webhooks`) both connect through the connection classes here, so one rule holds
everywhere:

- **Trusted origins** (scheme, host and port exactly) may be anywhere, private addresses included:
  a store's own address and API address as an admin configured them, or a webhook host listed in
  `WEBHOOK_ALLOWED_HOSTS`. They are set per exchange with `trusting()`.
- **Every other target** must resolve to public internet addresses only; one private, loopback,
  link-local (cloud metadata) or reserved answer refuses the whole name.
- The check runs **at connect time**, on the addresses actually dialled: the name is resolved once,
  checked, and the socket connects to the checked address, so a name that changes its answer
  between check and connect (DNS rebinding) cannot slip through. A pooled keep-alive connection is
  checked again, by its peer address, before each request on it.
- A refusal raises `AddressRefused`, which is not an `OSError`, so neither urllib3 nor requests
  retries or rewraps it; callers turn it into their own error with its `reason`.

Deadlines: socket timeouts bound each `recv`, not an exchange, so a server sending one byte every
few seconds never times out. A `Deadline` is a wall-clock end for one exchange (name lookup,
connect, TLS, headers and body): a timer shuts the connection's socket down when it passes, which
wakes any blocked read at once, and the caller reports the exchange as too slow. Name lookups run
on a small thread pool so a stuck resolver is bounded too.

No Django here: the webhook side passes its own settings in.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import os
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(Exception):
    """We will not connect there: the target is not trusted and not a public internet address."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.url = ""  # the URL asked for, when the caller knows it


@dataclass(frozen=True)
class Origin:
    """Scheme, host and port: what "the same site" means for a redirect."""

    scheme: str
    host: str
    port: int

    @classmethod
    def of(cls, url: str) -> Origin | None:
        """The origin of an absolute http(s) URL; None for anything else."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").rstrip(".").lower()
        if scheme not in ("http", "https") or not host:
            return None
        return cls(scheme, host, port or (443 if scheme == "https" else 80))

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


def forbidden_reason(address: IPAddress) -> str | None:
    """Why we never connect to this address for an untrusted target, or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address (this server itself)"
    if address.is_link_local:
        return "a link-local address (where cloud metadata services live)"
    if address.is_private:
        return "a private network address"
    if address.is_multicast or address.is_reserved or not address.is_global:
        return "not a public internet address"
    return None


def refusal(host: str, address: str) -> str | None:
    """A readable refusal if `address` (which `host` resolved to) is not public, else None."""
    reason = forbidden_reason(ipaddress.ip_address(address.split("%")[0]))
    if reason is None:
        return None
    where = host if host.strip("[]") == address else f"{host} resolves to {address}, which"
    return f"{where} is {reason}"


# -- deadlines ------------------------------------------------------------------------------------


class Deadline:
    """A wall-clock end for one exchange; sockets it watches are shut down when it passes.

    Use as a context manager around the whole exchange (request and body read): leaving it cancels
    the timer, so a finished exchange's pooled connection is left alone.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends_at = time.monotonic() + seconds
        self.expired = False
        self._watched: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return self.ends_at - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        """Shut `sock`'s connection when the deadline passes.

        The deadline keeps its own duplicate of the descriptor, closed on exit: http.client may close
        the connection's socket object while the response body is still being read from it, and a
        duplicate also outlives TLS wrapping (which detaches the plain socket).
        """
        handle = socket.socket(fileno=os.dup(sock.fileno()))
        with self._lock:
            self._watched.append(handle)
            if self.expired:
                _shut(handle)

    def _expire(self) -> None:
        # Under the lock, so __exit__ cannot close a handle (and free its number) mid-shutdown.
        with self._lock:
            self.expired = True
            for handle in self._watched:
                _shut(handle)

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()
        with self._lock:
            for handle in self._watched:
                handle.close()
            self._watched.clear()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked in another thread
    except OSError:
        pass  # already closed


_deadline: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("netguard_deadline", default=None)
_trusted: contextvars.ContextVar[frozenset[Origin]] = contextvars.ContextVar(
    "netguard_trusted", default=frozenset()
)


@contextlib.contextmanager
def guarded(trusted: Iterable[Origin], deadline: Deadline) -> Iterator[Deadline]:
    """Run one exchange: connections may go to `trusted` origins or public addresses, until `deadline`."""
    trusted_token = _trusted.set(frozenset(trusted))
    deadline_token = _deadline.set(deadline)
    try:
        with deadline:
            yield deadline
    finally:
        _deadline.reset(deadline_token)
        _trusted.reset(trusted_token)


def current_deadline() -> Deadline | None:
    return _deadline.get()


def is_trusted(origin: Origin | None) -> bool:
    return origin is not None and origin in _trusted.get()


# -- name lookups with a bound ------------------------------------------------------------------------

_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="netguard-dns")


def resolve(host: str, port: int, timeout: float | None) -> list[str]:
    """The addresses `host` resolves to, in the resolver's order; raises socket.gaierror or TimeoutError."""
    future = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=None if timeout is None else max(timeout, 0.01))
    except FutureTimeout:
        raise TimeoutError(f"looking up {host} took too long") from None
    return list(dict.fromkeys(info[4][0] for info in infos))


# -- urllib3 connections that check before they connect ---------------------------------------------


class _GuardedConnection:
    """Mixed into urllib3's connections: resolve, check, connect to the checked address, watch."""

    scheme = "http"

    # Provided by urllib3's HTTPConnection.
    host: str
    port: int
    timeout: Any
    sock: socket.socket | None
    source_address: Any
    socket_options: Any

    def _origin(self) -> Origin:
        return Origin(self.scheme, self.host.strip("[]").rstrip(".").lower(), self.port)

    def _new_conn(self) -> socket.socket:
        origin = self._origin()
        deadline = _deadline.get()
        connect_timeout = self.timeout if isinstance(self.timeout, (int, float)) else None
        if deadline is not None:
            left = deadline.remaining()
            if left <= 0:
                raise ConnectTimeoutError(self, f"no time left to connect to {origin.host}")
            connect_timeout = left if connect_timeout is None else min(connect_timeout, left)
        try:
            addresses = resolve(origin.host, origin.port, connect_timeout)
        except socket.gaierror as exc:
            raise NameResolutionError(origin.host, self, exc) from exc  # type: ignore[arg-type]
        except TimeoutError as exc:
            raise ConnectTimeoutError(self, str(exc)) from exc
        if not is_trusted(origin):
            for address in addresses:
                reason = refusal(origin.host, address)
                if reason:
                    raise AddressRefused(reason)
        sock = self._connect_to(addresses, connect_timeout)
        if deadline is not None:
            deadline.watch(sock)  # before TLS: a stalled handshake is cut short too
        return sock

    def _connect_to(self, addresses: list[str], timeout: float | None) -> socket.socket:
        last_error: OSError | None = None
        for address in addresses:
            try:
                sock = socket.create_connection((address, self.port), timeout, self.source_address)
            except TimeoutError as exc:
                raise ConnectTimeoutError(self, f"connection to {self.host} timed out ({timeout} s)") from exc
            except OSError as exc:
                last_error = exc
                continue
            for option in self.socket_options or ():
                sock.setsockopt(*option)
            return sock
        message = f"failed to connect to {self.host}: {last_error}"
        raise NewConnectionError(self, message)  # type: ignore[arg-type]

    def request(self, *args: Any, **kwargs: Any) -> Any:
        if self.sock is not None:  # a pooled connection: check it for this exchange too
            origin = self._origin()
            if not is_trusted(origin):
                try:
                    peer = self.sock.getpeername()[0]
                except OSError:
                    peer = None
                reason = refusal(origin.host, peer) if peer else None
                if reason:
                    raise AddressRefused(reason)
            deadline = _deadline.get()
            if deadline is not None:
                deadline.watch(self.sock)
        return super().request(*args, **kwargs)  # type: ignore[misc]


class GuardedHTTPConnection(_GuardedConnection, HTTPConnection):
    scheme = "http"


class GuardedHTTPSConnection(_GuardedConnection, HTTPSConnection):
    scheme = "https"


class GuardedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class GuardedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


class GuardedAdapter(requests.adapters.HTTPAdapter):
    """A requests adapter whose pools connect only through the guarded connections."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": GuardedHTTPConnectionPool,
            "https": GuardedHTTPSConnectionPool,
        }


def guarded_session() -> requests.Session:
    """A requests session that connects only through the guard and never follows redirects itself."""
    session = requests.Session()
    # An environment proxy would hide the real target from the guard (we would only see the proxy).
    session.trust_env = False
    adapter = GuardedAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


__all__ = [
    "AddressRefused", "Deadline", "Origin", "forbidden_reason", "guarded", "guarded_session",
    "GuardedHTTPConnectionPool", "GuardedHTTPSConnectionPool", "refusal", "resolve",
]
