"""One reconnect helper in the browser: static/js/socket.js, with jittered backoff (half to all of
1 s, 2 s, 4 s… up to 30 s, docs/protocol.md), used by every page script that opens a socket.

The timing is checked in Chromium on the script itself, with the page's WebSocket and timers
replaced, so no server and no waiting: each drop is a `close` event, each wait is recorded.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "static" / "js" / "socket.js"

# Drops the connection eight times, opens it, drops it once more: the waits before each reconnect.
DROPS = """(random) => {
  const sockets = [];
  class FakeSocket {
    constructor(url) { this.url = url; this.readyState = 0; this.listeners = {}; sockets.push(this); }
    addEventListener(type, listener) { (this.listeners[type] ||= []).push(listener); }
    fire(type) {
      this.readyState = type === "open" ? 1 : 3;
      for (const listener of this.listeners[type] || []) listener({ data: "{}" });
    }
  }
  FakeSocket.OPEN = 1;
  window.WebSocket = FakeSocket;
  Math.random = () => random;
  const status = document.createElement("span");
  const waits = [], shown = [];  // each wait, and what the connection line said meanwhile
  window.setTimeout = (reconnect, ms) => { waits.push(ms); shown.push(status.textContent); reconnect(); return 0; };
  let opened = 0;
  window.openLiveSocket("/ws/", { status, onOpen: () => { opened += 1; }, onMessage: () => {} });
  for (let i = 0; i < 8; i++) sockets.at(-1).fire("close");
  sockets.at(-1).fire("open");
  const live = [status.textContent, status.className];
  sockets.at(-1).fire("close");
  return { waits, shown, live, opened, url: sockets[0].url };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("random, share", [(0, 0.5), (0.999999, 1.0)])
def test_reconnects_wait_half_to_all_of_a_doubling_backoff_up_to_30_seconds(page, random, share):
    page.set_content("<!DOCTYPE html><title>socket</title>")
    page.add_script_tag(path=str(SCRIPT))

    run = page.evaluate(DROPS, random)

    backoff = [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]
    assert run["waits"][:8] == [round(ms * share) for ms in backoff]
    assert run["waits"][8] == round(1000 * share)  # a connection that opened starts again at 1 s
    assert run["shown"][0] == "reconnecting in 1 s…"  # half a second, rounded up as JavaScript rounds
    assert run["shown"][7] == f"reconnecting in {int(30 * share)} s…"
    assert run["live"] == ["live", "connection live"] and run["opened"] == 1
    assert run["url"].startswith("ws://") and run["url"].endswith("/ws/")


def test_no_other_script_opens_a_socket_and_every_page_using_it_loads_it_first() -> None:
    for script in (ROOT / "static" / "js").glob("*.js"):
        if script != SCRIPT:
            code = script.read_text()
            assert "new WebSocket" not in code and "retryDelay" not in code, script.name
    users = {script.name for script in (ROOT / "static" / "js").glob("*.js") if "openLiveSocket(" in script.read_text()}
    assert users == {"dashboard.js", "buy_plan.js"}
    for template in ROOT.glob("availability/**/templates/**/*.html"):
        scripts = re.findall(r"static 'js/([\w.]+)'", template.read_text())
        for name in users & set(scripts):
            assert "socket.js" in scripts[: scripts.index(name)], (template.name, name)
