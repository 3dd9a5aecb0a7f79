"""Reading an offer the way its game writes it: finish words and printing numbers beyond Magic's.

Every platform builds offers with Magic's reading (`scrapers.vocabulary`: "Foil", "Etched"; a
collector number in "(084)"), and every offer leaves the library through `scrapers.boundary`, which
hands it here with its game. For Magic nothing changes. For another game (`scrapers.games`):

- **finish**: when the store's Magic words said nonfoil, the game's own words outside the card's name
  or in the variant's words decide ("Reverse Holo", "Holofoil", "Enchanted", "Cold Foil": foil;
  "Non-Holo": nonfoil). Only outside the name: a Lorcana "Enchanted Rose" is no Enchanted printing.
- **printing**: the set code and number the title states in the game's way, where the platform found
  none ("Charizard ex - OBF 125" -> OBF, 125; "Pikachu (065/202)" -> 65, as the data writes it). A
  card id ("OP01-016", "MAGO-EN010") replaces a bare number a platform read, since it says more.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from scrapers.games import MAGIC, Game, canonical_id, game
from scrapers.matching import decorations_of, normalize
from scrapers.offer import Offer


def read_offer(offer: Offer, code: str) -> Offer:
    """`offer` with what its title tells for this game: the finish in the game's words (when the
    store's Magic-style words said nonfoil) and the printing (set code, number) when the platform found
    none. Magic offers come back unchanged."""
    if code == MAGIC:
        return offer
    rules = game(code)
    changes: dict[str, object] = {}
    # Words outside the card's name only: a Lorcana "Enchanted Rose" is no Enchanted printing.
    finish = finish_in(rules, decorations_of(offer.name, code), offer.condition_raw)
    if finish is not None and offer.finish == "nonfoil":
        changes["finish"] = finish
    printing = printing_in(offer.name, code)
    if printing is not None:
        set_code, number, is_id = printing
        # A card id ("OP01-016") says more than a bare number a platform read ("016").
        if is_id or not offer.collector_number:
            changes["collector_number"] = number
        if set_code and not offer.set_code:
            changes["set_code"] = set_code
    return dataclasses.replace(offer, **changes) if changes else offer


def finish_in(rules: Game, *texts: str | None) -> str | None:
    """The app finish the game's own words in `texts` say ("Reverse Holo" -> foil), or None."""
    words = " ".join(normalize(text) for text in texts if text)
    for pattern, finish in rules.finish_words:
        if re.search(pattern, words):
            return finish
    return None


@functools.lru_cache(maxsize=4096)
def printing_in(title: str, code: str) -> tuple[str, str, bool] | None:
    """(set code or "", number, whether the number is a card id) a listing title states in the game's
    own way, or None: "Charizard ex - 125/197" -> ("", "125", False), "Charizard ex - OBF 125" ->
    ("OBF", "125", False), "Nami - OP01-016 (Parallel)" -> ("OP01", "OP01-016", True).
    Numbers are written as the game's data writes them ("065/202" -> "65")."""
    pattern = game(code).title_printing
    match = pattern.search(title) if pattern else None
    if match is None:
        return None
    found = match.groupdict()
    if found.get("id"):
        card_id = canonical_id(found["id"])
        return card_id.split("-")[0] if "-" in card_id else (found.get("code") or ""), card_id, True
    if found.get("coded"):
        return found["code"], _as_data_writes(found["coded"]), False
    return "", _as_data_writes(found["number"]), False


def _as_data_writes(number: str) -> str:
    """"065" -> "65": stores pad numbers to the set's width, the games' data does not."""
    return (number.lstrip("0") or "0") if number.isdigit() else number
