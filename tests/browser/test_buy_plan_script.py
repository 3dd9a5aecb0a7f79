"""The buy plan page's script (static/js/buy_plan.js) when its plan is refused because another tab's
plan of the same user is being worked out: it shows the message and asks again a few seconds later.

Checked in Chromium on the script itself, with the socket helper and timers replaced: no server and
no waiting."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "static" / "js" / "buy_plan.js"
BUSY = "Your buy plan is already being worked out"

PAGE = f"""<!DOCTYPE html><title>plan</title>
<section id="buy-plan" data-ws-path="/ws/" data-busy="{BUSY}">
  <span id="connection"></span><span id="plan-status"></span>
  <form id="plan-options"><input name="store_cost" value="0"><input name="max_stores" value="">
    <select name="currency"><option value="">any</option></select></form>
  <p id="plan-error" hidden></p><div id="plan"></div>
</section>"""

# Stands in for socket.js and the timers before the page script runs: records what is sent and
# each timer asked for, and hands the test the page's message handler.
FAKES = """() => {
  window.sent = []; window.timers = [];
  window.setTimeout = (callback, ms) => { window.timers.push({ callback, ms }); return window.timers.length; };
  window.clearTimeout = () => {};
  window.openLiveSocket = (path, handlers) => {
    window.handlers = handlers;
    return { open: true, send: (message) => window.sent.push(message) };
  };
}"""


@pytest.mark.browser
def test_a_plan_refused_while_another_tab_plans_is_asked_for_again_a_few_seconds_later(page):
    page.set_content(PAGE)
    page.evaluate(FAKES)
    page.add_script_tag(path=str(SCRIPT))
    page.evaluate("() => window.handlers.onOpen()")
    assert page.evaluate("() => window.sent.map((m) => m.type)") == ["get_card_availability", "get_buy_plan"]

    busy = f"{BUSY} (in another tab or window?). It takes at most 10 s: ask again when it is done."
    page.evaluate("(text) => window.handlers.onMessage({ type: 'error', request: 'get_buy_plan', message: text })", busy)
    assert page.locator("#plan-error").inner_text() == busy
    assert page.evaluate("() => window.timers.map((t) => t.ms)") == [3000]
    page.evaluate("() => window.timers[0].callback()")
    assert page.evaluate("() => window.sent.map((m) => m.type)") == [
        "get_card_availability", "get_buy_plan", "get_buy_plan"]

    # Any other refusal (a bad option) is shown and left for the player to correct.
    page.evaluate("() => window.handlers.onMessage({ type: 'error', request: 'get_buy_plan', "
                  "message: 'max stores must be a whole number of 1 or more, or blank for any' })")
    assert page.evaluate("() => window.timers.length") == 1
