"""A newcomer's first visit, in a real browser against the laptop configuration (daphne on SQLite):
sign up, sign out, sign in, pick stores, sign out."""

from __future__ import annotations

import pytest

from tests.support.processes import app_environment, daphne_command, free_port, manage, running, wait_for_http

pytestmark = [pytest.mark.browser, pytest.mark.processes]


@pytest.fixture
def local_app(tmp_path):
    env = app_environment(tmp_path)
    manage(env, "release")
    port = free_port()
    log = tmp_path / "daphne.log"
    with running(daphne_command(port), env, log):
        base_url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base_url}/healthz", log_path=log)
        yield base_url


def test_a_newcomer_signs_up_picks_stores_and_signs_out(page, local_app):
    page.goto(local_app)
    assert "/accounts/login/" in page.url  # the dashboard asks strangers to sign in

    page.get_by_role("link", name="Sign up").first.click()
    page.fill("input[name=email]", "newcomer@example.com")
    page.fill("input[name=username]", "newcomer")
    page.fill("input[name=password1]", "a long enough password")
    page.fill("input[name=password2]", "a long enough password")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(f"{local_app}/")
    assert page.get_by_role("heading", name="My cards").is_visible()
    assert page.get_by_text("You have not picked any stores yet").is_visible()

    page.get_by_role("button", name="Sign out newcomer").click()
    page.wait_for_url("**/accounts/login/")

    page.fill("input[name=login]", "newcomer@example.com")
    page.fill("input[name=password]", "a long enough password")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{local_app}/")

    page.get_by_role("link", name="Stores & account").click()
    assert page.locator("legend", has_text="Ontario").is_visible()
    page.get_by_label("Hairy Tarantula").check()
    page.get_by_label("Magic Stronghold").check()
    page.get_by_role("button", name="Save my stores").click()
    assert page.get_by_text("You shop at 2 stores.").is_visible()
    assert page.get_by_label("Hairy Tarantula").is_checked()

    page.get_by_role("link", name="My cards").click()
    assert page.get_by_role("heading", name="My cards").is_visible()
    assert page.get_by_text("You have not picked any stores yet").count() == 0

    page.get_by_role("button", name="Sign out newcomer").click()
    page.wait_for_url("**/accounts/login/")
    page.goto(f"{local_app}/account/")
    assert "/accounts/login/" in page.url
