"""The pages that change what a user tracks: the card forms, and list import and export (the
dashboard itself is availability/live/dashboard.py)."""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from cards.wishlist import export
from cards.wishlist.changes import AmountError, add_wants, save_wants, tracked_card_or_404, wants_of
from cards.wishlist.listformats import FORMAT_NAMES
from cards.wishlist.forms import TrackedCardForm, WantFormSet, initial_wants
from cards.wishlist.importing import (
    ADD,
    LIST_GAMES,
    MATCH,
    MODES,
    MatchRefused,
    confirm_import,
    in_line_order,
    preview_import,
)
from scrapers.games import GAMES, MAGIC

# The WebSocket's add_card, update_card and delete_card (availability/live/protocol.py) validate
# through the same forms (cards.wishlist.forms) and change the wishlist through the same
# cards.wishlist.changes functions.


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
    return render(request, "wishlist/card_form.html", {"form": form, "title": "Track a card"})


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
        request, "wishlist/card_edit.html",
        {"formset": formset, "title": f"Edit {tracked.card.name}", "tracked": tracked},
    )


@login_required
@require_POST
def delete_card(request, tracked_card_id: int):
    tracked = tracked_card_or_404(request.user, tracked_card_id)
    tracked.delete()
    messages.success(request, f"Stopped tracking {tracked.card.name}.")
    return redirect("dashboard")


# --- list import and export ---------------------------------------------------------------------

MAX_LIST_BYTES = 1024 * 1024
# Previews the session remembers as not yet confirmed; one confirm spends one.
_IMPORT_TOKENS = "import_tokens"


class ListImportForm(forms.Form):
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 14, "cols": 80}), label="Paste your list"
    )
    file = forms.FileField(required=False, label="or upload a file (.txt, .csv, .dck)")
    mode = forms.ChoiceField(
        choices=[(ADD, "Add to my list"), (MATCH, "Make my list match this file")],
        initial=ADD, required=False, widget=forms.RadioSelect, label="What importing does",
    )
    # Told, not detected: "4 Elsa - Spirit of Winter" could be a line of any game's list.
    game = forms.ChoiceField(
        choices=[(code, GAMES[code].name) for code in LIST_GAMES], initial=MAGIC, required=False,
        label="Game",
    )

    def clean(self) -> dict:
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_LIST_BYTES:
                raise ValidationError("That file is larger than 1 MB; a wishlist is rarely that long.")
            raw = upload.read()
            try:
                data["text"] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                # Older Windows exports (Deckbox, Dragon Shield) are often in this code page.
                data["text"] = raw.decode("cp1252", errors="replace")
        if not data.get("text", "").strip():
            raise ValidationError("Paste a list or choose a file.")
        if len(data["text"].encode()) > MAX_LIST_BYTES:
            raise ValidationError("That list is larger than 1 MB; a wishlist is rarely that long.")
        return data


@login_required
def wishlist_import(request):
    """Step one: show what each line of the list would become; nothing is saved yet."""
    form = ListImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        mode = form.cleaned_data.get("mode") or ADD
        preview = preview_import(text, request.user, mode, form.cleaned_data.get("game") or MAGIC)
        return render(request, "wishlist/import_preview.html", {
            "preview": preview,
            "entries": in_line_order(preview.rows, preview.errors),
            "text": text,
            "token": _issue_import_token(request),
            "other_mode": MATCH if mode == ADD else ADD,
        })
    return render(request, "wishlist/import.html", {"form": form})


@login_required
@require_POST
def wishlist_import_confirm(request):
    """Step two: parse and validate the same text again, then save it in the mode the user chose."""
    mode = request.POST.get("mode", ADD)
    if mode not in MODES:
        return HttpResponseBadRequest("mode must be add or match")
    game = request.POST.get("game") or MAGIC
    if game not in LIST_GAMES:
        return HttpResponseBadRequest(f"game must be one of {', '.join(LIST_GAMES)}")
    if not _spend_import_token(request, request.POST.get("token", "")):
        messages.error(request, "That list was imported already, or its preview is too old: paste it again.")
        return redirect("wishlist_import")
    try:
        result = confirm_import(request.user, request.POST.get("text", ""), mode, game)
    except MatchRefused as refused:
        messages.error(request, f"Your list was not changed: {refused}.")
        return redirect("wishlist_import")
    added = len(result.importable)
    messages.success(request, f"Imported {added} line{'' if added == 1 else 's'} into your wishlist.")
    return render(request, "wishlist/import_done.html", {
        "result": result, "entries": in_line_order(result.rejected, result.errors),
    })


def _issue_import_token(request) -> str:
    # Confirming merges quantities, so a reloaded or double-clicked confirm would double them.
    token = secrets.token_urlsafe(16)
    request.session[_IMPORT_TOKENS] = [*request.session.get(_IMPORT_TOKENS, [])[-9:], token]
    return token


def _spend_import_token(request, token: str) -> bool:
    tokens = request.session.get(_IMPORT_TOKENS, [])
    if not token or token not in tokens:
        return False
    tokens.remove(token)
    request.session[_IMPORT_TOKENS] = tokens
    return True


_EXPORTS = {
    "moxfield": (MAGIC, export.moxfield_text, "text/plain; charset=utf-8", "wishlist-moxfield.txt"),
    "csv": (MAGIC, export.moxfield_csv, "text/csv; charset=utf-8", "wishlist-moxfield.csv"),
    "ptcgl": ("pokemon", export.wishlist_text, "text/plain; charset=utf-8", "wishlist-pokemon-tcg-live.txt"),
    "lorcana": ("lorcana", export.wishlist_text, "text/plain; charset=utf-8", "wishlist-lorcana.txt"),
    "optcg": ("onepiece", export.wishlist_text, "text/plain; charset=utf-8", "wishlist-one-piece.txt"),
}


@login_required
@require_GET
def wishlist_export(request):
    """The export page, or with ?format=moxfield|csv|ptcgl|lorcana|optcg one game's cards as a download."""
    fmt = request.GET.get("format")
    if fmt is None:
        games = _export_previews(request.user)
        magic = next((game for game in games if game["code"] == MAGIC), {})
        context = {"games": games, "tcgplayer_url": magic.get("tcgplayer_url", "")}
        return render(request, "wishlist/export.html", context)
    if fmt not in _EXPORTS:
        return HttpResponseBadRequest(f"format must be one of {', '.join(_EXPORTS)}")
    game, write, content_type, filename = _EXPORTS[fmt]
    wishlist = export.wishlist_of(request.user, game)
    text = write(wishlist) if game == MAGIC else write(wishlist, game)
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export_previews(user) -> list[dict]:
    """Per game the user tracks cards of: its name, its list as a download, and the list itself."""
    games = []
    for fmt, (game, write, _, _) in _EXPORTS.items():
        if fmt == "csv":
            continue
        wishlist = export.wishlist_of(user, game)
        if wishlist:
            games.append({
                "code": game, "name": GAMES[game].name, "format": fmt,
                "format_name": FORMAT_NAMES[fmt if game != MAGIC else "arena"],
                "preview": export.wishlist_text(wishlist, game),
                "tcgplayer_url": export.tcgplayer_mass_entry_url(wishlist) if game == MAGIC else "",
            })
    return games
