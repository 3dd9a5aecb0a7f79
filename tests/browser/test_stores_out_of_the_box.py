"""Real stores read right out of the box, in a real browser: a Shopify store and a BinderPOS store that
serve Shopify's default robots.txt (../shared/real-samples/robots/shopify-default.txt, as-is), added
with `manage.py add_store URL --yes` and nothing else, show prices on a shopper's dashboard, and the
sample store's request log holds no request their robots.txt disallows.

The sample store serves each store's own file as if the store had its host to itself
(`scrapers/sample_store/store_robots.py`): the app reads `<host>/robots.txt` as from a real shop."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_to_dashboard
from tests.support.processes import manage
from tests.support.robots_log import disallowed_requests, shopify_default
from tests.support.stack import SUITE_CONFIGURATION, app_stack

pytestmark = [pytest.mark.browser, pytest.mark.processes]

PLATFORMS = ("shopify", "binderpos")
# The stack registers the sample stores by hand; the two this test adds from their addresses go.
DROP_REGISTERED = ("from stores.models import Store; "
                   "Store.objects.filter(slug__in=['sample-shopify', 'sample-binderpos', 'sample-binderpos-theme']).delete()")


@pytest.fixture
def stack(tmp_path, sample_store_server):
    sample_store_server.reset()
    for platform in PLATFORMS:
        sample_store_server.set_robots(shopify_default(), platform=platform)
    with app_stack(tmp_path, SUITE_CONFIGURATION, sample_store_server.url) as app:
        manage(app.env, "shell", "-c", DROP_REGISTERED)
        yield app
    sample_store_server.reset()


def add_store(stack, url: str) -> tuple[str, str]:
    """`manage.py add_store URL --yes`: its output, and the slug it saved the store as."""
    out = manage(stack.env, "add_store", url, "--yes")
    saved = re.search(r"^Saved .+ as (\S+)\.$", out, re.MULTILINE)
    assert saved, out
    return out, saved.group(1)


def test_stores_added_from_their_address_alone_show_prices_without_a_disallowed_request(
    page, stack, sample_store_server
):
    shopify_out, shopify = add_store(stack, sample_store_server.base_url("shopify"))
    binderpos_out, binderpos = add_store(stack, sample_store_server.base_url("binderpos"))
    assert f"GET {sample_store_server.url}/robots.txt -> 200" in shopify_out  # the file was read
    assert "Path: Shopify JSON search (/shopify/search/suggest.json, allowed by robots.txt)" in shopify_out
    # The BinderPOS home page named its shop and API host: the API, not the listing or the theme page.
    assert "Settings: {'shop': 'sample-games', 'api_url': " in binderpos_out
    assert "Path: BinderPOS API (/binderpos-api/external/shopify/products/forStore, allowed by" in binderpos_out

    stack.add_user("shopper", "shopper password 1", [])
    sign_in_to_dashboard(page, stack.url, "shopper", "shopper password 1")
    page.get_by_role("link", name="Stores & account").click()
    # Both shops call themselves that; the label goes on to the games each sells.
    added = page.locator("label.store-option").filter(has_text=re.compile(r"^\s*Sample Games\s*·")).locator("input")
    expect(added).to_have_count(2)
    added.nth(0).check()
    added.nth(1).check()
    page.get_by_role("button", name="Save my stores").click()
    expect(page.get_by_text("You shop at 2 stores.")).to_be_visible()

    page.get_by_role("link", name="My cards").click()
    page.fill("input[name=card]", "lightning bolt")  # in stock at every sample store
    page.fill("input[name=amount]", "1")
    page.get_by_role("button", name="Track").click()
    row = page.locator('tr[data-card="Lightning Bolt"]')
    for slug in (shopify, binderpos):
        cell = row.locator(f'td.cell[data-store="{slug}"]')
        expect(cell).to_have_class(re.compile(r"\bin_stock\b"), timeout=30_000)
        expect(cell.locator(".offers-link")).to_have_text("USD 1.99")

    shopify_paths = [request.path for request in sample_store_server.request_log("shopify")]
    binderpos_paths = [request.path for request in sample_store_server.request_log("binderpos")]
    assert any(path.startswith("/shopify/search/suggest.json?q=%22Lightning+Bolt%22") for path in shopify_paths)
    assert not [path for path in shopify_paths if path.startswith("/shopify/products.json")]
    assert binderpos_paths.count("/binderpos-api/external/shopify/products/forStore") >= 2  # probe, check
    assert [path for path in binderpos_paths if not path.startswith("/binderpos-api/")] == ["/binderpos/"]
    for platform in PLATFORMS:
        assert disallowed_requests(sample_store_server, platform, shopify_default()) == []
