"""`{% vocabulary_json %}`: the conditions and finishes, as `scrapers.vocabulary` lists them, for a
page's script. The browser reads them from here (JSON in a `<script id="vocabulary">`) instead of
keeping its own list."""

from __future__ import annotations

from django import template
from django.utils.html import json_script
from django.utils.safestring import SafeString

from scrapers.games import GAMES
from scrapers.vocabulary import CONDITION_LABELS, FINISH_LABELS

register = template.Library()


@register.simple_tag
def vocabulary_json() -> SafeString:
    """Code → label, in order (conditions best first): `{"conditions": {...}, "finishes": {...},
    "game_finishes": {game: {...}}}`, the last the finishes each game uses in its players' words
    (`scrapers.games`: Pokémon's "Holo / reverse holo"; no "etched" outside Magic)."""
    game_finishes = {code: dict(game.finishes) for code, game in GAMES.items()}
    return json_script(
        {"conditions": CONDITION_LABELS, "finishes": FINISH_LABELS, "game_finishes": game_finishes}, "vocabulary"
    )
