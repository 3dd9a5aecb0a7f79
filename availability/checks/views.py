"""A tracked card's history page: the best price per store over time, when it was in stock, and the
checks behind it."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from availability.checks import history
from availability.checks.models import Offer
from cards.wishlist.changes import tracked_card_or_404
from stores.models import Store

HISTORY_DAYS = [7, 30, 90, 365]
CHECKS_PER_PAGE = 25



@login_required
def card_history(request, tracked_card_id: int):
    """The best price per store over time, when it was in stock, and the checks behind it."""
    tracked = tracked_card_or_404(request.user, tracked_card_id)
    specs = list(tracked.specs.all())
    days = int(request.GET["days"]) if request.GET.get("days") in {str(d) for d in HISTORY_DAYS} else 30
    stores = list(Store.objects.chosen_by(request.user))
    until = timezone.now()
    since = until - timedelta(days=days)
    zone = request.time_zone
    charts = history.price_charts(history.store_histories(tracked, stores, since), since, until, zone)
    page = Paginator(history.checks_of(tracked, stores), CHECKS_PER_PAGE).get_page(request.GET.get("page"))
    checks = page.object_list.prefetch_related(Prefetch("offers", queryset=Offer.objects.order_by("price")))
    return render(request, "checks/history.html", {
        "tracked": tracked,
        "specs": specs,
        "charts": charts,
        "days": days,
        "day_choices": HISTORY_DAYS,
        "page": page,
        "rows": history.check_rows(checks, specs),
        "zone": zone,
    })
