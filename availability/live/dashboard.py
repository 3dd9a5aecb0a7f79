"""The dashboard page: every tracked card × chosen store, as last known.

It lives in `availability` because its data does (answers, cells); `cards` owns what a user tracks
and imports nothing from here. The page's script (static/js/dashboard.js) keeps it live over the
socket; every cell and row comes from the same templates as the live updates (availability/cells.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render

from availability.live.cells import cell_update, render_offers, render_row
from availability.checks.rechecks import mark_watched, stores_falling_behind
from availability.checks.recorded import last_answers
from availability.checks.results import StoreAnswer, cached_answer
from cards.wishlist.forms import TrackedCardForm
from cards.wishlist.models import TrackedCard
from cards.wishlist.changes import tracked_card_or_404
from stores.models import Store


def user_stores(user) -> list[Store]:
    return list(Store.objects.filter(chosen_by__user=user, enabled=True).order_by("name"))


def user_tracked_cards(user) -> list[TrackedCard]:
    return list(TrackedCard.objects.filter(user=user).select_related("card").prefetch_related("specs"))


@dataclass
class Rows:
    """A user's rendered rows and what they were rendered from."""

    html: list[str]
    live: bool  # False: the cache is down; the answers are the last checks recorded in the database
    stores: list[Store]
    answers: dict[tuple[int, int], StoreAnswer]  # by (store id, card id)


def wishlist_rows(user, zone, tracked_cards: list[TrackedCard], csrf_token: str = "") -> Rows:
    """Each tracked card's row (`user_tracked_cards`), rendered from the cached answers; no check is
    queued here.

    The queries do not grow with the list: one for the stores, one cache read, and two to note the
    pairs as watched at most once a minute.
    """
    stores = user_stores(user)
    pairs = [(store.pk, tracked.card_id) for tracked in tracked_cards for store in stores]
    mark_watched(pairs)  # someone is looking: these pairs are rechecked first
    answers, live = last_answers(pairs)
    rows = []
    for tracked in tracked_cards:
        specs = list(tracked.specs.all())
        cells = []
        for store in stores:
            answer = answers.get((store.pk, tracked.card_id))
            stale = answer is not None and not answer.is_fresh(store.cache_ttl)
            cells.append(cell_update(tracked.card, store, answer, specs, zone, stale=stale))
        rows.append(render_row(tracked, cells, stores, csrf_token))
    return Rows(rows, live, stores, answers)


@login_required
def dashboard(request):
    rows = wishlist_rows(request.user, request.time_zone, user_tracked_cards(request.user), get_token(request))
    return render(request, "live/dashboard.html", {
        "rows": rows.html,
        "answers_are_live": rows.live,
        "behind": stores_falling_behind(store.pk for store in rows.stores),
        "stores": rows.stores,
        "form": TrackedCardForm(),
        "refresh_min_age_minutes": settings.REFRESH_MIN_AGE_MINUTES,
    })


@login_required
def offers(request, tracked_card_id: int, store_slug: str):
    """The offers dialog of one cell, as a fragment: every matching offer there, cheapest first."""
    tracked = tracked_card_or_404(request.user, tracked_card_id)
    store = get_object_or_404(Store, slug=store_slug, chosen_by__user=request.user)
    answer = cached_answer(store.pk, tracked.card_id)
    if answer is None:
        raise Http404("No answer from this store yet.")
    message = cell_update(tracked.card, store, answer, list(tracked.specs.all()), request.time_zone)
    return HttpResponse(render_offers(tracked.card, store, message, request.time_zone))
