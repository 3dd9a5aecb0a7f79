"""A tracked card's wants in a real browser: adding a printing of a card already tracked keeps both,
the dashboard's edit dialog sets each printing's own amount, and a new total on a card whose
printings each name their amount takes (issue 21 item 2), in a dialog whose every field has its
label and fits the window at 1366 and 390 px (item 7)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_to_dashboard
from tests.support.stack import SUITE_CONFIGURATION, app_stack

pytestmark = [pytest.mark.browser, pytest.mark.processes]

# The card of the issue: 1 of any printing, 2 RAV 213, 1 RAV 213 foil (4 in all).
HELIX = """
from django.contrib.auth import get_user_model
from cards.catalog.models import Card
from cards.wishlist.changes import SpecValues, Want, save_wants
from cards.wishlist.models import TrackedCard
alice = get_user_model().objects.get(username="alice")
tracked = TrackedCard(user=alice, card=Card.objects.get(name="Lightning Helix"))
save_wants(tracked, [Want(SpecValues(), 1), Want(SpecValues("rav", "213", "nonfoil"), 2),
                     Want(SpecValues("rav", "213", "foil"), 1)])
"""

# Every box of the open dialog inside the dialog and the window; every control named by a <label>.
DIALOG_PROBLEMS = """() => {
  const dialog = document.getElementById("edit-dialog");
  const outer = dialog.getBoundingClientRect();
  const problems = [];
  if (outer.left < 0 || outer.right > window.innerWidth + 0.5) problems.push(["dialog", outer.left, outer.right]);
  for (const node of dialog.querySelectorAll("input, select, button, label, p, h2")) {
    if (node.hidden || node.offsetParent === null) continue;
    const box = node.getBoundingClientRect();
    if (box.left < outer.left - 0.5 || box.right > outer.right + 0.5) problems.push([node.className || node.tagName, box.left, box.right]);
  }
  for (const control of dialog.querySelectorAll("#edit-specs input, #edit-specs select")) {
    if (!control.labels.length || !control.labels[0].textContent.trim()) problems.push(["no label", control.className]);
  }
  return problems;
}"""


@pytest.fixture(params=[SUITE_CONFIGURATION])
def stack(request, tmp_path, sample_store_server):
    sample_store_server.reset()
    with app_stack(tmp_path, request.param, sample_store_server.url) as app:
        app.add_user("alice", "alice password 1", ["sample-shopify"], then=HELIX)
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


def test_a_new_total_on_a_card_of_several_printings_takes_and_the_dialog_fits_at_both_widths(page, stack):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in_to_dashboard(page, stack.url, "alice", "alice password 1")
    row = page.locator('tr[data-card="Lightning Helix"]')
    expect(row.locator(".card-name .amount")).to_have_text("4")
    row.get_by_role("link", name="Edit").click()
    rows = page.locator("#edit-specs .spec-row")
    expect(rows).to_have_count(3)
    # Each printing's amount has its own label, as every other field does.
    expect(page.get_by_label("Copies of this printing")).to_have_count(3)
    assert page.evaluate(DIALOG_PROBLEMS) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(DIALOG_PROBLEMS) == []

    # 4 → 6: the two copies added go to "any printing"; the named printings keep theirs.
    page.locator("#edit-form input[name=amount]").fill("6")
    page.locator("#edit-form").get_by_role("button", name="Save").click()
    expect(row.locator(".card-name .amount")).to_have_text("6")
    expect(row.locator(".card-name .specs .spec")).to_have_text(
        ["3× any printing", "1× RAV 213 foil", "2× RAV 213 nonfoil"])

    # 6 → 2 cannot be taken off "any printing" alone: the dialog stays open and says why.
    row.get_by_role("link", name="Edit").click()
    page.locator("#edit-form input[name=amount]").fill("2")
    page.locator("#edit-form").get_by_role("button", name="Save").click()
    expect(page.locator("#edit-error")).to_have_text("the printings' amounts add up to 6, not 2")
    expect(page.locator("#edit-dialog")).to_be_visible()
    expect(row.locator(".card-name .amount")).to_have_text("6")
