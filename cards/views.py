"""The dashboard and the forms that change what a user tracks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from availability.rechecks import mark_watched, stores_falling_behind
from availability.results import cached_answers, cell_message
from cards.forms import TrackedCardForm, WantFormSet, initial_wants
from cards.models import TrackedCard
from cards.wishlist import AmountError, add_to_wishlist, save_wants, tracked_card_or_404, wants_of
from stores.models import Store



@login_required
def dashboard(request):
    """Every tracked card × chosen store, as last known; the page's script keeps it live.

    The queries do not grow with the list: one each for cards, specs and stores, one cache read,
    one for the answers the cache lacks and up to three to note the pairs as watched.
    """
    tracked_cards = list(
        TrackedCard.objects.filter(user=request.user).select_related("card").prefetch_related("specs")
    )
    stores = list(Store.objects.filter(chosen_by__user=request.user, enabled=True).order_by("name"))
    pairs = [(store.pk, tracked.card_id) for tracked in tracked_cards for store in stores]
    mark_watched(pairs)  # someone is looking: these pairs are rechecked first
    answers = cached_answers(pairs)
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
        request,
        "cards/dashboard.html",
        {"rows": rows, "stores": stores, "form": TrackedCardForm(),
         "behind": stores_falling_behind(store.pk for store in stores)},
    )


@login_required
def add_card(request):
    form = TrackedCardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tracked = add_to_wishlist(request.user, data["resolved_card"], data["amount"], data["specs"])
        except AmountError as error:
            form.add_error("amount", error)
        else:
            messages.success(request, f"Tracking {tracked.amount}× {tracked.card.name}.")
            return redirect("dashboard")
    return render(request, "cards/card_form.html", {"form": form, "title": "Track a card"})


@login_required
def edit_card(request, tracked_card_id: int):
    """One row per want (amount and printing), and an empty row to add a printing; 0 or empty drops one."""
    tracked = tracked_card_or_404(request.user, tracked_card_id)
    formset = WantFormSet(request.POST or None, initial=initial_wants(wants_of(tracked)), prefix="want")
    if request.method == "POST" and formset.is_valid():
        wants = [want for form in formset for want in [form.want(tracked.card)] if want is not None]
        if not any(form.errors for form in formset):
            try:
                save_wants(tracked, wants)
            except AmountError as error:
                formset.forms[0].add_error(None, error)
            else:
                messages.success(request, f"Updated {tracked.card.name}: {tracked.amount}×.")
                return redirect("dashboard")
    return render(
        request, "cards/card_edit.html", {"formset": formset, "title": f"Edit {tracked.card.name}", "tracked": tracked}
    )


@login_required
@require_POST
def delete_card(request, tracked_card_id: int):
    tracked = tracked_card_or_404(request.user, tracked_card_id)
    tracked.delete()
    messages.success(request, f"Stopped tracking {tracked.card.name}.")
    return redirect("dashboard")
