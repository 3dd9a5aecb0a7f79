"""Set codes for offers from stores that only name the set ("Magic 2010", not "M10").

A user's spec names a set by code; without this, a Crystal Commerce or TCGplayer Pro offer could
never match a spec with a set.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace

from scrapers import Offer

from cards.models import MagicSet, search_key

REFRESH_SECONDS = 3600
# Noise stores add to set names: "Ice Age (Not Tournament Legal)", "Dominaria - Borderless".
_NOISE = re.compile(r"\s*(\([^)]*\)|\[[^\]]*\]|\s-\s.*)$")

_codes: dict[str, str] = {}
_loaded_at = 0.0


def set_code_for(set_name: str) -> str:
    global _codes, _loaded_at
    if time.monotonic() - _loaded_at > REFRESH_SECONDS or not _codes:
        _codes = {search_key(name): code for code, name in MagicSet.objects.values_list("code", "name")}
        _loaded_at = time.monotonic()
    key = search_key(set_name)
    return _codes.get(key) or _codes.get(search_key(_NOISE.sub("", set_name)), "")


def with_set_codes(offers: list[Offer]) -> list[Offer]:
    return [
        offer if offer.set_code or not offer.set_name else replace(offer, set_code=set_code_for(offer.set_name).upper())
        for offer in offers
    ]
