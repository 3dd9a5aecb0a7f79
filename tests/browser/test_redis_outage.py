"""In a real browser: while Redis is away the dashboard keeps trying to reconnect and a reload shows
the last recorded answers; when Redis is back the open page goes live again by itself."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_to_dashboard
from tests.test_redis_outage import RECORDED, app_behind_a_cuttable_redis

pytestmark = [pytest.mark.browser, pytest.mark.processes, pytest.mark.pinned_configuration("postgres+redis")]


@pytest.fixture
def app_behind_cut_redis(tmp_path):
    with app_behind_a_cuttable_redis(tmp_path) as (_env, base_url, proxy, _log):
        yield base_url, proxy


def test_the_dashboard_keeps_reconnecting_through_a_redis_outage_and_goes_live_again(page, app_behind_cut_redis):
    base_url, proxy = app_behind_cut_redis
    sign_in_to_dashboard(page, base_url, "alice", "alice password 1")
    connection = page.locator("#connection")

    proxy.cut()
    expect(connection).to_contain_text("reconnecting")
    page.reload()
    expect(page.locator("#answers-recorded")).to_contain_text(RECORDED)
    expect(page.locator('td.cell[data-store="sample-shop"]')).to_contain_text("CAD 2.50")
    # The page is still trying: it has failed to connect at least twice by now.
    # Backoff with jitter: the second wait is 1 to 2 s, so "reconnecting in 1 s" or "… 2 s".
    expect(connection).to_contain_text(re.compile(r"reconnecting in [12] s"), timeout=20_000)

    proxy.restore()
    expect(connection).to_have_text("live", timeout=60_000)
    # Live again: the cells are the server's current answers, so the outage notice goes.
    expect(page.locator("#answers-recorded")).to_have_count(0)
