// The dashboard: one WebSocket (docs/protocol.md), a table of tracked cards × chosen stores whose
// cells go from "checking…" to a price, and forms that add, edit and delete cards over the socket.
(() => {
  "use strict";
  const root = document.getElementById("dashboard");
  if (!root) return;

  const state = { cards: [], stores: [], cells: new Map() }; // cells: "card\u0000store" -> message
  const table = document.getElementById("availability");
  const connection = document.getElementById("connection");
  const progress = document.getElementById("progress");
  let socket = null;
  let retryDelay = 1000;

  const key = (card, store) => `${card}\u0000${store}`;
  // A store writes its own links: only an absolute http(s) URL becomes a link (the server's rule,
  // lgs_checker/weblinks.py); `javascript:` and the like stay text.
  const webUrl = (value) => {
    if (typeof value !== "string" || /[\u0000-\u0020\u007f]/.test(value)) return null;
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname ? url.href : null;
    } catch {
      return null;
    }
  };
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  };

  // --- connection, with backoff; after a reconnect everything is asked for again ---------------
  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}${root.dataset.wsPath}`);
    connection.textContent = "connecting…";
    socket.addEventListener("open", () => {
      retryDelay = 1000;
      connection.textContent = "live";
      connection.className = "connection live";
      document.getElementById("answers-recorded")?.remove(); // the cells are about to be live again
      refetch();
    });
    socket.addEventListener("message", (event) => handle(JSON.parse(event.data)));
    socket.addEventListener("close", () => {
      // Jitter: after a deploy every open dashboard loses its socket at the same moment; a random
      // delay between half and all of the backoff spreads their reconnects out.
      const delay = Math.round(retryDelay * (0.5 + Math.random() / 2));
      connection.textContent = `reconnecting in ${Math.round(delay / 1000)} s…`;
      connection.className = "connection down";
      setTimeout(connect, delay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function refetch() {
    send({ type: "get_users_cards" });
    send({ type: "get_user_stores" });
    send({ type: "get_card_availability" });
  }

  // Pushes are at most once. If cells stay "checking" with no news for a while, ask again: the
  // server answers finished checks from its cache and does not queue a check twice.
  let lastNews = Date.now();
  setInterval(() => {
    const waiting = state.cards.length * state.stores.length - countFinal();
    if (waiting > 0 && Date.now() - lastNews > 20000) {
      lastNews = Date.now();
      send({ type: "get_card_availability" });
    }
  }, 5000);

  // --- incoming messages -----------------------------------------------------------------------
  const pendingErrors = []; // where to show the reply to the last form sent
  function handle(message) {
    switch (message.type) {
      case "cards_data":
        state.cards = message.tracked_cards;
        closeForms();
        render();
        break;
      case "user_stores":
        state.stores = message.stores;
        render();
        break;
      case "card_availability_update":
        if (message.status !== "checking") lastNews = Date.now();
        state.cells.set(key(message.card_name, message.store_slug), message);
        updateCell(message.card_name, message.store_slug);
        updateProgress();
        break;
      case "error":
        showError(message);
        break;
      case "notification": {
        // An alert was recorded for this user: the badge in the navigation shows the unread count.
        const badge = document.getElementById("notifications-badge");
        if (badge) { badge.textContent = String(message.unread); badge.hidden = !message.unread; }
        break;
      }
    }
  }

  function showError(message) {
    const target = pendingErrors.shift() || document.getElementById("add-card-error");
    target.textContent = message.message;
    target.hidden = false;
  }

  // --- rendering -------------------------------------------------------------------------------
  function render() {
    document.getElementById("empty").hidden = state.cards.length > 0;
    table.hidden = state.cards.length === 0;
    const head = el("tr", {}, el("th", {}, "Want"), el("th", {}, "Card"), el("th", {}, "Printing"));
    for (const store of state.stores) head.append(el("th", { "data-store": store.slug, title: store.city || "" }, store.name));
    head.append(el("th"));
    table.tHead.replaceChildren(head);
    const rows = state.cards.map((tracked) => {
      const row = el("tr", { "data-card": tracked.card },
        el("td", { class: "amount" }, String(tracked.amount)),
        el("td", { class: "name" }, tracked.card),
        el("td", { class: "specs" }, ...specBadges(tracked.specs)));
      for (const store of state.stores) row.append(el("td", { class: "cell", "data-store": store.slug }));
      row.append(el("td", { class: "actions" },
        el("button", { type: "button", class: "link", onclick: () => openEdit(tracked) }, "Edit"), " ",
        el("a", { class: "history", href: `${root.dataset.historyUrl}?card=${encodeURIComponent(tracked.card)}` }, "History"), " ",
        el("button", { type: "button", class: "link", onclick: () => remove(tracked.card) }, "Delete")));
      return row;
    });
    table.tBodies[0].replaceChildren(...rows);
    for (const tracked of state.cards) for (const store of state.stores) updateCell(tracked.card, store.slug);
    updateProgress();
  }

  function specBadges(specs) {
    if (!specs.length) return ["any"];
    return specs.map((spec) => el("span", { class: "spec" },
      [spec.set_code.toUpperCase() || "any set", spec.collector_number, spec.finish].filter(Boolean).join(" ")));
  }

  function findCell(card, store) {
    for (const row of table.tBodies[0].rows) {
      if (row.dataset.card === card) return row.querySelector(`td.cell[data-store="${CSS.escape(store)}"]`);
    }
    return null;
  }

  function updateCell(card, store) {
    const cell = findCell(card, store);
    if (!cell) return;
    const message = state.cells.get(key(card, store)) || { status: "checking", items: [] };
    cell.className = `cell ${message.status}`;
    cell.removeAttribute("title");
    if (message.status === "in_stock") {
      const best = message.items[0];
      const quantity = best.quantity ? ` · ×${best.quantity}` : "";
      cell.replaceChildren(
        el("button", { type: "button", class: "link offers-link", onclick: () => openOffers(card, store) },
          `${best.currency} ${best.price}`));
      if (message.items.length > 1) cell.append(el("span", { class: "more" }, `+${message.items.length - 1} more`));
      cell.append(el("span", { class: "detail" }, `${best.condition} · ${best.finish}${quantity}`));
    } else if (message.status === "out_of_stock") {
      cell.replaceChildren("not in stock");
    } else if (message.status === "error") {
      const lastGood = message.last_good_at ? ` (last good result ${ago(message.last_good_at)})` : "";
      cell.title = message.reason + lastGood;
      cell.replaceChildren(el("span", {}, "store error"), el("span", { class: "detail reason" }, message.reason + lastGood));
    } else {
      cell.replaceChildren("checking…");
    }
  }

  function countFinal() {
    let done = 0;
    for (const tracked of state.cards) for (const store of state.stores) {
      const message = state.cells.get(key(tracked.card, store.slug));
      if (message && message.status !== "checking") done += 1;
    }
    return done;
  }

  function updateProgress() {
    const total = state.cards.length * state.stores.length;
    const done = countFinal();
    progress.textContent = total ? (done < total ? `checked ${done} of ${total}` : `all ${total} checked`) : "";
  }

  function ago(iso) {
    const minutes = Math.round((Date.now() - Date.parse(iso)) / 60000);
    if (minutes < 1) return "just now";
    if (minutes < 90) return `${minutes} min ago`;
    return `${Math.round(minutes / 60)} h ago`;
  }

  // --- offers dialog, sortable by price --------------------------------------------------------
  const offersDialog = document.getElementById("offers-dialog");
  let offersSortAscending = true;
  let offersShown = null;
  function openOffers(card, store) {
    offersShown = { card, store };
    const storeName = (state.stores.find((s) => s.slug === store) || { name: store }).name;
    document.getElementById("offers-title").textContent = `${card} at ${storeName}`;
    fillOffers();
    offersDialog.showModal();
  }
  function fillOffers() {
    const message = state.cells.get(key(offersShown.card, offersShown.store));
    const items = [...(message ? message.items : [])].sort(
      (a, b) => (offersSortAscending ? 1 : -1) * (parseFloat(a.price) - parseFloat(b.price)));
    offersDialog.querySelector(".sort").textContent = `Price ${offersSortAscending ? "▲" : "▼"}`;
    offersDialog.querySelector("tbody").replaceChildren(...items.map((item) => el("tr", {},
      el("td", {}, `${item.currency} ${item.price}`), el("td", { title: item.condition_raw || "" }, item.condition),
      el("td", {}, item.finish), el("td", {}, item.set_code || item.set_name || ""),
      el("td", {}, item.collector_number || ""), el("td", {}, item.quantity == null ? "available" : String(item.quantity)),
      el("td", {}, item.language || ""),
      el("td", {}, webUrl(item.url) ? el("a", { href: webUrl(item.url), target: "_blank", rel: "noopener" }, "Buy at store") : "no link"))));
  }
  offersDialog.querySelector(".sort").addEventListener("click", () => {
    offersSortAscending = !offersSortAscending;
    fillOffers();
  });

  // --- add, edit, delete over the socket -------------------------------------------------------
  const addForm = document.getElementById("add-card");
  const addError = document.getElementById("add-card-error");
  addForm.addEventListener("submit", (event) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return; // no socket: the form posts normally
    event.preventDefault();
    const data = new FormData(addForm);
    const spec = { set_code: data.get("set_code") || "", collector_number: data.get("collector_number") || "", finish: data.get("finish") || "" };
    addError.hidden = true;
    pendingErrors.push(addError);
    send({ type: "add_card", card: data.get("card"), amount: parseInt(data.get("amount") || "1", 10),
           specs: Object.values(spec).some(Boolean) ? [spec] : [] });
  });

  function closeForms() {
    pendingErrors.length = 0;
    if (editDialog.open) editDialog.close();
    addError.hidden = true;
    addForm.reset();
  }

  function remove(card) {
    if (confirm(`Stop tracking ${card}?`)) send({ type: "delete_card", card });
  }

  const editDialog = document.getElementById("edit-dialog");
  const editForm = document.getElementById("edit-form");
  const editError = document.getElementById("edit-error");
  let editing = null;
  function openEdit(tracked) {
    editing = tracked;
    document.getElementById("edit-title").textContent = `Edit ${tracked.card}`;
    editForm.amount.value = tracked.amount;
    editError.hidden = true;
    const specs = document.getElementById("edit-specs");
    specs.replaceChildren();
    loadPrintings(tracked.card).then((printings) => {
      for (const spec of tracked.specs.length ? tracked.specs : [{}]) specs.append(specRow(printings, spec));
    });
    editDialog.showModal();
  }
  document.getElementById("edit-add-spec").addEventListener("click", () =>
    loadPrintings(editing.card).then((printings) => document.getElementById("edit-specs").append(specRow(printings, {}))));
  document.getElementById("edit-cancel").addEventListener("click", () => editDialog.close());
  editForm.addEventListener("submit", (event) => {
    event.preventDefault();
    // Each row is a want: its own amount when given, else a share of the total (docs/protocol.md).
    const specs = [...document.querySelectorAll("#edit-specs .spec-row")].map((row) => {
      const spec = { set_code: row.querySelector(".set").value, collector_number: row.querySelector(".number").value,
        finish: row.querySelector(".finish").value };
      const copies = parseInt(row.querySelector(".spec-amount").value, 10);
      return Number.isNaN(copies) ? spec : { ...spec, amount: copies };
    }).filter((spec) => Object.values(spec).some(Boolean));
    const update = specs.length && specs.every((spec) => "amount" in spec)
      ? { specs } : { amount: parseInt(editForm.amount.value, 10), specs };
    editError.hidden = true;
    pendingErrors.push(editError);
    send({ type: "update_card", card: editing.card, update_data: update });
  });

  // The finishes (code → label) as the server lists them (scrapers/vocabulary.py), in the page.
  const FINISHES = JSON.parse(document.getElementById("vocabulary").textContent).finishes;
  // A printing picker: set, then collector number and finish among that set's printings.
  function specRow(printings, spec) {
    const option = (value, label) => el("option", { value }, label);
    const set = el("select", { class: "set", "aria-label": "Set" }, option("", "Any set"));
    const sets = new Map(printings.map((p) => [p.set_code, p.set_name]));
    for (const [code, name] of sets) set.append(option(code, `${name} (${code.toUpperCase()})`));
    const number = el("select", { class: "number", "aria-label": "Collector number" });
    const finish = el("select", { class: "finish", "aria-label": "Finish" });
    const refill = () => {
      const chosen = printings.filter((p) => !set.value || p.set_code === set.value);
      number.replaceChildren(option("", "Any number"), ...[...new Set(chosen.map((p) => p.collector_number))].map((n) => option(n, n)));
      const finishes = new Set(chosen.flatMap((p) => p.finishes));
      finish.replaceChildren(option("", "Any finish"), ...Object.keys(FINISHES).filter((f) => finishes.has(f)).map((f) => option(f, FINISHES[f])));
    };
    set.addEventListener("change", refill);
    set.value = (spec.set_code || "").toLowerCase();
    refill();
    number.value = spec.collector_number || "";
    finish.value = spec.finish || "";
    const copies = el("input", { type: "number", class: "spec-amount", min: "1", max: "999",
      "aria-label": "Copies of this printing", placeholder: "copies", value: spec.amount ?? "" });
    const row = el("div", { class: "spec-row" }, copies, set, number, finish);
    row.append(el("button", { type: "button", class: "link", onclick: () => row.remove() }, "remove"));
    return row;
  }

  const printingsCache = new Map();
  function loadPrintings(name) {
    if (!printingsCache.has(name)) {
      const url = `${root.dataset.printingsUrl}?name=${encodeURIComponent(name)}`;
      printingsCache.set(name, fetch(url).then((r) => (r.ok ? r.json() : { printings: [] })).then((d) => d.printings));
    }
    return printingsCache.get(name);
  }

  // --- autocomplete for the add form, and its printing pickers ---------------------------------
  const nameInput = addForm.querySelector("[name=card]");
  const datalist = document.getElementById("card-names");
  nameInput.setAttribute("list", "card-names");
  nameInput.setAttribute("autocomplete", "off");
  let typing = null;
  nameInput.addEventListener("input", () => {
    clearTimeout(typing);
    const q = nameInput.value.trim();
    if (q.length < 2) return;
    typing = setTimeout(async () => {
      const response = await fetch(`${root.dataset.autocompleteUrl}?q=${encodeURIComponent(q)}`);
      if (!response.ok) return;
      const data = await response.json();
      datalist.replaceChildren(...data.results.map((name) => el("option", { value: name })));
    }, 150);
  });
  const setInput = addForm.querySelector("[name=set_code]");
  const setList = el("datalist", { id: "set-codes" });
  addForm.append(setList);
  setInput.setAttribute("list", "set-codes");
  nameInput.addEventListener("change", () => loadPrintings(nameInput.value.trim()).then((printings) => {
    const sets = new Map(printings.map((p) => [p.set_code, p.set_name]));
    setList.replaceChildren(...[...sets].map(([code, name]) => el("option", { value: code.toUpperCase() }, name)));
  }));

  document.getElementById("refresh").addEventListener("click", () => {
    state.cells.clear();
    render();
    send({ type: "get_card_availability" });
  });

  connect();
})();
