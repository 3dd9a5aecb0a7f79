"""A tracked card's wants in a real browser: adding a printing of a card already tracked keeps both,
and the dashboard's edit dialog sets each printing's own amount."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_to_dashboard
from tests.support.stack import SUITE_CONFIGURATION, app_stack

pytestmark = [pytest.mark.browser, pytest.mark.processes]


@pytest.fixture(params=[SUITE_CONFIGURATION])
def stack(request, tmp_path, sample_store_server):
    sample_store_server.reset()
    with app_stack(tmp_path, request.param, sample_store_server.url) as app:
        app.add_user("alice", "alice password 1", ["sample-shopify"])
        yield app


def test_a_printing_added_to_a_tracked_card_is_kept_and_edited_by_its_own_amount(page, stack):
    sign_in_to_dashboard(page, stack.url, "alice", "alice password 1")
    row = page.locator('tr[data-card="Lightning Bolt"]')
    page.fill("input[name=card]", "Lightning Bolt")
    page.fill("input[name=amount]", "1")
    page.get_by_role("button", name="Track").click()
    expect(row.locator(".card-name .amount")).to_have_text("1")

    page.fill("input[name=card]", "Lightning Bolt")
    page.fill("input[name=amount]", "4")
    page.fill("input[name=set_code]", "M10")
    page.fill("input[name=collector_number]", "146")
    page.select_option("select[name=finish]", "foil")
    page.get_by_role("button", name="Track").click()

    expect(row.locator(".card-name .amount")).to_have_text("5")
    expect(row.locator(".card-name .specs .spec")).to_have_text(["1× any printing", "4× M10 146 foil"])

    row.get_by_role("link", name="Edit").click()
    rows = page.locator("#edit-specs .spec-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator(".spec-amount")).to_have_value("1")
    expect(rows.nth(1).locator(".spec-amount")).to_have_value("4")
    # The finishes M10 146 was made in, named as the server's vocabulary names them.
    expect(rows.nth(1).locator("select.finish option")).to_have_text(["Any finish", "Non-foil", "Foil"])
    expect(rows.nth(1).locator("select.finish")).to_have_value("foil")
    rows.nth(1).locator(".spec-amount").fill("2")
    page.locator("#edit-form").get_by_role("button", name="Save").click()

    expect(row.locator(".card-name .amount")).to_have_text("3")
    expect(row.locator(".card-name .specs .spec")).to_have_text(["1× any printing", "2× M10 146 foil"])
