"""A store's `javascript:` link never becomes something a user can click, in a real browser: not on
the admin's "Test this store" page (the store serves it), nor in the dashboard's offers dialog, the
history page or the notifications page (it is already in the database); and every page carries a
Content-Security-Policy that the pages themselves never break."""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_to_dashboard
from tests.support.stack import app_stack

pytestmark = [pytest.mark.browser, pytest.mark.processes]

EVIL = "javascript:document.title='pwned'//catalog/magic_singles"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "scrapers" / "crystal_commerce" / "search_lightning_bolt.html"
PRODUCT_HREF = re.compile(r'href="/catalog/magic_singles[^"]*"')


@contextmanager
def hostile_store():
    """A Crystal Commerce shop whose Lightning Bolt links to a script."""
    page = PRODUCT_HREF.sub(f'href="{EVIL}"', FIXTURE.read_text()).encode()
    assert EVIL.encode() in page

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = self.path.startswith("/products/search")
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page) if found else 0))
            self.end_headers()
            if found:
                self.wfile.write(page)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# What a worker would have recorded before links were checked at the scrapers' boundary: a check
# with an offer linking to a script, its cached answer, and an alert about it.
ARRANGE = """
from decimal import Decimal
from django.contrib.auth import get_user_model
from django.utils import timezone
from availability.alerts.models import Notification
from availability.checks.models import Offer, StoreCheck
from availability.checks.results import StoreAnswer, remember_answer
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from stores.models import ChosenStore, Store

alice = get_user_model().objects.get(username="alice")
alice.is_staff = alice.is_superuser = True
alice.save()
store = Store.objects.create(slug="hostile-games", name="Hostile Games", homepage={url!r},
                             platform="crystal_commerce", region="Ontario", currency="CAD")
ChosenStore.objects.create(user=alice, store=store)
card = Card.objects.get(name="Lightning Bolt")
TrackedCard.objects.create(user=alice, card=card, amount=1)
now = timezone.now()
fields = dict(name="Lightning Bolt", set_name="Magic 2010", set_code="M10", collector_number="146",
              finish="nonfoil", condition="NM", condition_raw="Near Mint", language="English",
              currency="CAD", quantity=2, url={evil!r})
check = StoreCheck.objects.create(store=store, card=card, checked_at=now, status="ok")
Offer.objects.create(store_check=check, price=Decimal("2.50"), **fields)
remember_answer(store.pk, card.pk, StoreAnswer(status="ok", offers=[{{**fields, "price": "2.50", "variant_id": None}}],
                checked_at=now, last_good_at=now), store.cache_ttl)
Notification.objects.create(user=alice, kind="in_stock", text="Lightning Bolt is in stock at Hostile Games",
                            card=card, store=store, price=Decimal("2.50"), currency="CAD", condition="NM",
                            finish="nonfoil", offer_url={evil!r})
"""

LINK_SCHEMES = "() => [...document.querySelectorAll('a[href], area[href]')].map((a) => a.protocol)"


@pytest.fixture
def stack(tmp_path, sample_store_server):
    with hostile_store() as store_url, app_stack(tmp_path, "zero-service default", sample_store_server.url) as app:
        app.add_user("alice", "alice password 1", [], then=ARRANGE.format(url=store_url, evil=EVIL))
        yield app


def assert_no_script_link(page) -> None:
    schemes = page.evaluate(LINK_SCHEMES)
    assert schemes and set(schemes) <= {"http:", "https:"}, schemes
    assert page.locator("a[href*='javascript' i]").count() == 0
    assert page.title() != "pwned"


def test_a_javascript_link_from_a_store_is_never_a_link_and_pages_carry_a_csp(page, stack):
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    policies: list[str] = []
    page.on("response", lambda response: policies.append(response.headers.get("content-security-policy", ""))
            if response.request.resource_type == "document" else None)

    sign_in_to_dashboard(page, stack.url, "alice", "alice password 1")

    # The dashboard's offers dialog: the offer is there, its link is not.
    cell = page.locator('tr[data-card="Lightning Bolt"] td.cell[data-store="hostile-games"]')
    expect(cell).to_contain_text("2.50")
    cell.get_by_role("button").click()
    dialog = page.locator("#offers-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("tbody tr")).to_have_count(1)
    expect(dialog.locator("tbody")).to_contain_text("no safe link")
    expect(dialog.locator("a")).to_have_count(0)
    dialog.get_by_role("button", name="Close").click()
    assert_no_script_link(page)

    # History: the price is shown, not linked.
    page.locator('tr[data-card="Lightning Bolt"]').get_by_role("link", name="History").click()
    expect(page.locator("body")).to_contain_text("CAD 2.50")
    assert_no_script_link(page)

    # Notifications: the alert is listed without a "Buy at store" link.
    page.goto(f"{stack.url}/notifications/")
    expect(page.locator("body")).to_contain_text("Lightning Bolt is in stock at Hostile Games")
    expect(page.get_by_role("link", name="Buy at store")).to_have_count(0)
    assert_no_script_link(page)

    # The admin's "Test this store": the store serves the script link right now.
    page.goto(f"{stack.url}/admin/stores/store/")
    page.get_by_role("link", name="Hostile Games").click()
    page.get_by_role("link", name="Test this store").click()
    page.get_by_role("button", name="Search the store").click()
    expect(page.locator("#outcome")).to_contain_text("ok")
    offers = page.locator("#content table#offers")
    expect(offers).to_contain_text("Lightning Bolt")
    # The scrapers' boundary already dropped the script link: the offer is shown without one.
    expect(page.get_by_role("link", name="open")).to_have_count(0)
    assert_no_script_link(page)

    assert policies and all("script-src 'self'" in policy for policy in policies), policies
    assert violations == []
