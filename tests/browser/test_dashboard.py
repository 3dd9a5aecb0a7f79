"""The dashboard in a real browser, against daphne + a qcluster worker + the sample store server:
sign in, add a card, watch its cells go from checking… to prices, open the offers, delete it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_to_dashboard
from tests.support.stack import SUITE_CONFIGURATION, app_stack

pytestmark = [pytest.mark.browser, pytest.mark.processes]

STORES = ["sample-crystal-commerce", "sample-shopify", "sample-tcgplayer-pro", "sample-conduct"]
# The README's picture; refreshed only on request (UPDATE_SCREENSHOTS=1), so test runs leave docs alone.
DOCS_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "dashboard.png"


@pytest.fixture(params=[SUITE_CONFIGURATION])
def stack(request, tmp_path, sample_store_server):
    sample_store_server.reset()
    # Slow stores, so the "checking…" state is there to be seen before the prices arrive.
    for platform in ("crystal_commerce", "shopify", "tcgplayer_pro", "conduct"):
        sample_store_server.set_latency(platform, 400)
    with app_stack(tmp_path, request.param, sample_store_server.url) as app:
        app.add_user("alice", "alice password 1", STORES)
        yield app
    sample_store_server.reset()



def test_add_a_card_watch_it_fill_in_open_its_offers_and_delete_it(page, stack, request, tmp_path):
    sign_in_to_dashboard(page, stack.url, "alice", "alice password 1")
    page.fill("input[name=card]", "lightning bolt")
    page.fill("input[name=amount]", "4")
    page.get_by_role("button", name="Track").click()

    row = page.locator('tr[data-card="Lightning Bolt"]')
    expect(row).to_be_visible()
    expect(row.locator(".amount")).to_have_text("4")
    expect(row.locator("td.cell.checking").first).to_have_text("checking…")

    for slug in STORES:
        expect(row.locator(f'td.cell[data-store="{slug}"]')).to_have_class(re.compile(r"\bin_stock\b"), timeout=30_000)
    shopify = row.locator('td.cell[data-store="sample-shopify"]')
    expect(shopify.locator(".offers-link")).to_have_text("USD 1.99")
    expect(shopify.locator(".detail")).to_have_text("NM · nonfoil")  # Shopify does not tell quantities
    tcgplayer = row.locator('td.cell[data-store="sample-tcgplayer-pro"]')
    expect(tcgplayer.locator(".detail")).to_have_text("NM · nonfoil · ×2")
    expect(page.locator("#progress")).to_have_text("all 4 checked")
    if request.node.callspec.id == "zero-service default":
        target = DOCS_SCREENSHOT if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path / f"{DOCS_SCREENSHOT.name}"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000

    shopify.locator(".offers-link").click()
    dialog = page.locator("#offers-dialog")
    expect(dialog).to_be_visible()
    prices = dialog.locator("tbody tr td:first-child")
    expect(prices.first).to_have_text("USD 1.99")
    assert prices.count() >= 4
    first = [float(text.split()[1]) for text in prices.all_inner_texts()]
    assert first == sorted(first)
    dialog.get_by_role("button", name="Price ▲").click()
    descending = [float(text.split()[1]) for text in prices.all_inner_texts()]
    assert descending == sorted(first, reverse=True)
    links = dialog.get_by_role("link", name="Buy at store")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs and all(href.startswith("http://127.0.0.1") for href in hrefs)
    dialog.get_by_role("button", name="Close").click()

    page.once("dialog", lambda confirm: confirm.accept())
    row.get_by_role("button", name="Delete").click()
    expect(row).to_have_count(0)
    expect(page.locator("#empty")).to_be_visible()
    page.reload()
    expect(page.locator('tr[data-card="Lightning Bolt"]')).to_have_count(0)
