"""The buy plan page in a real browser, against daphne + a qcluster worker + the sample store server:
the plan fills in as checks finish, shows each store's list and the totals, and its cart link fills
the sample Shopify store's cart."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_to_dashboard
from tests.support.stack import SUITE_CONFIGURATION, app_stack

pytestmark = [pytest.mark.browser, pytest.mark.processes]

# Four non-foil M10 Lightning Bolts. The sample Shopify store sells the NM (2.50) and LP (2.00)
# copies without saying how many it has (one each, to the plan); the TCGplayer Pro store prices in
# CAD at a rate that doubles its prices in USD (LP 4.00, NM 5.00): two from each, USD 13.50.
ARRANGE = """
from decimal import Decimal
from django.contrib.auth import get_user_model
from availability.money.models import ExchangeRate
from cards.catalog.models import Card
from cards.wishlist.models import CardSpec, TrackedCard
from stores.models import Store
alice = get_user_model().objects.get(username="alice")
tracked = TrackedCard.objects.create(user=alice, card=Card.objects.get(name="Lightning Bolt"), amount=4)
CardSpec.objects.create(tracked_card=tracked, set_code="m10", finish="nonfoil", amount=4)
Store.objects.filter(slug="sample-tcgplayer-pro").update(currency="CAD")
ExchangeRate.objects.create(currency="USD", per_euro=Decimal("1.0"), as_of="2026-11-27")
ExchangeRate.objects.create(currency="CAD", per_euro=Decimal("0.5"), as_of="2026-11-27")
"""


@pytest.fixture(params=[SUITE_CONFIGURATION])
def stack(request, tmp_path, sample_store_server):
    sample_store_server.reset()
    with app_stack(tmp_path, request.param, sample_store_server.url) as app:
        app.add_user("alice", "alice password 1", ["sample-shopify", "sample-tcgplayer-pro"], then=ARRANGE)
        yield app
    sample_store_server.reset()


def test_the_plan_page_lists_each_store_totals_and_a_cart_link_that_fills_the_shopify_cart(
    page, stack, sample_store_server
):
    sign_in_to_dashboard(page, stack.url, "alice", "alice password 1")
    page.get_by_role("link", name="Buy plan").click()
    expect(page.locator("#connection")).to_have_text("live")

    # Checks finish on the worker; the page re-plans a few seconds after their answers arrive.
    expect(page.locator("#plan-total")).to_have_text("USD 13.50", timeout=60_000)
    shopify = page.locator('.plan-store[data-store="sample-shopify"]')
    tcgplayer = page.locator('.plan-store[data-store="sample-tcgplayer-pro"]')
    expect(shopify.locator(".subtotal")).to_have_text("USD 4.50")
    expect(shopify.locator("tbody tr")).to_have_count(2)
    expect(tcgplayer.locator(".subtotal")).to_have_text("USD 9.00")
    expect(tcgplayer.locator("td.price")).to_have_text(["USD 4.00 (CAD 2.00)", "USD 5.00 (CAD 2.50)"])
    expect(tcgplayer.get_by_text("This store has no cart link")).to_be_visible()
    expect(page.locator("#saving-single-store")).to_contain_text("Saves USD 5.50 against the best single store")
    expect(page.locator("#plan-missing")).to_have_count(0)

    # One store only: TCGplayer has all four (4.00 + 3 × 5.00).
    page.fill("input[name=max_stores]", "1")
    page.get_by_role("button", name="Plan").click()
    expect(page.locator("#plan-total")).to_have_text("USD 19.00")
    expect(page.locator(".plan-store")).to_have_count(1)
    page.fill("input[name=max_stores]", "")
    page.get_by_role("button", name="Plan").click()
    expect(page.locator("#plan-total")).to_have_text("USD 13.50")

    cart_link = shopify.locator("a.cart-link")
    href = cart_link.get_attribute("href")
    assert re.fullmatch(rf"{re.escape(sample_store_server.url)}/shopify/cart/\d+:1,\d+:1", href)
    with page.context.expect_page() as opened:
        cart_link.click()
    cart = opened.value
    expect(cart.locator(".cart-item")).to_have_count(2)
    expect(cart.locator(".cart-item .title").first).to_have_text("Lightning Bolt [Magic 2010]")
    expect(cart.locator(".cart-total")).to_have_text("Subtotal $4.50")

    # At phone width each item is a block of labelled lines: the unit price is on screen, not
    # behind a sideways scroll.
    page.set_viewport_size({"width": 390, "height": 844})
    for price in page.locator(".plan-store td.price").all():
        box = price.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box


def test_the_plan_form_typed_and_submitted_at_once_keeps_at_most_n_stores(page, stack):
    """Issue 21 item 2: twenty times, the form is filled and submitted the moment it is on screen
    (before the page's script has run, or while its socket opens, or after), by Enter or the button;
    each time the field still says 1 and the plan uses one store. Twenty loads in a row spend the
    user's message budget: a plan refused as "too fast" is asked for again when the budget allows."""
    sign_in_to_dashboard(page, stack.url, "alice", "alice password 1")
    page.goto(f"{stack.url}/plan/")
    # Both stores answered: with no limit the plan uses both of them.
    expect(page.locator(".plan-store")).to_have_count(2, timeout=60_000)
    field = page.locator("input[name=max_stores]")
    for attempt in range(20):
        page.goto(f"{stack.url}/plan/", wait_until=("commit", "domcontentloaded", "load")[attempt % 3])
        field.fill("1")
        if attempt % 2:
            field.press("Enter")
        else:
            page.get_by_role("button", name="Plan").click()
        expect(page.locator("#plan-status")).to_have_text(re.compile(r"^planned at "), timeout=20_000)
        expect(field).to_have_value("1")
        expect(page.locator(".plan-store"), f"attempt {attempt}").to_have_count(1, timeout=20_000)
        expect(page.locator("#plan-total")).to_have_text("USD 19.00")
        expect(page.locator("#plan-error")).to_be_hidden()
