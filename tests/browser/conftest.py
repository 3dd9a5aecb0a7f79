"""A real Chromium (Debian's, at /usr/bin/chromium) driven by Playwright, against real app processes."""

from __future__ import annotations

import os

import pytest

from tests.support.services import require_chromium

# Playwright's sync API runs an event loop in the test's thread; Django's ORM would otherwise refuse
# to run there. The tests talk to the app over HTTP and use the ORM only to arrange data.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


# Per module: Playwright's sync API holds an event loop in this thread while it runs, which would
# stop later asyncio tests from starting their own.
@pytest.fixture(scope="module")
def browser():
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in_to_dashboard(page, base_url: str, username: str, password: str) -> None:
    """Sign in through the real form and wait until the dashboard's socket is live."""
    from playwright.sync_api import expect

    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base_url}/")
    expect(page.locator("#connection")).to_have_text("live")
