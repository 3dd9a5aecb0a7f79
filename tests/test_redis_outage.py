"""Redis down: the dashboard still renders from the database (the last recorded answers, said to be
such), sockets are refused until Redis is back, and then everything is live again without a restart."""

from __future__ import annotations

import asyncio
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlparse

import pytest
import requests
import websockets
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from availability.checks.models import LatestAnswer, Offer, StoreCheck
from cards.wishlist.models import TrackedCard
from tests.support.processes import (
    app_environment,
    create_users,
    daphne_command,
    free_port,
    manage,
    running,
    sign_in,
    wait_for_http,
)
from tests.support.services import require_redis
from tests.support.tcpproxy import cuttable_proxy
from tests.support.websocket import connect, receive_json, run
from tests.support.polling import wait_for

RECORDED = "these are the last recorded answers"


def record(store, card, at, price: str | None) -> None:
    """A check at `at`, as the worker records it: its history row and the pair's latest answer."""
    status = "ok" if price else "not_found"
    check = StoreCheck.objects.create(store=store, card=card, checked_at=at, status=status)
    offers = []
    if price:
        offer = Offer.objects.create(
            store_check=check, name="Lightning Bolt", set_name="Magic 2010", set_code="M10",
            collector_number="146", finish="nonfoil", condition="NM", price=Decimal(price),
            currency="CAD", quantity=3, url="https://sample.example/bolt")
        offers = [{"name": offer.name, "set_name": offer.set_name, "set_code": offer.set_code,
                   "collector_number": offer.collector_number, "finish": offer.finish, "condition": "NM",
                   "condition_raw": "NM", "language": "English", "price": price, "currency": "CAD",
                   "quantity": 3, "url": offer.url, "variant_id": None}]
    LatestAnswer.objects.update_or_create(store=store, card=card, defaults={
        "status": status, "offers": offers, "checked_at": at, "changed_at": at, "last_good_at": at,
        "last_check": check, "good_check": check})


@pytest.mark.django_db
def test_the_dashboard_renders_from_the_database_when_the_cache_is_unreachable(alice_client, alice, bolt,
                                                                               make_store, choose, settings):
    shop, other = make_store("sample-shop", name="Sample Shop"), make_store("other-shop", name="Other Shop")
    choose(alice, shop, other)
    TrackedCard.objects.create(user=alice, card=bolt, amount=4)
    now = timezone.now()
    record(shop, bolt, now - timedelta(days=2), "9.99")
    record(shop, bolt, now - timedelta(hours=1), "2.50")  # the newest check is the one shown
    record(other, bolt, now - timedelta(hours=3), None)
    settings.CACHES = {"default": {"BACKEND": "lgs_checker.redis_cache.SharedPoolRedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens
                                   "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2}}}

    response = alice_client.get(reverse("dashboard"))

    assert response.status_code == 200
    html = response.text
    assert RECORDED in html
    assert "CAD 2.50" in html and "9.99" not in html
    other_cell = lxml_html.fromstring(html).cssselect('td.cell[data-store="other-shop"]')[0]
    assert "not in stock" in other_cell.text_content()


@pytest.mark.django_db
def test_a_reachable_cache_shows_no_outage_notice(alice_client):
    assert RECORDED not in alice_client.get(reverse("dashboard")).text


# --- a real daphne losing and regaining Redis ---------------------------------------------------

ARRANGE = """
from decimal import Decimal
from django.contrib.auth import get_user_model
from django.utils import timezone
from availability.checks.models import LatestAnswer, Offer, StoreCheck
from availability.checks.heartbeat import record_worker_heartbeat
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from stores.models import ChosenStore, Store
alice = get_user_model().objects.get(username="alice")
store = Store.objects.create(slug="sample-shop", name="Sample Shop", homepage="https://sample.example",
                             platform="shopify", region="Ontario", currency="CAD")
ChosenStore.objects.create(user=alice, store=store)
card = Card.objects.get(name="Lightning Bolt")
TrackedCard.objects.create(user=alice, card=card, amount=1)
check = StoreCheck.objects.create(store=store, card=card, checked_at=timezone.now(), status="ok")
Offer.objects.create(store_check=check, name="Lightning Bolt", set_name="Magic 2010", set_code="M10",
                     collector_number="146", finish="nonfoil", condition="NM", price=Decimal("2.50"),
                     currency="CAD", quantity=3, url="https://sample.example/bolt")
LatestAnswer.objects.update_or_create(store=store, card=card, defaults=dict(
    status="ok", checked_at=check.checked_at, changed_at=check.checked_at, last_good_at=check.checked_at,
    last_check=check, good_check=check, offers=[{
    "name": "Lightning Bolt", "set_name": "Magic 2010", "set_code": "M10", "collector_number": "146",
    "finish": "nonfoil", "condition": "NM", "condition_raw": "NM", "language": "English", "price": "2.50",
    "currency": "CAD", "quantity": 3, "url": "https://sample.example/bolt", "variant_id": None}]))
record_worker_heartbeat()
"""
PUSH = (
    "from django.contrib.auth import get_user_model; from lgs_checker.push import push_to_user; "
    "push_to_user(get_user_model().objects.get(username='alice').pk, {'type': 'after_outage'})"
)


@contextmanager
def app_behind_a_cuttable_redis(tmp_path):
    """daphne on the zero-service database with its Redis behind a proxy the test can cut; alice
    tracks a card whose answer is recorded (ARRANGE). Yields (env, base URL, proxy, daphne's log)."""
    redis = urlparse(require_redis())
    with cuttable_proxy(redis.hostname, redis.port or 6379) as proxy:
        env = app_environment(tmp_path, redis_url=f"redis://127.0.0.1:{proxy.port}{redis.path or '/0'}")
        manage(env, "release", "--sample-data", timeout=300)
        create_users(env, {"alice": "alice password 1"}, then=ARRANGE)
        port, log = free_port(), tmp_path / "daphne.log"
        with running(daphne_command(port), env, log):
            base_url = f"http://127.0.0.1:{port}"
            wait_for_http(f"{base_url}/healthz", log_path=log)
            yield env, base_url, proxy, log


@pytest.mark.pinned_configuration("postgres+redis")
@pytest.mark.processes
def test_daphne_serves_the_dashboard_through_a_redis_outage_and_recovers_without_restart(tmp_path):
    with app_behind_a_cuttable_redis(tmp_path) as (env, base_url, proxy, log):
        alice = sign_in(base_url, "alice", "alice password 1")
        assert RECORDED not in alice.get(base_url, timeout=30).text

        proxy.cut()
        during = alice.get(base_url, timeout=30)
        assert during.status_code == 200, log.read_text()[-4000:]
        assert RECORDED in during.text and "CAD 2.50" in during.text
        assert requests.get(f"{base_url}/healthz", timeout=30).status_code == 503

        async def handshake_refused() -> bool:
            try:
                async with connect(base_url, alice):
                    return False
            except (websockets.InvalidStatus, websockets.InvalidHandshake, OSError):
                return True

        assert run(handshake_refused())

        proxy.restore()
        wait_for(lambda: RECORDED not in alice.get(base_url, timeout=30).text, 60,
                 lambda: f"the dashboard going live again\n{log.read_text()[-4000:]}")
        wait_for(lambda: requests.get(f"{base_url}/healthz", timeout=30).status_code == 200, 60,
                 lambda: f"/healthz 200 again\n{log.read_text()[-4000:]}")

        async def pushed_after_recovery() -> dict:
            async with connect(base_url, alice) as socket:
                await asyncio.sleep(0.5)
                await asyncio.to_thread(manage, env, "shell", "-c", PUSH)
                return await receive_json(socket, timeout=30)

        assert run(pushed_after_recovery()) == {"type": "after_outage"}


# --- sign-in while Redis is down ----------------------------------------------------------------


@pytest.mark.django_db
def test_sign_in_and_sign_up_work_while_the_cache_is_unreachable(client, alice, settings, caplog):
    """allauth's rate limit keeps its counts in the cache; Redis down costs the limit, not the sign-in."""
    settings.CACHES = {"default": {"BACKEND": "lgs_checker.redis_cache.SharedPoolRedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens
                                   "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2}}}

    response = client.post(reverse("account_login"), {"login": "alice", "password": "correct horse battery"})

    assert response.status_code == 302 and not response.url.startswith(reverse("account_login"))
    assert client.get(reverse("dashboard")).status_code == 200  # signed in
    assert "rate limiting is off" in caplog.text
    client.logout()
    response = client.post(reverse("account_signup"), {
        "email": "carol@example.com", "username": "carol",
        "password1": "a long enough pass phrase", "password2": "a long enough pass phrase"})
    assert response.status_code == 302 and "signup" not in response.url
