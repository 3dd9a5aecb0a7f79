"""Hostile modes of the sample store: a shop that attacks or stalls the scraper instead of failing.

Switched on like any fault, per platform: `server.set_fault("woocommerce", hostile="script")`, or
`POST /_control {"platform": "woocommerce", "fault": {"hostile": "trickle"}}`. Two kinds:

Content modes rewrite the normal answer, so parsers still find the card in it:
    script          every link becomes `javascript:…`, every text gains markup (`<script>`, `<img onerror>`)
    long            every text gains 5,000 characters; every link becomes a 1,500-character https URL
    bad_currency    currency codes become "EURO" (JSON answers that carry one: WooCommerce)
    bad_utf8        texts gain invalid UTF-8 bytes, a NUL and a lone surrogate escape
    html_for_json   a JSON endpoint answers with an HTML page (status 200)

Listing modes answer the listing themselves:
    endless         `/products.json` (Shopify, BinderPOS) answers a full page at every page number,
                    for ever: the catalog again and again under new handles

Transport modes take over the connection:
    hang            headers, then nothing (until the server stops)
    trickle         the whole answer, headers included, one byte every `trickle_seconds`
    huge            a 50 MB body, generated while streaming, without Content-Length
    redirect_loop   302 to the same URL, for ever
    redirect_private  302 to `redirect_to`, or by default to this server's control page under the
                    name "localhost" (another origin that resolves to a loopback address)

Markup is added inside a trailing "[…]" group: stores decorate names that way, so the listing still
matches the card and the test sees the hostile text reach the offer.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from scrapers.sample_store import catalog
from scrapers.sample_store.routes import Reply, Request, as_json

if TYPE_CHECKING:
    from scrapers.sample_store.server import Fault, _Handler

CONTENT_MODES = ("script", "long", "bad_currency", "bad_utf8", "html_for_json")
TRANSPORT_MODES = ("hang", "trickle", "huge", "redirect_loop", "redirect_private")
LISTING_MODES = ("endless",)
MODES = CONTENT_MODES + LISTING_MODES + TRANSPORT_MODES

SCRIPT_URL = "javascript:fetch('/account/').then(r=>r.text()).then(alert)"
SCRIPT_TEXT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
HUGE_BYTES = 50 * 1024 * 1024
_INVALID_MARK = "@@INVALID-UTF8@@"
_INVALID_BYTES = b"\xff\xfe\xc3("  # never valid UTF-8
# JSON keys whose strings the parsers use as identifiers or numbers, which stay as they are.
_KEEP_KEYS = {"handle", "id", "sku", "barcode", "status", "type", "product_type", "currency_minor_unit",
              "currency_decimal_separator", "currency_thousand_separator", "currency_symbol", "storeUrl",
              "categories", "tags", "taxonomy", "slug", "class"}
_URL_KEY = re.compile(r"url|link|href|image|src|permalink", re.IGNORECASE)
_NUMBER = re.compile(r"^-?[\d.,]+$")


def check_mode(mode: str | None) -> None:
    if mode is not None and mode not in MODES:
        raise ValueError(f"unknown hostile mode {mode!r}; one of {', '.join(MODES)}")


# -- content modes -------------------------------------------------------------------------------------


def rewrite(mode: str, reply: Reply) -> Reply:
    """The normal `reply`, made hostile."""
    is_json = reply.content_type.startswith("application/json")
    if mode == "html_for_json":
        if not is_json:
            return reply
        page = b"<!DOCTYPE html><html><body><h1>Welcome!</h1><p>Our new shop opens soon.</p></body></html>"
        return Reply(200, page, "text/html; charset=utf-8", reply.headers)
    if is_json:
        data = _walk(mode, json.loads(reply.body), key="")
        body = json.dumps(data).encode("utf-8").replace(_INVALID_MARK.encode(), _INVALID_BYTES)
        return Reply(reply.status, body, reply.content_type, reply.headers)
    page = _rewrite_html(mode, reply.body.decode("utf-8"))
    return Reply(reply.status, page, reply.content_type, reply.headers)


def _walk(mode: str, value: Any, key: str) -> Any:
    if key in _KEEP_KEYS:
        return value
    if isinstance(value, dict):
        # An attribute's own name ("Condición") is how parsers find its value: keep it.
        keep = {"name"} if key == "attributes" else set()
        return {k: v if k in keep else _walk(mode, v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(mode, item, key) for item in value]
    if not isinstance(value, str):
        return value
    if key.startswith("currency_code") or key == "currency":
        return "EURO" if mode == "bad_currency" else value
    if _URL_KEY.search(key):
        return hostile_url(mode, value)
    if not value.strip() or _NUMBER.match(value):
        return value
    return value + _decoration(mode)


def hostile_url(mode: str, url: str) -> str:
    """A link made hostile; the original stays inside it, since parsers recognise products by
    their paths ("magic_singles")."""
    if mode == "script":
        return f"{SCRIPT_URL}//{url}"
    if mode == "long":
        return url + ("&" if "?" in url else "?") + "pad=" + "a" * 1500
    return url


def _decoration(mode: str) -> str:
    if mode == "script":
        return f" [{SCRIPT_TEXT}]"
    if mode == "long":
        return " [" + "x" * 5000 + "]"
    if mode == "bad_utf8":
        return f" [{_INVALID_MARK}\u0000\udc80]"
    return ""


def _rewrite_html(mode: str, page: str) -> bytes:
    def link(match: re.Match[str]) -> str:
        if "page=" in match.group(2):
            return match.group(0)  # keep pagination working
        return f'{match.group(1)}="{hostile_url(mode, match.group(2))}"'

    page = re.sub(r'\b(href|src)="([^"]*)"', link, page)
    decoration = {"script": " [&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;]",
                  "long": " [" + "x" * 5000 + "]", "bad_utf8": f" [{_INVALID_MARK}&#0;]"}.get(mode, "")
    page = re.sub(r">([^<>]*[A-Za-z][^<>]*)<", lambda m: f">{m.group(1)}{decoration}<", page)
    return page.encode("utf-8").replace(_INVALID_MARK.encode(), _INVALID_BYTES)


# -- listing modes ------------------------------------------------------------------------------------


def listing(mode: str, request: Request) -> Reply | None:
    """The listing page `mode` answers instead of the store's, or None for any other request."""
    if mode == "endless" and request.path == "/products.json":
        return as_json(catalog.shopify_endless_page(request.int_arg("page", 1), request.int_arg("limit", 30)))
    return None


# -- transport modes ----------------------------------------------------------------------------------


def take_over(handler: _Handler, fault: Fault, normal: Reply) -> None:
    """Answer the request the hostile way `fault.hostile` names; `normal` is what a shop would send."""
    mode = fault.hostile
    try:
        if mode == "hang":
            _write_head(handler, 200, {"Content-Type": normal.content_type, "Content-Length": "100000"})
            handler.server.stopping.wait(3600)
        elif mode == "trickle":
            _trickle(handler, normal, fault.trickle_seconds)
        elif mode == "huge":
            _stream_huge(handler)
        elif mode in ("redirect_loop", "redirect_private"):
            _redirect(handler, handler.path if mode == "redirect_loop" else _private_target(handler, fault))
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client gave up, as it should


def _write_head(handler: _Handler, status: int, headers: dict[str, str]) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()


def _trickle(handler: _Handler, normal: Reply, seconds: float) -> None:
    head = (f"HTTP/1.1 200 OK\r\nContent-Type: {normal.content_type}\r\n"
            f"Content-Length: {len(normal.body)}\r\n\r\n").encode()
    handler.close_connection = True
    for byte in head + normal.body:
        if handler.server.stopping.wait(seconds):
            return
        handler.wfile.write(bytes([byte]))


def _stream_huge(handler: _Handler) -> None:
    _write_head(handler, 200, {"Content-Type": "application/json; charset=utf-8"})  # no Content-Length
    handler.close_connection = True
    chunk = b'{"filler": "' + b"x" * (64 * 1024 - 16) + b'"},\n'
    sent = 0
    handler.wfile.write(b'{"products": [\n')
    while sent < HUGE_BYTES and not handler.server.stopping.is_set():
        handler.wfile.write(chunk)
        sent += len(chunk)
    handler.wfile.write(b"{}]}")


def _private_target(handler: _Handler, fault: Fault) -> str:
    if fault.redirect_to:
        return fault.redirect_to
    port = handler.server.server_address[1]
    return f"http://localhost:{port}/_control"


def _redirect(handler: _Handler, location: str) -> None:
    _write_head(handler, 302, {"Location": location, "Content-Length": "0"})
