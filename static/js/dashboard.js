// The dashboard: one WebSocket (docs/protocol.md) and a table of tracked cards × chosen stores.
// Every row and cell is rendered on the server (availability/live/cells.py, live/_cell.html);
// this script only swaps the fragment a message carries into the element with the same key
// (`cell-<card id>-<store slug>`, `best-<card id>`, the tbody for a whole wishlist). It renders no
// cell or row of its own. It also sends the add, edit and delete forms over the socket.
(() => {
  "use strict";
  const root = document.getElementById("dashboard");
  if (!root) return;

  const table = document.getElementById("availability");
  const tbody = table.tBodies[0];
  const connection = document.getElementById("connection");
  const progress = document.getElementById("progress");
  // Each cell says what the script needs of it (availability/live/_cell.html): `data-final` (an
  // answer, not waiting for a check) and `data-in-stock` (yes, no or unknown). The states themselves
  // are the server's (availability/live/states.py); the script names none.
  const isFinal = (cell) => cell.dataset.final === "true";
  let socket = null; // openLiveSocket's (socket.js), once connect() ran

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
  // A server-rendered fragment (a <td>, or <tr>s) as nodes; <template> parses table parts.
  const holder = document.createElement("template");
  const fragment = (html) => {
    holder.innerHTML = html;
    return holder.content;
  };

  // --- the connection (socket.js: jittered backoff); after a reconnect everything is asked for again
  function connect() {
    socket = window.openLiveSocket(root.dataset.wsPath, {
      status: connection,
      onOpen: () => {
        document.getElementById("answers-recorded")?.remove(); // the cells are about to be live again
        refetch();
      },
      onMessage: handle,
    });
  }

  const send = (message) => socket?.send(message);
  const live = () => socket !== null && socket.open;

  // The server drew the wishlist with the page; only after a reconnect may it have changed since.
  let connectedBefore = false;
  function refetch() {
    if (connectedBefore) send({ type: "get_users_cards" });
    connectedBefore = true;
    send({ type: "get_user_stores" });
    send({ type: "get_card_availability" });
  }

  // --- progress: a counter kept per message, recounted only when the whole list is swapped ------
  const progressCount = { done: 0, total: 0 };
  function recount() {
    const cells = tbody.querySelectorAll("td.cell");
    progressCount.total = cells.length;
    progressCount.done = [...cells].filter(isFinal).length;
    showProgress();
  }
  // The counter changes per message; its text is written at most once per frame.
  let progressDrawn = true;
  function showProgress() {
    if (!progressDrawn) return;
    progressDrawn = false;
    requestAnimationFrame(() => {
      progressDrawn = true;
      const { done, total } = progressCount;
      progress.textContent = total ? (done < total ? `checked ${done} of ${total}` : `all ${total} checked`) : "";
    });
  }

  // Pushes are at most once. If cells stay "checking" with no news for a while, ask again: the
  // server answers finished checks from its cache and does not queue a check twice. Any message
  // is news: a big list takes the server a while to answer, and asking again meanwhile would
  // only queue the same work behind it.
  let lastNews = Date.now();
  setInterval(() => {
    if (progressCount.done < progressCount.total && Date.now() - lastNews > 20000) {
      lastNews = Date.now();
      send({ type: "get_card_availability" });
    }
  }, 5000);

  // --- incoming messages -----------------------------------------------------------------------
  const pendingErrors = []; // where to show the reply to the last form sent
  function handle(message) {
    lastNews = Date.now();
    switch (message.type) {
      case "cards_data":
        // A list too big for one message comes without its rows: the page draws it over HTTP.
        if (message.html === null) { location.reload(); break; }
        swapWishlist(message.html);
        if (pendingErrors.length) closeForms(); // this tab's own change went through
        break;
      case "user_stores": {
        // The header is the server's; if the chosen stores changed since it was drawn, draw again.
        const shown = [...table.tHead.querySelectorAll("th[data-store]")].map((th) => th.dataset.store).join(" ");
        if (shown !== message.stores.map((store) => store.slug).join(" ")) location.reload();
        break;
      }
      case "card_availability_update":
        swapCell(message);
        break;
      case "refresh_summary": {
        const note = document.getElementById("refresh-note");
        note.textContent = message.text;
        note.hidden = false;
        break;
      }
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
    // "did you mean": one click tracks the suggested card instead.
    if (message.suggestion && target === addError) {
      target.append(" ", el("button", { type: "button", class: "link suggestion", onclick: () => {
        addForm.querySelector("[name=card]").value = message.suggestion;
        addForm.requestSubmit();
      } }, `Track ${message.suggestion}`));
    }
  }

  // --- swapping server-rendered fragments ------------------------------------------------------
  function swapWishlist(html) {
    tbody.replaceChildren(fragment(html));
    bestShown.clear();
    const empty = tbody.rows.length === 0;
    document.getElementById("empty").hidden = !empty;
    table.hidden = empty;
    // Rows pushed over the socket were rendered without a request, so without a CSRF token: the
    // delete forms take the page's, in case they are ever posted without the socket.
    const token = document.querySelector("#add-card [name=csrfmiddlewaretoken]").value;
    for (const input of tbody.querySelectorAll("[name=csrfmiddlewaretoken]")) input.value = token;
    for (const row of tbody.rows) markCheapest(row);
    recount();
    sortRows();
    for (const row of tbody.rows) filterRow(row);
  }

  // Per message: one lookup by key, one swap, O(1) bookkeeping (a full refresh is thousands).
  const bestShown = new Map(); // card id -> the best-price fragment on screen
  function swapCell(message) {
    const old = document.getElementById(`cell-${message.card_id}-${message.store_slug}`);
    if (!old) return; // a row this tab does not show (yet): its cards_data brings it
    const wasFinal = isFinal(old);
    const cell = fragment(message.html).firstElementChild;
    old.replaceWith(cell);
    progressCount.done += (isFinal(cell) ? 1 : 0) - (wasFinal ? 1 : 0);
    showProgress();
    const row = document.getElementById(`card-${message.card_id}`);
    if (message.best_html && bestShown.get(message.card_id) !== message.best_html) {
      bestShown.set(message.card_id, message.best_html);
      const best = document.getElementById(`best-${message.card_id}`);
      if (best) best.replaceWith(fragment(message.best_html));
      markCheapest(row);
    } else {
      const best = document.getElementById(`best-${message.card_id}`);
      cell.classList.toggle("cheapest", !!best && best.dataset.cheapest.split(" ").includes(cell.dataset.store));
    }
    if (onlyInStock.checked || hideNobody.checked || gameFilter.value) filterRow(row);
  }

  // The best-price cell names the stores with the cheapest offer; their cells get a mark.
  function markCheapest(row) {
    const best = row.querySelector("td.best");
    const cheapest = new Set((best ? best.dataset.cheapest : "").split(" ").filter(Boolean));
    for (const cell of row.querySelectorAll("td.cell")) cell.classList.toggle("cheapest", cheapest.has(cell.dataset.store));
  }

  // --- filters and sorting (rows are only shown, hidden or moved) -------------------------------
  const onlyInStock = document.getElementById("filter-in-stock");
  const hideNobody = document.getElementById("filter-hide-nobody");
  const sortBy = document.getElementById("sort-by");
  // The game filter is kept in the address (?game=pokemon), so a reload or a bookmark keeps it.
  const gameFilter = document.getElementById("filter-game");
  const wantedGame = new URLSearchParams(location.search).get("game") || "";
  if ([...gameFilter.options].some((option) => option.value === wantedGame)) gameFilter.value = wantedGame;
  function filterRow(row) {
    const stock = [...row.querySelectorAll("td.cell")].map((cell) => cell.dataset.inStock);
    const inStock = stock.includes("yes");
    const nobody = stock.length > 0 && stock.every((answer) => answer === "no");
    const otherGame = gameFilter.value !== "" && row.dataset.game !== gameFilter.value;
    row.hidden = otherGame || (onlyInStock.checked && !inStock) || (hideNobody.checked && nobody);
  }
  function sortPrice(row) {
    const best = row.querySelector("td.best");
    const price = best && best.dataset.sortPrice;
    return price ? parseFloat(price) : Infinity;
  }
  function sortRows() {
    const rows = [...tbody.rows];
    const byName = (a, b) => a.dataset.card.localeCompare(b.dataset.card);
    rows.sort(sortBy.value === "price" ? (a, b) => sortPrice(a) - sortPrice(b) || byName(a, b) : byName);
    tbody.append(...rows);
  }
  onlyInStock.addEventListener("change", () => { for (const row of tbody.rows) filterRow(row); });
  hideNobody.addEventListener("change", () => { for (const row of tbody.rows) filterRow(row); });
  sortBy.addEventListener("change", sortRows);
  gameFilter.addEventListener("change", () => {
    const url = new URL(location.href);
    if (gameFilter.value) url.searchParams.set("game", gameFilter.value);
    else url.searchParams.delete("game");
    history.replaceState(null, "", url);
    for (const row of tbody.rows) filterRow(row);
  });

  // --- offers dialog: a server-rendered fragment; sorting reverses its rows --------------------
  const offersDialog = document.getElementById("offers-dialog");
  const offersBody = document.getElementById("offers-body");
  async function openOffers(button) {
    const row = button.closest("tr");
    const url = `${root.dataset.cardsUrl}${row.dataset.trackedId}/offers/${encodeURIComponent(button.dataset.store)}/`;
    const response = await fetch(url, { headers: { Accept: "text/html" } });
    if (!response.ok) return;
    offersBody.replaceChildren(fragment(await response.text()));
    offersDialog.showModal();
  }
  offersBody.addEventListener("click", (event) => {
    const sort = event.target.closest(".sort");
    if (!sort) return;
    const body = offersBody.querySelector("tbody");
    body.append(...[...body.rows].reverse());
    sort.textContent = sort.textContent.endsWith("▲") ? "Price ▼" : "Price ▲";
  });

  // --- the table's buttons and links, by delegation (rows come and go) --------------------------
  table.addEventListener("click", (event) => {
    const offers = event.target.closest(".offers-link");
    if (offers) { openOffers(offers); return; }
    const edit = event.target.closest("a.edit");
    if (edit && live()) {
      event.preventDefault();
      openEdit(edit.closest("tr"));
    }
  });
  table.addEventListener("submit", (event) => {
    const form = event.target.closest("form.delete");
    if (!form || !live()) return; // no socket: the form posts
    event.preventDefault();
    if (confirm(`Stop tracking ${form.dataset.card}?`)) send({ type: "delete_card", card: form.dataset.card, game: form.dataset.game });
  });

  // --- add, edit, delete over the socket -------------------------------------------------------
  const addForm = document.getElementById("add-card");
  const addError = document.getElementById("add-card-error");
  addForm.addEventListener("submit", (event) => {
    if (!live()) return; // no socket: the form posts normally
    event.preventDefault();
    const data = new FormData(addForm);
    const spec = { set_code: data.get("set_code") || "", collector_number: data.get("collector_number") || "", finish: data.get("finish") || "" };
    addError.hidden = true;
    pendingErrors.push(addError);
    send({ type: "add_card", card: data.get("card"), game: data.get("game") || "magic",
           amount: parseInt(data.get("amount") || "1", 10), specs: Object.values(spec).some(Boolean) ? [spec] : [] });
  });

  function closeForms() {
    pendingErrors.length = 0;
    if (editDialog.open) editDialog.close();
    addError.hidden = true;
    const game = gameInput.value;
    addForm.reset();
    gameInput.value = game; // the next card is most likely of the same game
  }

  const editDialog = document.getElementById("edit-dialog");
  const editForm = document.getElementById("edit-form");
  const editError = document.getElementById("edit-error");
  let editing = null;
  function openEdit(row) {
    editing = { card: row.dataset.card, game: row.dataset.game, amount: parseInt(row.dataset.amount, 10), specs: JSON.parse(row.dataset.specs) };
    document.getElementById("edit-title").textContent = `Edit ${editing.card}`;
    editForm.amount.value = editing.amount;
    editError.hidden = true;
    const specs = document.getElementById("edit-specs");
    specs.replaceChildren();
    const wanted = editing.specs;
    loadPrintings(editing.card, editing.game).then((printings) => {
      for (const spec of wanted.length ? wanted : [{}]) specs.append(specRow(printings, spec));
    });
    editDialog.showModal();
  }
  document.getElementById("edit-add-spec").addEventListener("click", () =>
    loadPrintings(editing.card, editing.game).then((printings) => document.getElementById("edit-specs").append(specRow(printings, {}))));
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
    send({ type: "update_card", card: editing.card, game: editing.game, update_data: update });
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
  function loadPrintings(name, game) {
    const key = `${game}\n${name}`;
    if (!printingsCache.has(key)) {
      const url = `${root.dataset.printingsUrl}?name=${encodeURIComponent(name)}&game=${encodeURIComponent(game)}`;
      printingsCache.set(key, fetch(url).then((r) => (r.ok ? r.json() : { printings: [] })).then((d) => d.printings));
    }
    return printingsCache.get(key);
  }

  // --- autocomplete for the add form, and its printing pickers ---------------------------------
  const nameInput = addForm.querySelector("[name=card]");
  // Autocomplete and printings are of the game chosen in the add form (cards/catalog/views.py).
  const gameInput = addForm.querySelector("[name=game]");
  gameInput.addEventListener("change", () => datalist.replaceChildren());
  const datalist = document.getElementById("card-names");
  nameInput.setAttribute("list", "card-names");
  nameInput.setAttribute("autocomplete", "off");
  let typing = null;
  nameInput.addEventListener("input", () => {
    clearTimeout(typing);
    const q = nameInput.value.trim();
    if (q.length < 2) return;
    typing = setTimeout(async () => {
      const game = encodeURIComponent(gameInput.value || "magic");
      const response = await fetch(`${root.dataset.autocompleteUrl}?q=${encodeURIComponent(q)}&game=${game}`);
      if (!response.ok) return;
      const data = await response.json();
      datalist.replaceChildren(...data.results.map((name) => el("option", { value: name })));
    }, 150);
  });
  const setInput = addForm.querySelector("[name=set_code]");
  const setList = el("datalist", { id: "set-codes" });
  addForm.append(setList);
  setInput.setAttribute("list", "set-codes");
  nameInput.addEventListener("change", () => loadPrintings(nameInput.value.trim(), gameInput.value || "magic").then((printings) => {
    const sets = new Map(printings.map((p) => [p.set_code, p.set_name]));
    setList.replaceChildren(...[...sets].map(([code, name]) => el("option", { value: code.toUpperCase() }, name)));
  }));

  document.getElementById("refresh").addEventListener("click", () => send({ type: "refresh" }));

  for (const row of tbody.rows) markCheapest(row);
  recount();
  connect();
})();
