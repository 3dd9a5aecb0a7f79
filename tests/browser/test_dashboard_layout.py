"""Ten stores, every cell state in every column, in a real browser (issue 11, items 1, 2 and 4).

The stack runs without a worker, so the arranged states stay put: queued checks wait. Answers are
cached through `manage.py shell` in the stack's own database and cache, the page asks for them
(Refresh) and every cell arrives as a pushed fragment of the one cell template. Then a reload draws
the same cells on the first paint, and a phone-sized window shows the cards as blocks.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_to_dashboard
from tests.browser.dashboard_states import STATES, STORE_COUNT, state_at
from tests.support.processes import manage
from tests.support.stack import SUITE_CONFIGURATION, app_stack

pytestmark = [pytest.mark.browser, pytest.mark.processes]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# Where each store cell and the header of its column are, as the browser laid them out.
MISALIGNED_CELLS = """() => {
  const headers = [...document.querySelectorAll("#availability thead th[data-store]")];
  const problems = [];
  for (const row of document.querySelectorAll("#availability tbody tr")) {
    for (const th of headers) {
      const cell = document.getElementById(`cell-${row.dataset.cardId}-${th.dataset.store}`);
      const a = th.getBoundingClientRect(), b = cell.getBoundingClientRect();
      if (Math.abs(a.left - b.left) > 1 || Math.abs(a.width - b.width) > 1) problems.push([row.dataset.card, th.dataset.store]);
    }
  }
  return problems;
}"""

CELL_STATES = """() => [...document.querySelectorAll("#availability tbody tr")].map(
  (row) => [...row.querySelectorAll("td.cell")].map((cell) => [cell.dataset.store, cell.dataset.state, cell.innerText]))"""


@pytest.fixture(params=[SUITE_CONFIGURATION])
def stack(request, tmp_path, sample_store_server):
    with app_stack(tmp_path, request.param, sample_store_server.url, workers=0) as app:
        app.add_user("alice", "alice password 1", [],
                     then="from tests.browser.dashboard_states import arrange_wishlist; arrange_wishlist('alice')")
        yield app


def expected_states(cells: list[list[list[str]]]) -> None:
    """Row i, column j shows state_at(i, j): so each column holds every state."""
    assert len(cells) == len(STATES)
    for row_number, row in enumerate(cells):
        assert [state for _, state, _ in row] == [state_at(row_number, column) for column in range(STORE_COUNT)]


def test_every_cell_state_in_every_column_lines_up_under_its_store_live_and_on_reload(page, stack, request, tmp_path):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in_to_dashboard(page, stack.url, "alice", "alice password 1")
    expect(page.locator("#availability tbody tr")).to_have_count(len(STATES))
    expect(page.locator("td.cell.checking")).to_have_count(len(STATES) * STORE_COUNT)

    # Live: the answers arrive as pushed fragments after Refresh.
    manage(stack.env, "shell", "-c", "from tests.browser.dashboard_states import arrange_answers; arrange_answers('alice')")
    page.get_by_role("button", name="Refresh").click()
    expect(page.locator("#refresh-note")).to_have_text(
        "40 answers were under 5 minutes old and were kept; checking 20 again.")
    expect(page.locator("td.cell.checking")).to_have_count(10)
    live = page.evaluate(CELL_STATES)
    expected_states(live)
    assert page.evaluate(MISALIGNED_CELLS) == []
    expect(page.locator("#progress")).to_have_text("checked 40 of 60")
    # The filters read what each cell says of its stock (data-in-stock): every row has a copy somewhere.
    page.locator("#filter-in-stock").check()
    expect(page.locator("#availability tbody tr:visible")).to_have_count(len(STATES))
    page.locator("#filter-in-stock").uncheck()

    # What each state says, once, through the one template.
    row = page.locator("#availability tbody tr").first
    expect(row.locator("td.cell.error").first).to_contain_text("store error")
    expect(row.locator("td.cell.error").first).to_contain_text("the store answered HTTP 503")
    expect(row.locator("td.cell.paused").first).to_contain_text(re.compile(r"paused until \d\d:\d\d"))
    expect(row.locator("td.cell.stale").first).to_contain_text("rechecking")
    expect(row.locator("td.cell.out_of_stock").first).to_contain_text("not in stock")
    # The best price is the cheapest in-stock answer of the row, and its cell is marked.
    best = row.locator("td.best")
    cheapest = row.locator("td.cell.cheapest")
    expect(cheapest).to_have_count(1)
    expect(best).to_contain_text(cheapest.locator(".offers-link").inner_text())

    # The card column stays put while the store columns scroll under it.
    name_left = page.locator("tbody th.card-name").first.bounding_box()["x"]
    page.locator(".table-wrap").evaluate("(wrap) => { wrap.scrollLeft = wrap.scrollWidth; }")
    assert page.evaluate("() => document.querySelector('.table-wrap').scrollLeft") > 0
    assert page.locator("tbody th.card-name").first.bounding_box()["x"] == pytest.approx(name_left, abs=1)
    page.locator(".table-wrap").evaluate("(wrap) => { wrap.scrollLeft = 0; }")

    # The first paint of a reload shows the very same cells.
    page.reload()
    expect(page.locator("#connection")).to_have_text("live")
    assert page.evaluate(CELL_STATES) == live
    assert page.evaluate(MISALIGNED_CELLS) == []
    # A desktop window: the store columns scroll inside the table, never the page sideways.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1366
    screenshots = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") and "default" in request.node.callspec.id else tmp_path
    page.screenshot(path=str(screenshots / "dashboard-wide.png"))

    # A phone: no sideways scrolling of the page; each card a block listing its stores.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert page.evaluate("() => document.body.scrollWidth") <= 390
    first_cell = page.locator("#availability tbody tr").first.locator("td.cell").first
    assert first_cell.bounding_box()["width"] > 300  # a line of the card's block, not a narrow column
    page.locator("#view-controls").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "dashboard-phone.png"))

    # The offers dialog at 390 px: every field and the buy link inside the screen.
    page.locator(".offers-link").first.click()
    dialog = page.locator("#offers-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("link", name="Buy at store")).to_have_count(1)
    expect(dialog.get_by_text("no safe link")).to_have_count(1)  # the javascript: link is not a link
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert dialog.evaluate("(d) => d.scrollWidth <= d.clientWidth")
    for cell in dialog.locator("tbody td").all():
        cell_box = cell.bounding_box()
        assert cell_box["x"] >= 0 and cell_box["x"] + cell_box["width"] <= 390
    for label in ("Qty", "Language"):
        expect(dialog.locator(f'td[data-label="{label}"]').first).to_be_visible()
    page.screenshot(path=str(screenshots / "offers-phone.png"))
    dialog.get_by_role("button", name="Close").click()

    # The history page at 390 px: no sideways scrolling, and every price inside the screen.
    page.locator("#availability tbody tr").first.get_by_role("link", name="History").click()
    expect(page.locator("#checks")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    prices = page.locator("#checks td.price")
    assert prices.count() >= 1
    for price in prices.all():
        box = price.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    # A stored javascript: link is shown as text, never as a link.
    hrefs = page.locator("#checks a").evaluate_all("(links) => links.map((a) => a.href)")
    assert hrefs and all(href.startswith("http") for href in hrefs)
