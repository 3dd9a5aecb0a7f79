"""Catalog look-ups for the card forms (autocomplete, printings) and wishlist import and export."""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from cards import export
from cards.importing import ADD, MATCH, MODES, MatchRefused, confirm_import, in_line_order, preview_import
from cards.models import Card, Printing, search_key
from cards.validation import clean_name, resolve_card

AUTOCOMPLETE_LIMIT = 20
MAX_LIST_BYTES = 1024 * 1024
# Previews the session remembers as not yet confirmed; one confirm spends one.
_IMPORT_TOKENS = "import_tokens"


@login_required
@require_GET
def card_autocomplete(request):
    """Names containing what was typed, those starting with it first; one query however big the catalog."""
    key = search_key(clean_name(request.GET.get("q", "")[:100]))
    if not key:
        return JsonResponse({"results": []})
    starts_first = Case(
        When(search_name__startswith=key, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    matches = (
        Card.objects.filter(search_name__contains=key)
        .annotate(rank=starts_first)
        .order_by("rank", "search_name")
        .values_list("rank", "search_name", "name")[:AUTOCOMPLETE_LIMIT]
    )
    # Sorted again here because PostgreSQL's locale collation and SQLite order punctuation
    # differently ("Lim-Dûl's Vault" vs "Lim-Dûl the Necromancer"); the page should not care.
    return JsonResponse({"results": [name for _rank, _key, name in sorted(matches)]})


@login_required
@require_GET
def card_printings(request):
    """The printings of a card, to fill the set / collector number / finish fields of the card forms."""
    name = request.GET.get("name", "")
    if not name.strip():
        return JsonResponse({"error": "name is required"}, status=400)
    try:
        card = resolve_card(name)
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=404)
    printings = sorted(
        Printing.objects.filter(card=card).select_related("magic_set"), key=_newest_first
    )
    return JsonResponse({
        "name": card.name,
        "printings": [
            {
                "set_code": p.magic_set.code,
                "set_name": p.magic_set.name,
                "collector_number": p.collector_number,
                "finishes": p.finishes,
            }
            for p in printings
        ],
    })


def _newest_first(printing: Printing) -> tuple:
    released = printing.magic_set.released_at
    number = printing.collector_number
    digits = "".join(ch for ch in number if ch.isdigit())
    return (-(released.toordinal() if released else 0), printing.magic_set.code, int(digits or 0), number)


class ListImportForm(forms.Form):
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 14, "cols": 80}), label="Paste your list"
    )
    file = forms.FileField(required=False, label="or upload a file (.txt, .csv, .dck)")
    mode = forms.ChoiceField(
        choices=[(ADD, "Add to my list"), (MATCH, "Make my list match this file")],
        initial=ADD, required=False, widget=forms.RadioSelect, label="What importing does",
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
        preview = preview_import(text, request.user, mode)
        return render(request, "cards/import_preview.html", {
            "preview": preview,
            "entries": in_line_order(preview.rows, preview.errors),
            "text": text,
            "token": _issue_import_token(request),
            "other_mode": MATCH if mode == ADD else ADD,
        })
    return render(request, "cards/import.html", {"form": form})


@login_required
@require_POST
def wishlist_import_confirm(request):
    """Step two: parse and validate the same text again, then save it in the mode the user chose."""
    mode = request.POST.get("mode", ADD)
    if mode not in MODES:
        return HttpResponseBadRequest("mode must be add or match")
    if not _spend_import_token(request, request.POST.get("token", "")):
        messages.error(request, "That list was imported already, or its preview is too old: paste it again.")
        return redirect("wishlist_import")
    try:
        result = confirm_import(request.user, request.POST.get("text", ""), mode)
    except MatchRefused as refused:
        messages.error(request, f"Your list was not changed: {refused}.")
        return redirect("wishlist_import")
    added = len(result.importable)
    messages.success(request, f"Imported {added} line{'' if added == 1 else 's'} into your wishlist.")
    return render(request, "cards/import_done.html", {
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
    "moxfield": (export.moxfield_text, "text/plain; charset=utf-8", "wishlist-moxfield.txt"),
    "csv": (export.moxfield_csv, "text/csv; charset=utf-8", "wishlist-moxfield.csv"),
}


@login_required
@require_GET
def wishlist_export(request):
    """The export page, or with ?format=moxfield|csv the wishlist as a download."""
    wishlist = export.wishlist_of(request.user)
    fmt = request.GET.get("format")
    if fmt is None:
        return render(request, "cards/export.html", {
            "wishlist": wishlist,
            "preview": export.moxfield_text(wishlist),
            "tcgplayer_url": export.tcgplayer_mass_entry_url(wishlist) if wishlist else "",
        })
    if fmt not in _EXPORTS:
        return HttpResponseBadRequest("format must be moxfield or csv")
    write, content_type, filename = _EXPORTS[fmt]
    response = HttpResponse(write(wishlist), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
