"""The dashboard and the forms that change what a user tracks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from availability.recorded import last_answers
from availability.results import cell_message
from cards.forms import TrackedCardForm
from cards.models import TrackedCard
from cards.wishlist import SpecValues, add_to_wishlist, tracked_card_or_404, update_tracked_card
from stores.models import Store



@login_required
def dashboard(request):
    """Every tracked card × chosen store, as last known; the page's script keeps it live.

    The queries do not grow with the list: one each for cards, specs and stores, one cache read.
    """
    tracked_cards = list(
        TrackedCard.objects.filter(user=request.user).select_related("card").prefetch_related("specs")
    )
    stores = list(Store.objects.filter(chosen_by__user=request.user, enabled=True).order_by("name"))
    answers, live = last_answers((store.pk, tracked.card_id) for tracked in tracked_cards for store in stores)
    rows = [
        {
            "tracked": tracked,
            "cells": [
                cell_message(tracked.card.name, store.slug, answers.get((store.pk, tracked.card_id)), specs)
                for store in stores
            ],
        }
        for tracked in tracked_cards
        for specs in [list(tracked.specs.all())]
    ]
    return render(
        request, "cards/dashboard.html",
        {"rows": rows, "stores": stores, "form": TrackedCardForm(), "answers_are_live": live},
    )


@login_required
def add_card(request):
    form = TrackedCardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        tracked = add_to_wishlist(request.user, data["resolved_card"], data["amount"], data["specs"])
        messages.success(request, f"Tracking {tracked.amount}× {tracked.card.name}.")
        return redirect("dashboard")
    return render(request, "cards/card_form.html", {"form": form, "title": "Track a card"})


@login_required
def edit_card(request, tracked_card_id: int):
    tracked = tracked_card_or_404(request.user, tracked_card_id)
    specs = list(tracked.specs.all())
    # The form edits one printing; a card with several keeps them and only its amount changes here.
    several_specs = len(specs) > 1
    spec = specs[0] if specs else None
    initial = {
        "card": tracked.card.name,
        "amount": tracked.amount,
        "set_code": spec.set_code.upper() if spec else "",
        "collector_number": spec.collector_number if spec else "",
        "finish": spec.finish if spec else "",
    }
    form = TrackedCardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["resolved_card"] != tracked.card:
            form.add_error("card", "To track another card, add it; this form changes amount and printing.")
        else:
            kept = [SpecValues.of(s) for s in specs] if several_specs else data["specs"]
            update_tracked_card(tracked, data["amount"], kept)
            messages.success(request, f"Updated {tracked.card.name}.")
            return redirect("dashboard")
    return render(
        request, "cards/card_form.html", {
            "form": form,
            "title": f"Edit {tracked.card.name}",
            "tracked": tracked,
            "several_specs": several_specs,
        },
    )


@login_required
@require_POST
def delete_card(request, tracked_card_id: int):
    tracked = tracked_card_or_404(request.user, tracked_card_id)
    tracked.delete()
    messages.success(request, f"Stopped tracking {tracked.card.name}.")
    return redirect("dashboard")
