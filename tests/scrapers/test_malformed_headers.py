"""A store that sends malformed HTTP headers leaves one warning line naming the store and the reason,
not urllib3's "Failed to parse headers" traceback, and its answer is read as it was before.

The hostile store is a raw socket server (no HTTP library would send these bytes) that answers each
request with the sample store's own answer for the same path behind a broken header block."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import requests
from scraper_fixtures import FAST

import scrapers
from scrapers.http import HttpClient
from scrapers.sample_store import sample_store_definitions
from scrapers.store import StoreConfig


class HostileHeaders:
    """Answers `GET <path>` with the body `body_for(path)` behind `header_block`, then closes."""

    def __init__(self, header_block: bytes, body_for) -> None:
        self.header_block, self.body_for = header_block, body_for
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return  # closed: the test is over
            with conn:
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    request += chunk
                path = request.split(b" ", 2)[1].decode() if request.count(b" ") >= 2 else "/"
                conn.sendall(b"HTTP/1.1 200 OK\r\n" + self.header_block + b"\r\n" + self.body_for(path))


@contextmanager
def hostile_store(header_block: bytes, body_for) -> Iterator[HostileHeaders]:
    server = HostileHeaders(header_block, body_for)
    server.thread.start()
    try:
        yield server
    finally:
        server.sock.close()


def sample_body(sample_store):
    """The sample store's answer for the same path: what the store would have said."""
    return lambda path: requests.get(sample_store.url + path, timeout=10).content


def woocommerce_at(url: str) -> StoreConfig:
    definition = next(d for d in sample_store_definitions(url) if d["platform"] == "woocommerce")
    return StoreConfig("hostile", "Hostile", "woocommerce", definition["base_url"], definition["settings"], "CLP", 1000)


def warnings(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


MALFORMED = {
    "a line without a colon": (b"Content-Type: application/json\r\nThis line has no colon\r\nX-A: 1\r\n",
                               "a line that is not a header ('This line has no colon')"),
    "a header name with spaces": (b"Content-Type: application/json\r\nBad Header Name: x\r\n",
                                  "a line that is not a header ('Bad Header Name: x')"),
    "non-ASCII junk": (b"Content-Type: application/json\r\nX-\xff\xfe: \xe9junk\r\n\xc3\xa9t\xc3\xa9\r\n",
                       "a line that is not a header ('X-\\xff\\xfe: \\xe9junk')"),
    "a NUL in a name": (b"Content-Type: application/json\r\nX-A\x00b: 1\r\n",
                        "a line that is not a header ('X-A\\x00b: 1')"),
    "bare LF endings around junk": (b"Content-Type: application/json\nJunk\n",
                                    "a line that is not a header ('Junk')"),
    "a first line starting with a space": (b" Folded: x\r\nContent-Type: application/json\r\n",
                                           "the first header line starts with a space"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_headers_leave_one_line_naming_the_store_and_the_check_still_reads_the_body(
    case, sample_store, caplog
) -> None:
    header_block, reason = MALFORMED[case]
    with hostile_store(header_block, sample_body(sample_store)) as hostile, caplog.at_level(logging.WARNING):
        result = scrapers.search(woocommerce_at(hostile.url), "Sol Ring", HttpClient(FAST))

    assert result.status == "ok" and len(result.offers) == 2, result.reason  # as the sample store answers
    [line] = warnings(caplog)
    host = hostile.url.split("://", 1)[1]
    assert line.getMessage() == f"store {host} sent malformed HTTP headers: {reason}" + (
        "; the headers after it were ignored" if reason.startswith("a line") else "")
    assert line.exc_info is None and "\n" not in line.getMessage()


def maintenance_page(path: str) -> bytes:
    return b"<html><body>Down for maintenance</body></html>"


def test_a_body_we_cannot_read_behind_malformed_headers_is_a_store_error_and_one_line(caplog) -> None:
    with hostile_store(b"Content-Type: text/html\r\nno colon here\r\n", maintenance_page) as hostile, \
            caplog.at_level(logging.WARNING):
        result = scrapers.search(woocommerce_at(hostile.url), "Sol Ring", HttpClient(FAST))
    assert result.status == "error" and result.reason == "WooCommerce answer not recognised: not JSON"
    [line] = warnings(caplog)
    assert line.name == "scrapers.http" and line.exc_info is None


def test_well_formed_headers_with_bare_lf_endings_log_nothing(sample_store, caplog) -> None:
    with hostile_store(b"Content-Type: application/json\nX-WP-TotalPages: 1\n", sample_body(sample_store)) \
            as hostile, caplog.at_level(logging.WARNING):
        result = scrapers.search(woocommerce_at(hostile.url), "Sol Ring", HttpClient(FAST))
    assert result.status == "ok" and len(result.offers) == 2
    assert warnings(caplog) == []
