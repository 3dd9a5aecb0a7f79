// The buy plan page: asks for the plan over the WebSocket (docs/protocol.md, get_buy_plan →
// buy_plan) and swaps in the server-rendered fragment. As check results arrive it asks again, but
// at most once every RECOMPUTE_MS: a list of 200 cards × 30 stores answers 6000 cells.
(() => {
  "use strict";
  const root = document.getElementById("buy-plan");
  if (!root) return;

  const RECOMPUTE_MS = 3000;
  const form = document.getElementById("plan-options");
  const planBox = document.getElementById("plan");
  const connection = document.getElementById("connection");
  const status = document.getElementById("plan-status");
  const errorBox = document.getElementById("plan-error");
  let socket = null; // openLiveSocket's (socket.js)
  let recompute = null; // the pending timer, if new answers are waiting to be planned with
  let planning = false; // a get_buy_plan is out: ask again only when it is answered
  let askAgain = false;

  function options() {
    const data = new FormData(form);
    return { store_cost: data.get("store_cost") || "0", max_stores: data.get("max_stores") || "", currency: data.get("currency") || "" };
  }

  const send = (message) => socket?.send(message);

  function askForPlan() {
    clearTimeout(recompute);
    recompute = null;
    if (planning) { askAgain = true; return; } // one solve at a time per page
    planning = true;
    status.textContent = "planning…";
    send({ type: "get_buy_plan", ...options() });
  }

  function planAnswered() {
    planning = false;
    if (askAgain) { askAgain = false; askForPlan(); }
  }

  // The connection (socket.js: jittered backoff); after a reconnect the plan is asked for again.
  function connect() {
    socket = window.openLiveSocket(root.dataset.wsPath, {
      status: connection,
      onOpen: () => {
        planning = false; // an answer lost with the old socket will not come
        // Queues checks for cells with no fresh answer; their results are pushed as they finish.
        send({ type: "get_card_availability" });
        askForPlan();
      },
      onMessage: handle,
    });
  }

  function handle(message) {
    switch (message.type) {
      case "card_availability_update":
        // An answer (the server's `final`), not a cell still waiting for its check.
        if (message.final && recompute === null) recompute = setTimeout(askForPlan, RECOMPUTE_MS);
        break;
      case "buy_plan":
        planBox.innerHTML = message.html; // rendered by the server from the page's own fragment
        errorBox.hidden = true;
        // The time as the server writes every time: in the user's zone, "14:05".
        status.textContent = `planned at ${planBox.querySelector(".plan-summary").dataset.plannedAt}`;
        planAnswered();
        break;
      case "error":
        if (message.request === "get_buy_plan") {
          if (message.retry_after) {
            planning = false;
            askAgain = false;
            // Refused for now (too many messages at once, e.g. many reloads): the plan on screen
            // is not the one the form asks for, so ask again when the server takes messages again.
            status.textContent = `too busy to plan; asking again in ${message.retry_after} s`;
            clearTimeout(recompute);
            recompute = setTimeout(askForPlan, message.retry_after * 1000);
            break;
          }
          errorBox.textContent = message.message;
          errorBox.hidden = false;
          status.textContent = "";
          planAnswered();
          // Another tab's plan is being worked out (one at a time per user): ask again shortly.
          const busy = root.dataset.busy;
          if (busy && message.message.startsWith(busy) && recompute === null) {
            recompute = setTimeout(askForPlan, RECOMPUTE_MS);
          }
        }
        break;
    }
  }

  form.addEventListener("submit", (event) => {
    if (!socket || !socket.open) return; // no socket: the form reloads the page
    event.preventDefault();
    history.replaceState(null, "", `?${new URLSearchParams(options())}`);
    askForPlan();
  });
  form.addEventListener("change", () => form.requestSubmit());

  // "Copy as list": the store's list text to the clipboard (selected, when the clipboard is refused).
  planBox.addEventListener("click", (event) => {
    const button = event.target.closest("button.copy-list");
    if (!button) return;
    const text = button.closest(".plan-store").querySelector(".list-text");
    const done = () => { button.textContent = "Copied"; setTimeout(() => { button.textContent = "Copy as list"; }, 2000); };
    if (navigator.clipboard) navigator.clipboard.writeText(text.value).then(done, () => text.select());
    else text.select();
  });

  connect();
})();
