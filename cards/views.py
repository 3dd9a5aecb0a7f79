"""The forms that change what a user tracks (the dashboard itself is availability/dashboard.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cards.forms import TrackedCardForm, WantFormSet, initial_wants
from cards.wishlist import AmountError, add_wants, save_wants, tracked_card_or_404, wants_of


# The WebSocket's add_card, update_card and delete_card (availability/protocol.py) validate through
# the same forms (cards.forms) and change the wishlist through the same cards.wishlist functions.


@login_required
def add_card(request):
    form = TrackedCardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tracked = add_wants(request.user, data["resolved_card"], data["wants"])
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
