"""Alerts end to end: real checks saved through availability.checks, real Django-Q queue rows, Django's
mail outbox, and a real HTTP receiver on 127.0.0.1 standing in for Discord or Slack."""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from django_q.models import OrmQ
from django_q.signing import SignedPackage

import scrapers
from availability.alerts import detection
from availability.alerts.models import AlertSettings
from availability.checks import pipeline
from availability.checks.latest import write_history
from availability.checks.models import QueuedCheck, StoreCheck
from cards.wishlist.models import CardSpec, TrackedCard

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def offer(price: str = "42.00", *, condition: str = "NM", finish: str = "nonfoil", set_code: str = "M10",
          number: str = "146", language: str | None = "English", quantity: int | None = 2,
          currency: str = "CAD") -> scrapers.Offer:
    """One listing as a scraper returns it."""
    return scrapers.Offer(
        name="Lightning Bolt", set_name="Magic 2010", set_code=set_code, collector_number=number,
        finish=finish, condition=condition, condition_raw=condition, language=language, price=Decimal(price),
        currency=currency, quantity=quantity, url=f"https://shop.example.com/bolt-{set_code}-{finish}-{condition}",
        variant_id=None,
    )


def result(*offers: scrapers.Offer) -> scrapers.SearchResult:
    return scrapers.SearchResult.from_offers(list(offers), requests=1)


def error(reason: str = "the store timed out") -> scrapers.SearchResult:
    return scrapers.SearchResult.error(reason)


def scrape(monkeypatch, store, card, answer: scrapers.SearchResult) -> StoreCheck:
    """Run the worker's real scrape path, with the store answering `answer`."""
    monkeypatch.setattr(pipeline.scrapers, "search", lambda *args, **kwargs: answer)
    pipeline.scrape_and_record(store, card)
    return StoreCheck.objects.filter(store=store, card=card).order_by("-checked_at", "-pk").first()


def record(store, card, answer: scrapers.SearchResult, at: datetime) -> StoreCheck:
    """A check saved as the worker saves it, but at a chosen moment; then the alert hook runs."""
    check = write_history(store, card, answer, duration_ms=1)
    StoreCheck.objects.filter(pk=check.pk).update(checked_at=at)
    check.checked_at = at
    detection.on_check_completed(check)
    return check


def run_queued_tasks() -> list[str]:
    """Do what a qcluster worker does with the queue: run each queued task once, in order."""
    from django.utils.module_loading import import_string

    ran = []
    for check in QueuedCheck.objects.order_by("id"):  # checks wait in their own queue
        pipeline.check_store_card(check.store_id, check.card_id, max_age_seconds=check.max_age_seconds)
        check.delete()
        ran.append("availability.checks.pipeline.check_store_card")
    for queued in OrmQ.objects.order_by("id"):
        task = SignedPackage.loads(queued.payload)
        import_string(task["func"])(*task["args"], **task["kwargs"])
        queued.delete()
        ran.append(task["func"])
    return ran


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    """Users are made by the dozen here; hashing their passwords properly is not what is tested."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def one_alert_per_check(settings) -> None:
    """No rounds: each check's news is told at once, on its own (test_rounds.py tests the rounds)."""
    settings.ALERT_ROUND_SECONDS = 0


@pytest.fixture(autouse=True)
def pushes(monkeypatch) -> list[tuple[int, dict]]:
    """Live pushes, recorded (test_live_push.py sends them through a real channel layer instead)."""
    sent: list[tuple[int, dict]] = []
    monkeypatch.setattr(detection, "push_to_user", lambda user_id, message: sent.append((user_id, message)))
    return sent


@pytest.fixture
def shop(make_store):
    return make_store("hairy-tarantula", name="Hairy Tarantula", currency="CAD")


@pytest.fixture
def alert_settings(alice):
    return AlertSettings.objects.create(user=alice, enabled=True, enabled_at=LONG_AGO)


@pytest.fixture
def watched_bolt(alice, bolt, shop, choose, alert_settings) -> TrackedCard:
    """Alice wants one Lightning Bolt, any printing, shops at Hairy Tarantula, and has alerts on."""
    choose(alice, shop)
    tracked = TrackedCard.objects.create(user=alice, card=bolt, amount=1)
    TrackedCard.objects.filter(pk=tracked.pk).update(created_at=LONG_AGO)
    tracked.refresh_from_db()
    return tracked


@pytest.fixture
def want_foil_m10(watched_bolt) -> TrackedCard:
    CardSpec.objects.create(tracked_card=watched_bolt, set_code="m10", finish="foil")
    return watched_bolt


# --- a webhook receiver ----------------------------------------------------------------------------


@dataclass
class Receiver:
    """What a webhook receiver got, and how it should answer the next posts."""

    url: str = ""
    posts: list[dict] = field(default_factory=list)
    status: int = 204
    delay: float = 0.0
    headers: dict = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (Host header, path) of each post

    def texts(self) -> list[str]:
        return [post["text"] for post in self.posts]


@contextmanager
def serving(state: Receiver, tls: ssl.SSLContext | None = None) -> Iterator[int]:
    """Run a receiver on 127.0.0.1 (over TLS with `tls`) in a thread; yields its port."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.posts.append(json.loads(body))
            state.requests.append((self.headers["Host"], self.path))
            if state.delay:
                time.sleep(state.delay)
            self.send_response(state.status)
            for name, value in state.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address) -> None:
            pass  # a client that timed out or refused our certificate is what some tests are about

    server = Server(("127.0.0.1", 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def receiver(settings) -> Iterator[Receiver]:
    """A local HTTP server taking webhook posts, allowed through WEBHOOK_ALLOWED_HOSTS."""
    state = Receiver()
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.5
    with serving(state) as port:
        state.url = f"http://127.0.0.1:{port}/hooks/alerts"
        yield state


@pytest.fixture
def webhook_on(alert_settings, receiver) -> Receiver:
    alert_settings.webhook_url = receiver.url
    alert_settings.save()
    return receiver


@pytest.fixture
def email_on(alert_settings) -> AlertSettings:
    alert_settings.email_enabled = True
    alert_settings.save()
    return alert_settings


def at(text: str, zone: str = "UTC") -> datetime:
    """An aware moment from "2026-03-02 23:30" in a time zone."""
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def now() -> datetime:
    return timezone.now()


def settings_form(**changes) -> dict:
    """A complete, valid POST of the alert settings form, with some fields changed."""
    data = {
        "enabled": "on", "max_price": "", "min_condition": "", "language": "", "finish": "",
        "frequency": "immediate", "digest_hour": "8", "time_zone": "UTC", "quiet_start": "", "quiet_end": "",
        "webhook_url": "",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


@pytest.fixture
def resolver(monkeypatch) -> dict[str, str]:
    """DNS answers for made-up names (no test looks up a real one): set resolver[name] = address."""
    import socket

    from availability.alerts import webhooks

    answers: dict[str, str] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            family = socket.AF_INET6 if ":" in answers[host] else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (answers[host], port))]
        if host not in {"localhost", "127.0.0.1", "::1"} and not host[0].isdigit() and ":" not in host:
            raise AssertionError(f"a test tried to resolve {host}")
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(webhooks.socket, "getaddrinfo", getaddrinfo)
    return answers
