"""Hostile stores against the HTTP client: redirects into our network, loops, stalls and floods.

Real sockets throughout: the sample store's hostile modes, and a second local server standing in
for something on our own network that a store must never reach through us.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import scrapers
from scrapers import netguard
from scrapers.errors import RedirectRefused, ResponseTooLarge, StoreUnreachable, UnreadablePage
from scrapers.http import HttpClient
from scrapers.sample_store import SampleStoreServer
from scraper_fixtures import FAST

SEARCH = "/search/suggest.json?q=Sol+Ring"


class InternalService:
    """Something on our own network (a database admin page, a metadata service): it counts visitors."""

    def __init__(self) -> None:
        self.visits = 0
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, so a client may pool the connection

            def do_GET(self) -> None:
                service.visits += 1
                body = b'{"products": [{"title": "Lightning Bolt", "secret": "hunter2"}]}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def internal_service() -> Iterator[InternalService]:
    service = InternalService()
    thread = threading.Thread(target=service.server.serve_forever, daemon=True)
    thread.start()
    yield service
    service.server.shutdown()
    service.server.server_close()


def in_store_scope(client: HttpClient, store: SampleStoreServer, platform: str = "shopify"):
    return client.store_scope(store.store_config(platform).trusted_urls())


# --- redirects ---------------------------------------------------------------------------------------


def test_a_redirect_to_another_port_on_our_own_host_is_refused_and_never_sent(
    sample_store, client, internal_service
) -> None:
    sample_store.set_fault("shopify", hostile="redirect_private", redirect_to=internal_service.url + "/secret")
    with in_store_scope(client, sample_store), pytest.raises(RedirectRefused) as caught:
        client.get(sample_store.base_url("shopify") + SEARCH)
    assert internal_service.visits == 0
    assert f"sent us to {internal_service.url}/secret, which we do not follow" in caught.value.reason
    assert "loopback address" in caught.value.reason


def test_a_redirect_into_our_network_is_a_store_error_with_the_reason(sample_store, internal_service) -> None:
    sample_store.set_fault("shopify", hostile="redirect_private", redirect_to=internal_service.url + "/secret")
    result = scrapers.search(sample_store.store_config("shopify"), "Lightning Bolt", client=HttpClient(FAST))
    assert result.status == "error" and result.offers == []
    assert "which we do not follow" in result.reason
    assert internal_service.visits == 0


def test_a_redirect_to_a_name_that_resolves_to_our_network_is_refused(sample_store, client) -> None:
    # By default the mode redirects to this very server under the name "localhost": another origin.
    sample_store.set_fault("shopify", hostile="redirect_private")
    with in_store_scope(client, sample_store), pytest.raises(RedirectRefused, match="localhost resolves to"):
        client.get(sample_store.base_url("shopify") + SEARCH)
    assert sample_store.requests("shopify") == 1  # the control page behind the redirect was never asked


def test_a_redirect_within_the_stores_own_origin_is_followed(sample_store, client) -> None:
    target = sample_store.base_url("shopify") + SEARCH
    sample_store.set_fault("shopify", hostile="redirect_private", redirect_to=target, times=1)
    with in_store_scope(client, sample_store):
        response = client.get(sample_store.base_url("shopify") + "/moved")
    assert response.status == 200 and response.url == target
    assert response.json()["resources"]["results"]["products"]


def test_a_redirect_loop_ends_after_five_redirects(sample_store, client) -> None:
    sample_store.set_fault("shopify", hostile="redirect_loop")
    with in_store_scope(client, sample_store), pytest.raises(UnreadablePage, match="more than 5 times"):
        client.get(sample_store.base_url("shopify") + SEARCH)
    assert sample_store.requests("shopify") == 6  # the first request and five redirects


def test_a_redirect_to_a_script_url_is_refused(sample_store, client) -> None:
    sample_store.set_fault("shopify", hostile="redirect_private", redirect_to="javascript:alert(1)")
    with in_store_scope(client, sample_store), pytest.raises(RedirectRefused, match="not a web address"):
        client.get(sample_store.base_url("shopify") + SEARCH)


def test_a_pooled_connection_to_one_store_is_not_reused_for_another_stores_redirect(
    sample_store, client, internal_service
) -> None:
    # The internal service is trusted while it is "store A" and gets a keep-alive connection...
    with client.store_scope([internal_service.url]):
        assert client.get(internal_service.url + "/products").status == 200
    # ...but store B redirecting there is refused all the same.
    sample_store.set_fault("shopify", hostile="redirect_private", redirect_to=internal_service.url + "/secret")
    with in_store_scope(client, sample_store), pytest.raises(RedirectRefused):
        client.get(sample_store.base_url("shopify") + SEARCH)
    assert internal_service.visits == 1


# --- addresses ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("address, words", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
    ("169.254.169.254", "link-local"), ("::ffff:127.0.0.1", "loopback"), ("0.0.0.0", "unspecified"),
    ("100.64.0.1", "not a public"), ("224.0.0.1", "not a public"),
])
def test_every_kind_of_non_public_address_is_refused(address, words) -> None:
    assert words in netguard.refusal("internal.example", address)


def test_a_public_address_is_allowed() -> None:
    assert netguard.refusal("store.example", "8.8.8.8") is None


def test_a_name_with_one_private_answer_among_public_ones_is_refused(monkeypatch, sample_store, client) -> None:
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "mixed.example.test":  # a made-up name: public first, then our own host
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ("8.8.8.8", "127.0.0.1")]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    port = sample_store.server_address[1]
    sample_store.set_fault("shopify", hostile="redirect_private", redirect_to=f"http://mixed.example.test:{port}/")
    with in_store_scope(client, sample_store), pytest.raises(RedirectRefused, match="resolves to 127.0.0.1"):
        client.get(sample_store.base_url("shopify") + SEARCH)


# --- deadlines and sizes -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["hang", "trickle"])
def test_a_stalling_store_ends_at_the_request_deadline(sample_store, make_client, mode) -> None:
    # The per-read timeout (30 s) never fires against a trickle; only the wall-clock deadline does.
    client = make_client(read_timeout=30.0, total_timeout=1.0, retries=0)
    sample_store.set_fault("shopify", hostile=mode, trickle_seconds=0.2)
    with pytest.raises(StoreUnreachable, match="took longer than 1 s to answer"):
        client.get(sample_store.base_url("shopify") + SEARCH)


def test_a_search_ends_within_its_budget_however_many_requests_it_needs(sample_store) -> None:
    client = HttpClient(scrapers.ClientSettings(**{**FAST.__dict__, "read_timeout": 30.0, "total_timeout": 30.0}))
    sample_store.set_fault("shopify", hostile="trickle", trickle_seconds=0.2)
    result = scrapers.search(sample_store.store_config("shopify"), "Lightning Bolt", client=client, seconds=1.5)
    assert result.status == "error"
    assert result.reason == "the store took longer than 1.5 s in all"


def test_a_fifty_megabyte_answer_is_cut_off_at_the_size_cap(sample_store, client) -> None:
    sample_store.set_fault("shopify", hostile="huge")
    with pytest.raises(ResponseTooLarge, match="more than 0.25 MB"):
        client.get(sample_store.base_url("shopify") + SEARCH)


def test_a_deadline_shuts_a_watched_socket_and_wakes_its_reader() -> None:
    left, right = socket.socketpair()
    with left, right, netguard.Deadline(0.2) as deadline:
        deadline.watch(left)
        assert left.recv(10) == b""  # woken by the shutdown, not by data from `right`
        assert deadline.expired
