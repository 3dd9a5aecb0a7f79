"""Catalog look-ups for the card forms: names as the user types (autocomplete) and a card's printings."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from cards.catalog.models import Card, Printing, search_key
from cards.catalog.validation import clean_name, resolve_card
from scrapers.games import GAMES, MAGIC

AUTOCOMPLETE_LIMIT = 20


def requested_game(request) -> str | None:
    """The `game` a look-up asks about (absent: Magic); None for a code the app does not know."""
    game = request.GET.get("game") or MAGIC
    return game if game in GAMES else None


@login_required
@require_GET
def card_autocomplete(request):
    """Names of one game (`game`, Magic by default) containing what was typed, those starting with it
    first; one query however big the catalog."""
    game = requested_game(request)
    if game is None:
        return JsonResponse({"error": "unknown game", "games": list(GAMES)}, status=400)
    key = search_key(clean_name(request.GET.get("q", "")[:100]))
    if not key:
        return JsonResponse({"results": []})
    starts_first = Case(
        When(search_name__startswith=key, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    matches = (
        Card.objects.filter(game=game, search_name__contains=key)
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
    game = requested_game(request)
    if game is None:
        return JsonResponse({"error": "unknown game", "games": list(GAMES)}, status=400)
    try:
        card = resolve_card(name, game=game)
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=404)
    printings = sorted(
        Printing.objects.filter(card=card).select_related("magic_set"), key=_newest_first
    )
    return JsonResponse({
        "name": card.name,
        "game": card.game,
        "printings": [
            {
                "set_code": p.magic_set.code,
                "set_name": p.magic_set.name,
                "collector_number": p.collector_number,
                "finishes": p.finishes,
                # Only a variant under another printing's number has one ("Parallel").
                **({"treatment": p.treatment} if p.treatment else {}),
            }
            for p in printings
        ],
    })


def _newest_first(printing: Printing) -> tuple:
    released = printing.magic_set.released_at
    number = printing.collector_number
    digits = "".join(ch for ch in number if ch.isdigit())
    return (-(released.toordinal() if released else 0), printing.magic_set.code, int(digits or 0), number)
