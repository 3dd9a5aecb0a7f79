"""An admin adds a store from its address in a real browser: detect, preview the probe, save."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.processes import manage
from tests.support.stack import app_stack

pytestmark = [pytest.mark.browser, pytest.mark.processes]

DROP_SAMPLE_SHOPIFY = "from stores.models import Store; Store.objects.filter(slug='sample-shopify').delete()"
MAKE_ADMIN = ("from django.contrib.auth import get_user_model; "
              "get_user_model().objects.create_superuser('root', 'root@example.com', 'root password 1')")


@pytest.fixture
def stack(tmp_path, sample_store_server):
    sample_store_server.reset()
    with app_stack(tmp_path, "zero-service default", sample_store_server.url) as app:
        manage(app.env, "shell", "-c", MAKE_ADMIN)
        yield app
    sample_store_server.reset()


def test_an_admin_adds_a_shopify_store_after_seeing_what_the_probe_found(page, stack, sample_store_server):
    page.goto(f"{stack.url}/admin/login/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", "root password 1")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{stack.url}/admin/stores/store/")
    page.get_by_role("link", name="Add store from URL").click()

    # The stack registered the sample stores: the same shop is refused, named, before any request.
    page.fill("input[name=url]", sample_store_server.base_url("shopify") + "/")
    page.get_by_role("button", name="Detect and probe").click()
    expect(page.locator("#error")).to_contain_text("already in the directory as Sample Games (Shopify) (sample-shopify)")
    manage(stack.env, "shell", "-c", DROP_SAMPLE_SHOPIFY)

    page.fill("input[name=url]", sample_store_server.base_url("shopify"))
    page.fill("input[name=name]", "Corner Shop")
    page.get_by_role("button", name="Detect and probe").click()
    expect(page.locator("#platform")).to_have_text("Platform: shopify", timeout=30_000)
    expect(page.locator("#verdict")).to_contain_text("Sol Ring: recognised: 2 offers in stock")
    expect(page.locator("#offers tbody tr")).to_have_count(2)

    page.get_by_role("button", name="Save this store").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Added Corner Shop.")
    expect(page.locator("input[name=slug]")).to_have_value("corner-shop")
    expect(page.locator("select[name=platform]")).to_have_value("shopify")
