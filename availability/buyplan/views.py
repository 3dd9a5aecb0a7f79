"""The buy plan page, its CSV, and its WebSocket message (`get_buy_plan` → `buy_plan`).

The page and the socket render the plan from one template fragment (`_buy_plan.html`): the page
includes it, the socket sends it as `html` beside the plan's data, and the page's script only
swaps it in. Everything is computed for the signed-in user from their own list and stores.
"""

from __future__ import annotations

from datetime import tzinfo
from decimal import Decimal
from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from availability.buyplan.jsonio import PlanInputError, decimal_text
from availability.buyplan.running import BUSY, PlanBusy, plan_for, run_plan
from availability.buyplan.userplan import PlanOptions
from availability.money.currencies import currency_choices
from availability.preferences.zones import zone_of
from lgs_checker import spreadsheet


def plan_fragment(plan: dict[str, Any], zone: tzinfo) -> str:
    """The plan as the page shows it, its times in the reader's `zone`."""
    csv_url = reverse("buy_plan_csv") + "?" + urlencode(plan["options"])
    return render_to_string("buyplan/_buy_plan.html", {"plan": plan, "csv_url": csv_url, "zone": zone})


def buy_plan_message(user, message: dict) -> dict:
    """The `buy_plan` reply to a `get_buy_plan` message; PlanInputError for options it cannot take,
    PlanBusy while another plan of the user runs (the socket's protocol, availability/live/protocol.py,
    turns either into its `error` reply)."""
    options = PlanOptions.parse(message)
    plan = run_plan(user, options)
    return {"type": "buy_plan", "plan": plan, "html": plan_fragment(plan, zone_of(user))}


def _page(request, plan: dict[str, Any] | None, options: PlanOptions, error: str) -> HttpResponse:
    currency = plan["currency"] if plan else options.currency
    return render(request, "buyplan/buy_plan.html", {
        "plan_html": plan_fragment(plan, request.time_zone) if plan else "",
        "options": plan["options"] if plan else options.as_query(), "currency": currency,
        "currencies": currency_choices(currency), "error": error, "busy": BUSY,
    })


# Async views: the plan is worked out on the plan pool (availability/buyplan/running.py) while the
# event loop serves others; a synchronous view would hold Django's one thread for them all.
@login_required
async def buy_plan(request):
    user = await request.auser()
    try:
        options = PlanOptions.parse(request.GET)
    except PlanInputError as problem:
        # The form keeps what was typed, beside the error, and no plan is shown: a plan made
        # without the options (e.g. any number of stores instead of "at most 2") would pass for theirs.
        return await sync_to_async(_unplanned)(request, f"Nothing planned: {problem}.")
    error = ""
    try:
        plan = await plan_for(user, options)
    except PlanBusy as busy:
        plan, error = None, str(busy)  # the page's script asks again over the socket
    return await sync_to_async(_page)(request, plan, options, error)


def _unplanned(request, error: str) -> HttpResponse:
    typed = {name: str(request.GET.get(name, "")).strip()[:20] for name in ("store_cost", "max_stores", "currency")}
    currency = typed["currency"].upper()
    return render(request, "buyplan/buy_plan.html", {
        "plan_html": "", "options": typed, "currency": currency,
        "currencies": currency_choices(*([currency] if len(currency) == 3 and currency.isalpha() else [])),
        "error": error, "busy": BUSY,
    })


@login_required
async def buy_plan_csv(request):
    user = await request.auser()
    try:
        options = PlanOptions.parse(request.GET)
        plan = await plan_for(user, options)
    except PlanBusy as busy:
        return HttpResponse(str(busy), status=429, content_type="text/plain; charset=utf-8")
    except PlanInputError as problem:
        return HttpResponse(str(problem), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="buy-plan.csv"'
    # Store names, languages and links are the stores' own words: no cell may run as a formula.
    writer = spreadsheet.writer(response)
    writer.writerow(["store", "card", "set_code", "collector_number", "finish", "condition", "language",
                     "quantity", "unit_price", "currency", "line_total", "url", "for"])
    for store in plan["stores"]:
        for item in store["items"]:
            line_total = decimal_text(item["quantity"] * Decimal(item["price"]))
            writer.writerow([store["name"], item["card"], item["set_code"], item["collector_number"], item["finish"],
                             item["condition"], item["language"], item["quantity"], item["price"],
                             plan["currency"], line_total, item["url"], item["for"]])
    return response
