"""Which pages may open the dashboard's WebSocket: the site's own origins, compared exactly.

A browser sends the session cookie with a WebSocket handshake whatever page opened it, so the
`Origin` header is the only thing that stops another site (or another port on the same host) from
talking to /ws/ as the signed-in user. Channels' `AllowedHostsOriginValidator` compares host
names only, which let `http://127.0.0.1:19299` in when the site was `http://127.0.0.1:8000`.

The site's own origin is derived the way Django's CSRF check derives it for a form post:

- the handshake's own `Host` header, which must be in ALLOWED_HOSTS, with its port;
- the scheme `https` when the connection is `wss` or the proxy says so through
  SECURE_PROXY_SSL_HEADER (the PaaS router's `X-Forwarded-Proto: https`), otherwise `http`;
- plus every origin in CSRF_TRUSTED_ORIGINS (scheme, host and port; `https://*.example.com`
  allows subdomains), for a site reached under more than one name.

Scheme, host and port must all match (default ports are implied). A handshake without an
`Origin` header, with `Origin: null`, or for a host not in ALLOWED_HOSTS is refused (HTTP 403).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}


def normalised_origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin or URL, or None when it is not an http(s) origin."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS or not host:
        return None
    return scheme, host, port or DEFAULT_PORTS[scheme]


def handshake_scheme(scope: dict, headers: dict[bytes, bytes]) -> str:
    if scope.get("scheme") in {"wss", "https"}:
        return "https"
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:
        name, secure_value = proxy_header
        # Django's META name (HTTP_X_FORWARDED_PROTO) back to the header (x-forwarded-proto).
        header = name.removeprefix("HTTP_").replace("_", "-").lower().encode("latin1")
        value = headers.get(header, b"").decode("latin1").split(",")[0].strip()
        if value == secure_value:
            return "https"
    return "http"


def own_origin(scope: dict, headers: dict[bytes, bytes]) -> tuple[str, str, int] | None:
    """The origin of the site as this handshake reached it, if its Host is one of ours."""
    host = headers.get(b"host", b"").decode("latin1")
    domain, _ = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    return normalised_origin(f"{handshake_scheme(scope, headers)}://{host}")


def trusted(origin: tuple[str, str, int], pattern: str) -> bool:
    """One CSRF_TRUSTED_ORIGINS entry: exact, or `scheme://*.domain[:port]` for its subdomains."""
    wildcard = "://*." in pattern
    expected = normalised_origin(pattern.replace("://*.", "://", 1))
    if expected is None:
        return False
    scheme, host, port = origin
    if (scheme, port) != (expected[0], expected[2]):
        return False
    return host.endswith("." + expected[1]) if wildcard else host == expected[1]


def origin_allowed(scope: dict) -> bool:
    headers = dict(scope.get("headers", []))
    origin = normalised_origin(headers.get(b"origin", b"").decode("latin1"))
    if origin is None:
        return False
    if origin == own_origin(scope, headers):
        return True
    return any(trusted(origin, pattern) for pattern in settings.CSRF_TRUSTED_ORIGINS)


class SiteOriginValidator:
    """ASGI middleware: refuse a WebSocket handshake whose Origin is not one of the site's own."""

    def __init__(self, application) -> None:
        self.application = application
        self.denier = WebsocketDenier.as_asgi()

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await self.denier(scope, receive, send)
        return await self.application(scope, receive, send)
