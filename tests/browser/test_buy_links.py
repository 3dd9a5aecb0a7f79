"""In `make run`, every "Buy at store" link on the dashboard opens a page on the sample store.

The stack is set up as `make run` does (release --sample-data, register_sample_stores, daphne, a
qcluster worker, the sample store server); a user tracks cards at all eight sample stores, and
every link in every cell's offers dialog is fetched.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from scrapers.sample_store import sample_store_definitions
from tests.browser.conftest import sign_in_to_dashboard
from tests.support.stack import app_stack

pytestmark = [pytest.mark.browser, pytest.mark.processes]

STORES = [d["slug"] for d in sample_store_definitions("http://127.0.0.1:1")]
CARDS = ["Lightning Bolt", "Counterspell"]


@pytest.fixture
def stack(tmp_path, sample_store_server):
    sample_store_server.reset()
    # The links do not depend on the database; one configuration keeps this test affordable.
    with app_stack(tmp_path, "zero-service default", sample_store_server.url) as app:
        app.add_user("alice", "alice password 1", STORES)
        yield app
    sample_store_server.reset()


def test_every_buy_at_store_link_on_the_dashboard_answers_200(page, stack):
    sign_in_to_dashboard(page, stack.url, "alice", "alice password 1")
    for card in CARDS:
        page.fill("input[name=card]", card.lower())
        page.fill("input[name=amount]", "1")
        page.get_by_role("button", name="Track").click()
        expect(page.locator(f'tr[data-card="{card}"]')).to_be_visible(timeout=30_000)

    links: set[str] = set()
    dialog = page.locator("#offers-dialog")
    for card in CARDS:
        row = page.locator(f'tr[data-card="{card}"]')
        for slug in STORES:
            cell = row.locator(f'td.cell[data-store="{slug}"]')
            expect(cell).to_have_class(re.compile(r"\bin_stock\b"), timeout=60_000)
            cell.locator(".offers-link").click()
            buy = dialog.get_by_role("link", name="Buy at store")
            expect(buy.first).to_be_visible()
            links.update(buy.nth(i).get_attribute("href") for i in range(buy.count()))
            dialog.get_by_role("button", name="Close").click()

    assert len(links) >= len(STORES) * len(CARDS)
    statuses = {href: page.request.get(href).status for href in sorted(links)}
    assert {href: status for href, status in statuses.items() if status != 200} == {}
