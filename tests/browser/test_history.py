"""A card's history in a real browser, against daphne + a qcluster worker + the sample stores: from the
dashboard's History link to a chart of the best price per store and the checks behind it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_to_dashboard
from tests.support.stack import SUITE_CONFIGURATION, app_stack

pytestmark = [pytest.mark.browser, pytest.mark.processes]

STORES = ["sample-crystal-commerce", "sample-shopify", "sample-tcgplayer-pro"]
# The README's picture; refreshed only on request (UPDATE_SCREENSHOTS=1), so test runs leave docs alone.
DOCS_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "history.png"
STEPS = 56  # four weeks of checks, twice a day

# Four weeks of checks at each store, as the worker would have kept them: prices that drift, a spell
# out of stock, the odd store error.
ARRANGE_HISTORY = f"""
from datetime import timedelta
from decimal import Decimal
from django.contrib.auth import get_user_model
from django.utils import timezone
from availability.checks.models import Offer, StoreCheck
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from stores.models import Store

alice = get_user_model().objects.get(username="alice")
card = Card.objects.get(name="Lightning Bolt")
TrackedCard.objects.create(user=alice, card=card, amount=4)
now = timezone.now()
for number, slug in enumerate({STORES!r}):
    store = Store.objects.get(slug=slug)
    for step in range({STEPS}):
        at = now - timedelta(hours=12 * ({STEPS} - step))
        if (step + 3 * number) % 13 == 5:
            StoreCheck.objects.create(store=store, card=card, checked_at=at, status="error", reason="the store timed out")
            continue
        in_stock = not (10 + 12 * number <= step < 16 + 12 * number)
        check = StoreCheck.objects.create(store=store, card=card, checked_at=at, status="ok" if in_stock else "not_found")
        if in_stock:
            price = Decimal("3.40") + Decimal("0.55") * number + Decimal((step * 7 + number) % 5) / 10 - Decimal(step) / 50
            Offer.objects.create(
                store_check=check, name="Lightning Bolt", set_name="Magic 2010", set_code="M10",
                collector_number="146", finish="nonfoil", condition="NM", condition_raw="Near Mint",
                price=price.quantize(Decimal("0.01")), currency=store.currency, quantity=2,
                url=store.homepage + "/products/lightning-bolt",
            )
"""


@pytest.fixture(params=[SUITE_CONFIGURATION])
def stack(request, tmp_path, sample_store_server):
    sample_store_server.reset()
    with app_stack(tmp_path, request.param, sample_store_server.url) as app:
        app.add_user("alice", "alice password 1", STORES, then=ARRANGE_HISTORY)
        yield app
    sample_store_server.reset()



def test_the_history_link_opens_a_chart_of_prices_per_store_and_the_checks(page, stack, request, tmp_path):
    sign_in_to_dashboard(page, stack.url, "alice", "alice password 1")
    row = page.locator('tr[data-card="Lightning Bolt"]')
    expect(row).to_be_visible()

    row.get_by_role("link", name="History").click()

    page.wait_for_url(re.compile(r"/cards/\d+/history/$"))
    expect(page.get_by_role("heading", name="Lightning Bolt")).to_be_visible()
    chart = page.locator("figure.price-chart svg[role=img]")
    expect(chart).to_be_visible()
    for slug in STORES:
        line = chart.locator(f'g.store-line[data-store="{slug}"]')
        expect(line.locator("path")).to_have_attribute("d", re.compile(r"^M[\d.]+,[\d.]+ L"))
        # Every arranged in-stock check is a dot (the worker may have added a fresh one since).
        assert line.locator("circle").count() >= 40
        # One spell out of stock splits the time it was in stock in two.
        assert chart.locator(f'g.stock-band[data-store="{slug}"] rect.in-stock').count() >= 2
    expect(page.locator(".chart-legend li")).to_have_count(3)
    # A legend swatch is a small square beside its store's name, not a chart-sized block.
    for swatch in page.locator(".chart-legend .swatch").all():
        box = swatch.bounding_box()
        assert box["width"] < 24 and box["height"] < 24, box
    expect(page.locator("#checks tbody tr")).to_have_count(25)
    expect(page.locator("#checks tbody tr.status-error").first).to_contain_text("store error: the store timed out")
    if request.node.callspec.id == "zero-service default":
        target = DOCS_SCREENSHOT if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path / f"{DOCS_SCREENSHOT.name}"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000

    page.get_by_role("link", name="Older").click()
    expect(page.locator("nav.pages")).to_contain_text("page 2 of")
    expect(page.locator("#checks tbody tr")).to_have_count(25)
