"""The forms that change what a user tracks (the dashboard itself is availability/dashboard.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cards.forms import TrackedCardForm
from cards.models import TrackedCard
from cards.wishlist import SpecValues, add_to_wishlist, tracked_card_or_404, update_tracked_card


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
