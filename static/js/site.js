// Every page: tell the server the browser's time zone, which becomes the user's setting while
// that is still the default (availability/preferences/views.py). When it changes, the page is drawn again
// so its times are in that zone.
(() => {
  "use strict";
  const body = document.body;
  const url = body.dataset.timeZoneUrl;
  if (!url || body.dataset.timeZone !== "UTC") return;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === "UTC") return;
  const form = new FormData();
  form.append("time_zone", zone);
  fetch(url, { method: "POST", body: form, headers: { "X-CSRFToken": body.dataset.csrfToken } })
    .then((response) => (response.ok ? response.json() : null))
    .then((answer) => { if (answer && answer.changed) location.reload(); });
})();
