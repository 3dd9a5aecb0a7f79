"""Is this a real card, and was it ever printed the way the user asks for?

The one place that answers it: the add and edit forms, the list import and the WebSocket messages
all call these functions (through `cards.wishlist.validation` for a want), so a wish is checked the
same way whichever door it comes in by. Errors are `ValidationError`s whose messages are written for
the player ("did you mean ...?").
"""

from __future__ import annotations

import difflib
import operator
from functools import reduce

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When

from cards.catalog.collector_numbers import same_collector_number
from cards.catalog.models import Card, MagicSet, Printing, search_key
from scrapers.games import GAMES, MAGIC
from scrapers.matching import FACE_SEPARATOR
from scrapers.vocabulary import FINISHES

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
# How many names are scored for "did you mean", and from how many trigrams of the typed name they
# are found: measured on 30,000 look-alike names (bench/autocomplete.py), these find the intended
# name for 95-97 of 100 one-letter typos, the query in about 30 ms and the scoring in 20.
_MAX_CANDIDATES = 200
_TRIGRAMS_COMPARED = 6
_SUGGESTION_CUTOFF = 0.6


def clean_name(name: str) -> str:
    """The name as a player meant it: single spaces, straight apostrophes, "Fire/Ice" as "Fire // Ice"."""
    name = " ".join(name.translate(_APOSTROPHES).split())
    return FACE_SEPARATOR.sub(" // ", name)


def resolve_card(name: str, *, suggest: bool = True, game: str = MAGIC) -> Card:
    """The card of `game` called `name`, ignoring case and accents; a front face alone names its card.

    `suggest=False` skips the search for a "did you mean" name (tens of milliseconds each), for
    callers checking many names at once.
    """
    wanted = clean_name(name)
    if not wanted:
        raise ValidationError("no card name given")
    key = search_key(wanted)
    cards = Card.objects.filter(game=game)
    card = cards.filter(search_name=key).first()
    if card:
        return card
    if " // " not in key:
        # Stores and players often name split and double-faced cards by their front face only.
        fronts = list(cards.filter(search_name__startswith=f"{key} // ")[:3])
        if len(fronts) == 1:
            return fronts[0]
        if fronts:
            names = " or ".join(f'"{card.name}"' for card in fronts)
            raise ValidationError(f'"{wanted}" is the front of more than one card: {names}')
    suggestion = closest_card_name(key, game) if suggest else None
    # Magic's messages stay as they were; another game's name their game.
    of_game = "" if game == MAGIC else f" in {GAMES[game].short_name}"
    if suggestion:
        error = ValidationError(
            f'no card named "{wanted}"{of_game} — did you mean "{suggestion}"?', code="unknown_card"
        )
    else:
        note = small_catalog_note() if suggest and game == MAGIC else ""  # bulk callers skip the count
        if game != MAGIC and suggest and not cards.exists():
            note = f" (no {GAMES[game].short_name} catalog is loaded: `manage.py load_catalog --game {game} --file …`)"
        error = ValidationError(f'no card named "{wanted}"{of_game}{note}', code="unknown_card")
    error.suggestion = suggestion  # the dashboard and the form offer it as a button
    raise error


# A full Scryfall catalog holds about 30,000 cards; the sample shipped in cards/data/ a few hundred.
SMALL_CATALOG_CARDS = 2000


def small_catalog_note() -> str:
    """Said with "no card named …" when only the sample catalog is loaded, so it does not read like a bug."""
    count = Card.objects.count()
    if count > SMALL_CATALOG_CARDS:
        return ""
    return (f" (the local catalog holds only the {count} sample cards; the full catalog is loaded with"
            " `manage.py load_catalog --url …`, see the README)")


def closest_card_name(key: str, game: str = MAGIC) -> str | None:
    """The name of `game`'s catalog nearest to `key` (a search key), or None when nothing is close."""
    matcher = difflib.SequenceMatcher(a="", b=key, autojunk=False)
    best_name, best_ratio = None, _SUGGESTION_CUTOFF
    for name, search_name in _candidates(key, game):
        # A back face typed alone ("Insectile Aberration") should still point at its card.
        faces = search_name.split(" // ") if " // " in search_name else []
        for text in [search_name, *faces]:
            matcher.set_seq1(text)
            if matcher.real_quick_ratio() > best_ratio and matcher.quick_ratio() > best_ratio:
                ratio = matcher.ratio()
                if ratio > best_ratio:
                    best_name, best_ratio = name, ratio
    return best_name


def _candidates(key: str, game: str = MAGIC) -> list[tuple[str, str]]:
    """(name, search name) of the cards sharing the most of a few trigrams spread over `key`.

    A typo spoils only the trigrams around it, so the intended name shares most of the others;
    ranking by how many are shared keeps it among the candidates even when common trigrams
    ("the", "ing") match thousands of names.
    """
    if len(key) < 3:
        starting = Card.objects.filter(game=game, search_name__startswith=key).values_list("name", "search_name")
        return list(starting[:_MAX_CANDIDATES])
    trigrams = [key[i : i + 3] for i in range(len(key) - 2)]
    step = max(1, len(trigrams) // _TRIGRAMS_COMPARED)
    chosen = [trigram for trigram in dict.fromkeys(trigrams[::step]) if trigram.strip()] or [key[:3]]
    shared = [
        Case(When(search_name__contains=t, then=Value(1)), default=Value(0), output_field=IntegerField())
        for t in chosen
    ]
    return list(
        Card.objects.filter(game=game).filter(reduce(operator.or_, (Q(search_name__contains=trigram) for trigram in chosen)))
        .annotate(shared=reduce(operator.add, shared))
        .order_by("-shared")
        .values_list("name", "search_name")[:_MAX_CANDIDATES]
    )


def set_code_for_name(set_name: str, card: Card | None = None) -> str:
    """The code of the set called `set_name` (Deckbox and TCGplayer name sets instead of coding them),
    by `MagicSet.codes_for_names`; an unknown name is a validation error."""
    code = MagicSet.codes_for_names([set_name], card).get(set_name)
    if not code:
        raise ValidationError(f'unknown set "{set_name.strip()}"')
    return code


def printings_of(card: Card) -> list[Printing]:
    """The card's printings, oldest set first, to check several printings against with one query."""
    return list(card.printings.select_related("magic_set").order_by("magic_set__released_at", "pk"))


def check_printing(
    card: Card, set_code: str, collector_number: str, finish: str, printings: list[Printing]
) -> str:
    """The collector number as the catalog spells it ("0146" and "24P" are "146" and "24p"; blank
    stays blank), when at least one of `printings` (the card's) matches; a ValidationError saying
    why not otherwise. Blank parts match any; the parts come normalised (lower-case set code)."""
    if finish and finish not in FINISHES:
        raise ValidationError(f'unknown finish "{finish}" (use nonfoil, foil or etched)')
    if set_code:
        printings = [p for p in printings if p.magic_set.code == set_code]
        if not printings:
            raise ValidationError(f'{card.name} was never printed in set "{set_code.upper()}"')
    if collector_number:
        matching = [p for p in printings if same_collector_number(p.collector_number, collector_number)]
        if not matching:
            raise ValidationError(_no_such_number(card, set_code, collector_number, printings))
        printings = matching
        collector_number = matching[0].collector_number
    if finish and not any(finish in p.finishes for p in printings):
        made = [kind for kind in FINISHES if any(kind in p.finishes for p in printings)]
        only = f" (only {', '.join(made)})" if made else ""
        raise ValidationError(f"{_describe(card, set_code, collector_number)} was not made in {finish}{only}")
    return collector_number


def _no_such_number(card: Card, set_code: str, collector_number: str, printings: list[Printing]) -> str:
    message = f'{card.name} has no collector number "{collector_number}"'
    if not set_code:
        return f"{message} in any set"
    numbers = [p.collector_number for p in printings]
    listed = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} or {numbers[-1]}"
    return f"{message} in {set_code.upper()} (it is {listed} there)"


def _describe(card: Card, set_code: str, collector_number: str) -> str:
    parts = [card.name]
    if set_code:
        parts.append(f"({set_code.upper()})")
    if collector_number:
        parts.append(collector_number)
    return " ".join(parts)
