from __future__ import annotations

import socket
import threading
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
import requests

from scrapers.errors import RateLimited, ResponseTooLarge, StoreHttpError, StorePaused, StoreUnreachable
from scrapers.http import USER_AGENT, HttpClient, LocalRateLimiter
from scraper_fixtures import FAST


def suggest_url(server) -> str:
    return server.base_url("shopify") + "/search/suggest.json?q=%22Sol+Ring%22"


def test_it_retries_a_server_error_and_returns_the_next_answer(sample_store, client, sleeps) -> None:
    sample_store.set_fault("shopify", status=503, times=1)
    response = client.get(suggest_url(sample_store), requests_per_second=1000)
    assert response.status == 200
    assert sample_store.requests("shopify") == 2 and client.requests_made == 2
    assert len(sleeps) == 1 and 0 < sleeps[0] <= FAST.max_backoff


def test_it_waits_as_long_as_retry_after_asks_when_that_is_short(sample_store, client, sleeps) -> None:
    sample_store.set_fault("shopify", status=429, retry_after="7", times=1)
    assert client.get(suggest_url(sample_store), requests_per_second=1000).status == 200
    assert 7.0 in sleeps


def test_it_gives_up_with_retry_at_when_retry_after_is_too_long(sample_store, client) -> None:
    sample_store.set_fault("shopify", status=429, retry_after="600")
    before = datetime.now(timezone.utc)
    with pytest.raises(RateLimited) as caught:
        client.get(suggest_url(sample_store))
    assert sample_store.requests("shopify") == 1
    assert caught.value.retry_at is not None
    assert timedelta(seconds=590) < caught.value.retry_at - before < timedelta(seconds=610)
    assert "rate-limiting us, retrying at" in caught.value.reason


def test_it_honours_retry_after_given_as_an_http_date(sample_store, client) -> None:
    moment = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(hours=1)
    sample_store.set_fault("shopify", status=429, retry_after=format_datetime(moment, usegmt=True))
    with pytest.raises(RateLimited) as caught:
        client.get(suggest_url(sample_store))
    assert caught.value.retry_at is not None
    assert abs((caught.value.retry_at - moment).total_seconds()) < 5


def test_it_pauses_a_rate_limited_host_until_retry_at_without_sending(sample_store, client) -> None:
    sample_store.set_fault("shopify", status=429, retry_after="600")
    with pytest.raises(RateLimited):
        client.get(suggest_url(sample_store))
    sample_store.set_fault("shopify")  # the store is fine again, but we promised to wait
    with pytest.raises(StorePaused) as caught:
        client.get(suggest_url(sample_store))
    assert sample_store.requests("shopify") == 1
    assert caught.value.retry_at is not None


def test_it_reports_a_persistent_server_error_after_retrying(sample_store, client) -> None:
    sample_store.set_fault("shopify", status=503)
    with pytest.raises(StoreHttpError) as caught:
        client.get(suggest_url(sample_store))
    assert caught.value.status == 503 and "server error (HTTP 503)" in caught.value.reason
    assert sample_store.requests("shopify") == FAST.retries + 1


def test_a_failing_host_is_still_called_the_store_health_decides_pauses(sample_store, make_client) -> None:
    # The client keeps no failure count of its own: pausing a failing store is `Store.record_check`'s
    # call, one rule for every worker (tests/test_store_health.py).
    client = make_client(retries=0)
    sample_store.set_fault("shopify", status=502)
    for _ in range(4):
        with pytest.raises(StoreHttpError):
            client.get(suggest_url(sample_store))
    assert sample_store.requests("shopify") == 4


def test_a_client_sharing_the_limiter_sends_nothing_while_the_host_asked_to_wait(
    sample_store, fake_time
) -> None:
    # Two clients on one limiter stand for two workers on the shared (cache) limiter.
    limiter = LocalRateLimiter(fake_time.clock)
    first, second = (HttpClient(FAST, limiter=limiter, clock=fake_time.clock, sleep=fake_time.sleep)
                     for _ in range(2))
    sample_store.set_fault("shopify", status=429, retry_after="600")
    with pytest.raises(RateLimited):
        first.get(suggest_url(sample_store))
    sample_store.set_fault("shopify")
    with pytest.raises(StorePaused) as caught:
        second.get(suggest_url(sample_store))
    assert sample_store.requests("shopify") == 1 and second.requests_made == 0
    assert "asked us to wait" in caught.value.reason


def test_a_short_retry_after_makes_every_client_on_the_limiter_wait_it_out(sample_store, fake_time) -> None:
    limiter = LocalRateLimiter(fake_time.clock)
    first, second = (HttpClient(FAST, limiter=limiter, clock=fake_time.clock, sleep=fake_time.sleep)
                     for _ in range(2))
    sample_store.set_fault("shopify", status=429, retry_after="7", times=1)
    limiter.hold("other-host", 100)  # a hold is per host
    assert first.get(suggest_url(sample_store), requests_per_second=1000).status == 200
    assert 7.0 in fake_time.sleeps
    limiter.hold(urlsplit(sample_store.url).netloc, 5)
    assert second.get(suggest_url(sample_store), requests_per_second=1000).status == 200
    assert fake_time.sleeps[-1] == pytest.approx(5.0)


def test_a_503_with_retry_after_holds_the_host_like_a_429(sample_store, client) -> None:
    sample_store.set_fault("shopify", status=503, retry_after="600")
    with pytest.raises(RateLimited) as caught:
        client.get(suggest_url(sample_store))
    assert "HTTP 503" in caught.value.reason and caught.value.retry_at is not None
    sample_store.set_fault("shopify")
    with pytest.raises(StorePaused):
        client.get(suggest_url(sample_store))
    assert sample_store.requests("shopify") == 1


def test_a_hold_only_grows_and_no_slot_is_booked_inside_it(fake_time) -> None:
    limiter = LocalRateLimiter(fake_time.clock)
    limiter.hold("a", 60)
    limiter.hold("a", 10)  # a shorter Retry-After from another request does not cut it short
    assert limiter.held_for("a") == 60 and limiter.held_for("b") == 0
    assert limiter.reserve("a", 1.0) == 60 and limiter.reserve("a", 1.0) == 61
    fake_time.sleep(60)
    assert limiter.held_for("a") == 0


def test_it_retries_a_throttle_page_flagged_by_the_platform(sample_store, client) -> None:
    sample_store.set_fault("crystal_commerce", too_many_searches=True, times=1)
    url = sample_store.base_url("crystal_commerce") + "/products/search?q=sol+ring"
    response = client.get(url, is_throttled=lambda r: b"too many searches" in r.content.lower())
    assert b"Sol Ring" in response.content
    assert sample_store.requests("crystal_commerce") == 2


def test_it_aborts_a_streamed_body_larger_than_the_cap(sample_store, client) -> None:
    sample_store.set_fault("shopify", oversized_bytes=2 * 1024 * 1024)
    with pytest.raises(ResponseTooLarge, match=r"the store sent more than 0.25 MB"):
        client.get(suggest_url(sample_store))
    assert sample_store.requests("shopify") == 1  # not retried: it would be as large again


def test_it_refuses_a_declared_length_over_the_cap(sample_store, make_client) -> None:
    client = make_client(max_bytes=200)
    with pytest.raises(ResponseTooLarge):
        client.get(sample_store.base_url("crystal_commerce") + "/products/search?q=sol+ring")


def test_it_times_out_a_store_that_hangs_and_retries(sample_store, make_client) -> None:
    # A whole-request budget far above three 0.4 s attempts: on a busy machine the attempts still
    # all happen, and each is cut at the read timeout (the reason says so), not at the store's 1 s.
    client = make_client(total_timeout=60.0)
    sample_store.set_fault("shopify", hang_seconds=1.0)
    with pytest.raises(StoreUnreachable, match="did not answer within 0.4 s"):
        client.get(suggest_url(sample_store))
    assert sample_store.requests("shopify") == FAST.retries + 1


def test_it_reports_a_refused_connection_as_unreachable(client) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(StoreUnreachable, match=r"^store unreachable: could not connect \(connection refused\)$"):
        client.get(f"http://127.0.0.1:{port}/search")
    assert client.requests_made == FAST.retries + 1


def test_a_store_that_sends_its_headers_then_nothing_did_not_answer_rather_than_could_not_connect(
    sample_store, make_client
) -> None:
    # Issue 21 item 4: requests reports a body's read timeout as a ConnectionError; the player is
    # told the store did not answer in time, as when it sends nothing at all, not that the
    # connection failed. The request deadline is far off: the read timeout is what fires.
    client = make_client(total_timeout=60.0, retries=0)
    sample_store.set_fault("shopify", hostile="hang")
    with pytest.raises(StoreUnreachable) as caught:
        client.get(suggest_url(sample_store))
    assert caught.value.reason == "the store did not answer within 0.4 s"


def test_it_explains_a_dns_failure(sleeps) -> None:
    class NoDns(requests.Session):
        def request(self, *args, **kwargs):
            raise requests.ConnectionError("NameResolutionError: Failed to resolve 'store.invalid'")

    client = HttpClient(FAST, session_factory=NoDns, sleep=sleeps.append)
    with pytest.raises(StoreUnreachable, match=r"could not be found \(DNS\)"):
        client.get("http://store.invalid/search")


def test_it_sends_a_browser_like_user_agent_naming_the_project(sample_store, client, make_client) -> None:
    assert USER_AGENT.startswith("Mozilla/5.0 (compatible; LGSStockChecker/")
    url = sample_store.base_url("tcgplayer_pro") + "/api/inventory/skus?productIds=200001"
    assert client.get(url).status == 200
    bot = HttpClient(FAST, user_agent="python-requests/2.32")
    with pytest.raises(StoreHttpError, match="refused our request") as caught:
        bot.get(url)
    assert caught.value.status == 403


def test_it_lets_the_caller_handle_chosen_statuses(sample_store, client) -> None:
    response = client.get(sample_store.base_url("shopify") + "/products/gone.js", allow_statuses=(404,))
    assert response.status == 404


def test_it_spaces_requests_to_one_host_by_the_rate_limit() -> None:
    now = [100.0]
    limiter = LocalRateLimiter(clock=lambda: now[0])
    assert [limiter.reserve("a", 0.5) for _ in range(3)] == [0.0, 0.5, 1.0]
    assert limiter.reserve("b", 0.5) == 0.0
    now[0] += 10
    assert limiter.reserve("a", 0.5) == 0.0


def test_it_sleeps_between_requests_at_the_stores_rate(sample_store, client, sleeps) -> None:
    for _ in range(3):
        client.get(suggest_url(sample_store), requests_per_second=2.0)
    assert sleeps == [0.5, 0.5]


class _InFlightSite(ThreadingHTTPServer):
    """Holds each GET until it holds three at once (or a second has passed), then answers; keeps the
    most requests it ever held at once. Waiting for the others, not for a fixed time, makes the
    count independent of how busy the machine is."""

    daemon_threads = True
    HOLD_UNTIL = 3

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _InFlightHandler)
        self.changed = threading.Condition()
        self.in_flight = self.peak = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/search/suggest.json"


class _InFlightHandler(BaseHTTPRequestHandler):
    server: _InFlightSite

    def do_GET(self) -> None:
        site = self.server
        with site.changed:
            site.in_flight += 1
            site.peak = max(site.peak, site.in_flight)
            site.changed.notify_all()
            site.changed.wait_for(lambda: site.peak >= site.HOLD_UNTIL, timeout=1.0)
            site.in_flight -= 1
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.mark.parametrize("cap", [1, 3])
def test_it_caps_concurrent_requests_per_host(make_client, cap) -> None:
    # Counted at the store, not timed: the most requests it held at once is the cap.
    site = _InFlightSite()
    serving = threading.Thread(target=site.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    serving.start()
    try:
        client = make_client(max_concurrent_per_host=cap, read_timeout=5.0, total_timeout=30.0)
        threads = [threading.Thread(target=client.get, args=(site.url,), kwargs={"requests_per_second": 0})
                   for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        site.shutdown()
        site.server_close()
    assert site.peak == cap


def test_it_counts_requests_made_inside_a_block_only(sample_store, client) -> None:
    client.get(suggest_url(sample_store))
    with client.count_requests() as counter:
        client.get(suggest_url(sample_store))
        client.get(suggest_url(sample_store))
    assert counter.count == 2 and client.requests_made == 3


def test_it_serves_cached_pages_without_a_request(sample_store, client) -> None:
    url = sample_store.base_url("crystal_commerce") + "/catalog/magic_singles-x/lightning-bolt/50"
    first = client.get(url, cache_seconds=60)
    second = client.get(url, cache_seconds=60)
    assert first.content == second.content and sample_store.requests("crystal_commerce") == 1
