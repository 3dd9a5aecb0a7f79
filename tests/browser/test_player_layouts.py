"""Nothing cut off at 1366 and 390 px (issue 21 item 7): the import preview, the export, the buy plan
and the dashboard's sticky card column and best prices, measured in a real browser.

One stack without a worker (the arranged answers stay put), one sign-in, six page loads; each
page is measured at both widths by resizing the window, not by loading it again.
"""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_to_dashboard
from tests.support.stack import SUITE_CONFIGURATION, app_stack

pytestmark = [pytest.mark.browser, pytest.mark.processes]

WIDTHS = (1366, 390)

# The ten-store dashboard of test_dashboard_layout, and a card priced in two currencies (two
# "Best price" lines).
ARRANGE = """
from datetime import timedelta
from django.utils import timezone
from availability.checks.results import StoreAnswer, remember_answer
from cards.wishlist.models import TrackedCard
from stores.models import Store
from tests.browser.dashboard_states import arrange_answers, arrange_wishlist, offer
arrange_wishlist("alice")
arrange_answers("alice")
tracked = TrackedCard.objects.filter(user__username="alice").order_by("card__name")[1]
euro = dict(offer("2.50"), currency="EUR")
for slug in ("ten-2", "ten-8"):
    remember_answer(Store.objects.get(slug=slug).pk, tracked.card_id,
                    StoreAnswer("ok", [euro], checked_at=timezone.now() - timedelta(minutes=1)), timedelta(hours=3))
"""

# Boxes of `selector` that stick out of the window or of their panel (.card-panel, or the open
# dialog), and boxes that hide overflow of their own (content wider than the box, cut off).
CUT_OFF = """(selector) => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  for (const node of document.querySelectorAll(selector)) {
    if (node.offsetParent === null) continue;
    const box = node.getBoundingClientRect();
    const panel = (node.closest("dialog[open]") || node.closest(".card-panel")).getBoundingClientRect();
    const text = (node.innerText || node.className || node.tagName).slice(0, 40);
    if (box.left < -0.5 || box.right > width + 0.5) problems.push(["outside the window", text, box.left, box.right]);
    else if (box.left < panel.left - 0.5 || box.right > panel.right + 0.5) problems.push(["outside its panel", text, box.left, box.right]);
    const style = getComputedStyle(node);
    if (node.scrollWidth > node.clientWidth + 1 && style.overflowX !== "visible") problems.push(["cut inside", text, node.scrollWidth, node.clientWidth]);
  }
  return problems;
}"""

# Coloured pixels (not black, white or grey) in a screenshot of the sticky card column: a store
# cell's colour (in stock, the cheapest mark) showing through it as the table scrolls under it; and
# a white pixel where its right edge should be drawn.
COLOURED_PIXELS = """async (dataUrl) => {
  const img = new Image();
  img.src = dataUrl;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.width; canvas.height = img.height;
  const context = canvas.getContext("2d");
  context.drawImage(img, 0, 0);
  const data = context.getImageData(0, 0, img.width, img.height).data;
  const found = [];
  for (let i = 0; i < data.length; i += 4) {
    if (Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 24) {
      found.push([(i / 4) % img.width, Math.floor(i / 4 / img.width)]);
    }
  }
  // The column's right edge is its line all the way down (the store cells scroll under a drawn edge).
  for (let y = 0; y < img.height; y++) {
    const i = (y * img.width + img.width - 1) * 4;
    if (data[i] === 255 && data[i + 1] === 255 && data[i + 2] === 255) { found.push(["no edge", y]); break; }
  }
  return found.slice(0, 10);
}"""

# The left edge of each line of every best-price cell with more than one line.
# (Where its text starts: a right-aligned line starts where its text does, not where its box does.)
BEST_LINES = """() => [...document.querySelectorAll("#availability td.best")].filter((td) => td.querySelectorAll(".best-offer").length > 1)
  .map((td) => [...td.querySelectorAll(".best-offer")].map((line) => {
    const range = document.createRange();
    range.selectNodeContents(line.firstChild);
    return Math.round(range.getBoundingClientRect().left);
  }))"""


@pytest.fixture(params=[SUITE_CONFIGURATION])
def stack(request, tmp_path, sample_store_server):
    with app_stack(tmp_path, request.param, sample_store_server.url, workers=0) as app:
        app.add_user("alice", "alice password 1", [], then=ARRANGE)
        yield app


def at_both_widths(page, check) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check(width)


def test_nothing_is_cut_off_at_1366_and_390_px(page, stack):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in_to_dashboard(page, stack.url, "alice", "alice password 1")
    expect(page.locator("td.best .best-offer")).not_to_have_count(0)

    def dashboard(width):
        lines = page.evaluate(BEST_LINES)
        assert lines and all(len(set(edges)) == 1 for edges in lines), lines  # every line starts where the first does
        if width == 1366:
            head = page.locator("#availability thead th.card-name").bounding_box()
            for scroll in (0, 137.5, 411, 800):
                page.locator(".table-wrap").evaluate(f"(wrap) => {{ wrap.scrollLeft = {scroll}; }}")
                png = page.screenshot(clip={"x": head["x"], "y": head["y"], "width": head["width"], "height": 900 - head["y"]})
                assert page.evaluate(COLOURED_PIXELS, "data:image/png;base64," + base64.b64encode(png).decode()) == [], scroll
            page.locator(".table-wrap").evaluate("(wrap) => { wrap.scrollLeft = 0; }")
    at_both_widths(page, dashboard)

    # The import preview: a long line, a card it does not know, a line it cannot read.
    page.goto(f"{stack.url}/cards/import")
    page.fill("textarea[name=text]", "\n".join([
        "4 Lightning Bolt (M10) 146 *F*",
        "1 Qwxyzzy Plonk the Unreadable, Destroyer of Tables and Everything Wide",
        "this line is not a card line at all and goes on and on and on without a single break in sight",
        "2 Counterspell (XYZ) 999",
    ]))
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".import-rows tbody tr")).to_have_count(4)

    def preview(width):
        assert page.evaluate(CUT_OFF, ".import-rows th, .import-rows td, .import-rows .error, .table-wrap") == []
        for error in page.locator(".import-rows .error").all():  # every line's error on screen, not off its side
            box = error.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    at_both_widths(page, preview)

    page.goto(f"{stack.url}/cards/export")
    expect(page.locator(".export-preview")).to_be_visible()
    at_both_widths(page, lambda width: page.evaluate(CUT_OFF, ".export-preview, .card-panel li") == [])

    page.goto(f"{stack.url}/plan/")
    expect(page.locator("#connection")).to_have_text("live")
    expect(page.locator("#plan .plan-store")).not_to_have_count(0)  # the cached answers are planned with

    def plan(width):
        assert page.evaluate(CUT_OFF, "#buy-plan .field, #buy-plan button, #plan p, #plan li, #plan td, #plan h2, #plan textarea") == []
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    at_both_widths(page, plan)
