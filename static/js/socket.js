// The page's one WebSocket to the server (docs/protocol.md), used by every page that talks over it
// (dashboard.js, buy_plan.js). After a dropped connection it reconnects with jittered backoff: it
// waits half to all of 1 s, 2 s, 4 s… up to 30 s, so the crowd of tabs a deploy disconnects at the
// same moment does not come back in step. The connection line (`status`) says live, connecting or
// when it tries again. A push is at most once: `onOpen` runs on every (re)connect, and is where a
// page asks for its state again.
(() => {
  "use strict";
  const FIRST_WAIT_MS = 1000;
  const LONGEST_WAIT_MS = 30000;

  window.openLiveSocket = (path, { status, onOpen, onMessage }) => {
    let socket = null;
    let backoff = FIRST_WAIT_MS;

    const show = (text, state) => {
      status.textContent = text;
      status.className = state ? `connection ${state}` : "connection";
    };

    function connect() {
      const scheme = location.protocol === "https:" ? "wss" : "ws";
      socket = new WebSocket(`${scheme}://${location.host}${path}`);
      show("connecting…", "");
      socket.addEventListener("open", () => {
        backoff = FIRST_WAIT_MS;
        show("live", "live");
        onOpen();
      });
      socket.addEventListener("message", (event) => onMessage(JSON.parse(event.data)));
      socket.addEventListener("close", () => {
        const delay = Math.round(backoff * (0.5 + Math.random() / 2));
        backoff = Math.min(backoff * 2, LONGEST_WAIT_MS);
        show(`reconnecting in ${Math.round(delay / 1000)} s…`, "down");
        setTimeout(connect, delay);
      });
    }

    connect();
    return {
      get open() { return socket !== null && socket.readyState === WebSocket.OPEN; },
      send(message) {
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
      },
    };
  };
})();
