"""The dashboard page: every tracked card × chosen store, as last known (the rows: grid.py).

It lives in `availability.live` because its data does (answers, cells); `cards` owns what a user
tracks and imports nothing from here. The page's script (static/js/dashboard.js) keeps it live over
the socket; every cell and row comes from the same templates as the live updates (cells.py).
"""

from __future__ import annotations

from django.conf import settings

from scrapers.games import GAME_CHOICES
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render

from availability.checks.rechecks import stores_falling_behind
from availability.checks.results import cached_answer
from availability.live.cells import cell_message, render_offers
from availability.live.grid import user_tracked_cards, wishlist_rows
from cards.wishlist.changes import tracked_card_or_404
from cards.wishlist.forms import TrackedCardForm
from stores.models import Store


@login_required
def dashboard(request):
    rows = wishlist_rows(request.user, request.time_zone, user_tracked_cards(request.user), get_token(request))
    return render(request, "live/dashboard.html", {
        "rows": rows.html,
        "answers_are_live": rows.live,
        "behind": stores_falling_behind(store.pk for store in rows.stores),
        "stores": rows.stores,
        "form": TrackedCardForm(),
        "games": GAME_CHOICES,
        "refresh_min_age_minutes": settings.REFRESH_MIN_AGE_MINUTES,
    })


@login_required
def offers(request, tracked_card_id: int, store_slug: str):
    """The offers dialog of one cell, as a fragment: every matching offer there, cheapest first."""
    tracked = tracked_card_or_404(request.user, tracked_card_id)
    store = get_object_or_404(Store.objects.chosen_by(request.user), slug=store_slug)
    answer = cached_answer(store.pk, tracked.card_id)
    if answer is None:
        raise Http404("No answer from this store yet.")
    message = cell_message(tracked.card.name, store.slug, answer, list(tracked.specs.all()))
    return HttpResponse(render_offers(tracked.card, store, message, request.time_zone))
