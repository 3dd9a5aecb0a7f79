"""Is this store listing the card the user asked for?

Stores decorate names ("Lightning Bolt - Foil", "Sol Ring [3ED - N/A]", "Swamp (0301) - Foil",
"Sol Ring — Near Mint · Spanish") and their searches are fuzzy, so every platform module filters
results with `is_same_card()`. The rule is strict on purpose: "Lightning Helix", "Thrum of the
Vestige - Lightning Bolt", art series cards, tokens and other games' products are not
"Lightning Bolt", while "Fire // Ice", "Fire/Ice" and "Fire" all are "Fire // Ice".

Every function takes the game (`scrapers.games`, Magic by default) whose names it reads; Magic's rules
are the ones above, and each other game adds its own (`games.NameRules`):
- where a title's printing details begin: Pokémon "Charizard ex - 125/197 - Obsidian Flames" and
  "Charizard ex - OBF 125" are "Charizard ex"; Lorcana "Elsa - Spirit of Winter - 207/204 - Enchanted"
  is "Elsa - Spirit of Winter"; One Piece "Nami - OP01-016 (Parallel)" and "Nami [OP01-016]" are "Nami";
- words stores append that are never a card name ("Enchanted", "Reverse Holo", "Parallel");
- groups that are part of a name (Flesh and Blood's pitch, "Snatch (Red)"; a search without the pitch
  takes every pitch);
- a card id a player may search by (One Piece "OP01-016"): such a search accepts exactly the listings
  that state that id (any art of it; "OP01-016_p1" only those marked parallel), while a search by
  name ("Nami") accepts every id of that name. A listing that states only a number and a set name
  ("Nami (016) [Romance Dawn]") is found by the name; which id it is, the catalog says.
The names stay strict in every game: "Pikachu" is not "Pikachu V", "Pikachu VMAX", "Flying Pikachu V"
or "Detective Pikachu"; "Charizard ex" is not "Charizard"; "Elsa - Spirit of Winter" is not "Elsa -
Snow Queen".
"""

from __future__ import annotations

import functools
import re
import unicodedata

from scrapers import games
from scrapers.games import MAGIC

# Words a store appends after " - " or inside "(...)" to describe a printing rather than a card.
# A trailing " - <words>" is stripped only when every word is in this list (or a number), so
# "Thrum of the Vestige - Lightning Bolt" keeps its full name.
_DECORATION_WORDS = frozenset(
    """
    foil foils nonfoil non normal regular etched borderless extended art showcase full frame retro
    old new border surge galaxy textured rainbow halo confetti gilded serialized promo prerelease
    stamped alternate alt japanese jp english en spanish french german italian portuguese russian
    korean chinese phyrexian near mint nm lightly moderately heavily played lp mp hp damaged dmg
    sleeve playable light moderate heavy play the list buy box bundle launch release date pack
    display commander collector edition variant version anime neon ink double rainbow step and
    compleat oil slick raised concept praetor of
    """.split()
)
# Listings that carry these words are not playable cards, unless the searched name has them too.
_NON_CARD_MARKERS = (
    "art series", "art card", "token", "emblem", "oversized", "playmat", "sleeve", "deck box",
    "booster", "proxy", "checklist", "placeholder", "punch card", "helper card",
)
_SUFFIX_SEPARATOR = re.compile(r"\s+[-–—·|]\s+")
_TRAILING_GROUP = re.compile(r"\s*(\[[^\[\]]*\]|\([^()]*\))\s*$")
# "Fire // Ice", "Fire/Ice": the one spelling rule for split and double-faced names.
FACE_SEPARATOR = re.compile(r"\s*/{1,2}\s*")
_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_LIGATURES = str.maketrans({"æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss"})


@functools.lru_cache(maxsize=4096)
def normalize(name: str) -> str:
    """Lower-case ASCII words: "Æther Vial" -> "aether vial", "Lim-Dûl's Vault" -> "lim dul vault"."""
    # Cached: a results page repeats the same few names and set names on every product, and
    # matching one listing normalises each of them several times.
    if not name.isascii():  # most names are; skip the costly Unicode work for them
        name = unicodedata.normalize("NFKD", name.translate(_LIGATURES))
        name = "".join(ch for ch in name if not unicodedata.combining(ch))
    name = _APOSTROPHES.sub("", name.casefold())
    return _NON_ALNUM.sub(" ", name).strip()


def _is_decoration(text: str, extra: frozenset[str] = frozenset()) -> bool:
    words = normalize(text).split()
    return bool(words) and all(word in _DECORATION_WORDS or word in extra or word.isdigit() for word in words)


@functools.lru_cache(maxsize=4096)
def strip_decorations(listing_name: str, game: str = MAGIC) -> str:
    """The card name inside a store's listing title.

    "Lightning Bolt - Foil" -> "Lightning Bolt"; "Sol Ring (0912) (Rainbow Foil) [Secret Lair
    Drop Series]" -> "Sol Ring"; "X - 435 - Borderless" -> "X"; "A // B - Foil" -> "A // B";
    Pokémon "Charizard ex - 125/197 - Obsidian Flames" -> "Charizard ex".
    """
    return _stripped(listing_name, game, keep_groups=True)


def _stripped(listing_name: str, game: str, *, keep_groups: bool) -> str:
    rules = games.game(game).names
    name = listing_name.strip()
    if rules.printing_tail is not None:
        tail = rules.printing_tail.search(name)
        if tail is not None and name[: tail.start()].strip():
            name = name[: tail.start()].strip()
    kept = rules.kept_groups if keep_groups else None
    while True:
        shorter = _without_trailing_group(name, kept)
        separators = list(_SUFFIX_SEPARATOR.finditer(shorter))
        if separators and _is_decoration(shorter[separators[-1].end() :], rules.decorations):
            shorter = shorter[: separators[-1].start()]
        shorter = shorter.strip()
        if shorter == name or not shorter:
            return name
        name = shorter


def _without_trailing_group(name: str, kept: re.Pattern[str] | None) -> str:
    if kept is None:
        return _TRAILING_GROUP.sub("", name)
    group = _TRAILING_GROUP.search(name)
    if group is None or kept.fullmatch(group.group(1)):
        return name  # a group that is part of the name ("Snatch (Red)") ends the stripping
    return name[: group.start()]


@functools.lru_cache(maxsize=4096)
def card_faces(name: str) -> tuple[str, ...]:
    """Normalised faces of a split or double-faced name: "Fire // Ice" -> ("fire", "ice")."""
    return tuple(face for face in map(normalize, FACE_SEPARATOR.split(name)) if face)


def is_non_card(listing_name: str, card_name: str, set_name: str = "", game: str = MAGIC) -> bool:
    """True for tokens, art series cards and accessories that merely carry the card's name."""
    return CardMatcher(card_name, game).is_non_card(listing_name, set_name)


def is_same_card(listing_name: str, card_name: str, set_name: str = "", game: str = MAGIC) -> bool:
    """Whether a store listing (and its set) is exactly the card the user is looking for."""
    return CardMatcher(card_name, game).matches(listing_name, set_name)


def searched_id(card_name: str, game: str = MAGIC) -> str | None:
    """The card id a search is made by ("OP01-016", also for "op01-016_p1"), or None for a name."""
    pattern = games.game(game).names.card_id
    found = pattern.fullmatch(card_name.strip()) if pattern is not None else None
    return games.canonical_id(found.group("id")) if found else None


def ids_in(text: str, game: str = MAGIC) -> set[str]:
    """The card ids a listing's text states, as the game's data writes them."""
    pattern = games.game(game).names.card_id
    return {games.canonical_id(found.group("id")) for found in pattern.finditer(text)} if pattern else set()


_PARALLEL = re.compile(r"\bparallel\b|\balt(?:ernate)?\s*art\b|_p\d", re.I)


class CardMatcher:
    """`is_same_card` for one searched card, with the searched name prepared once: parsers check
    every listing on a results page against the same card."""

    def __init__(self, card_name: str, game: str = MAGIC) -> None:
        self.card_name = card_name
        self.game = game
        rules = games.game(game).names
        self.faces = card_faces(card_name)
        self.card_id = searched_id(card_name, game)
        searched = rules.card_id.fullmatch(card_name.strip()) if rules.card_id is not None else None
        self._parallel_only = bool(searched and searched.groupdict().get("art"))
        # A search without a part of the name some listings keep (a pitch) takes every such listing.
        self._any_group = rules.kept_groups is not None and not rules.kept_groups.search(card_name)
        padded = f" {normalize(card_name)} "
        # Markers the card's own name contains ("Booster Tutor") do not disqualify a listing.
        markers = [marker for marker in _NON_CARD_MARKERS + rules.non_cards if f" {marker} " not in padded
                   and f" {marker}s " not in padded]
        self._non_card = re.compile(" (?:" + "|".join(markers) + ")s? ") if markers else None

    def is_non_card(self, listing_name: str, set_name: str = "") -> bool:
        if self._non_card is None:
            return False
        return bool(self._non_card.search(f" {normalize(listing_name)} {normalize(set_name)} "))

    def is_related(self, listing_name: str) -> bool:
        """Whether the listing names the card at all, as whole words: "Lightning Bolt // Lightning
        Bolt" and "Thrum of the Vestige - Lightning Bolt" do, "Optimus Prime" does not name "Opt".
        Paging reads on while a results page still has related listings (see each platform)."""
        if self.card_id:
            return self.card_id in ids_in(listing_name, self.game)
        return bool(self.faces) and f" {self.faces[0]} " in f" {normalize(listing_name)} "

    def may_match(self, listing_name: str) -> bool:
        """A cheap first test: most results of a fuzzy search do not even contain the name."""
        if self.card_id:
            return self.card_id in ids_in(listing_name, self.game)
        return bool(self.faces) and self.faces[0] in normalize(listing_name)

    def matches(self, listing_name: str, set_name: str = "") -> bool:
        if self.card_id:
            return self._states_the_id(listing_name, set_name)
        if not self.may_match(listing_name):
            return False
        if self.is_non_card(listing_name, set_name):
            return False
        wanted = self.faces
        stripped = strip_decorations(listing_name, self.game)
        candidates = [stripped, listing_name] if stripped != listing_name else [listing_name]
        if self._any_group:
            candidates.insert(1, _stripped(listing_name, self.game, keep_groups=False))
        for candidate in candidates:
            listed = card_faces(candidate)
            # Art series cards show the same face twice ("Lightning Bolt // Lightning Bolt").
            if len(listed) > 1 and len(set(listed)) == 1:
                return False
            if listed == wanted:
                return True
            # A double-faced or split card searched or listed by its front face alone.
            if listed and (len(wanted) == 1 or len(listed) == 1) and listed[0] == wanted[0]:
                return True
        return False

    def _states_the_id(self, listing_name: str, set_name: str) -> bool:
        """An id search: the listing (or its set text) states exactly the searched id."""
        if self.card_id not in ids_in(f"{listing_name} {set_name}", self.game):
            return False
        if self.is_non_card(listing_name, set_name):
            return False
        return not self._parallel_only or bool(_PARALLEL.search(listing_name))


_NUMBER_IN_PARENS = re.compile(r"\((\d{1,4}[a-z★]?)\)", re.I)
_NUMBER_AS_SUFFIX = re.compile(r"\s[-–—]\s(\d{1,4}[a-z★]?)(?=\s[-–—]\s|\s*$)", re.I)


@functools.lru_cache(maxsize=4096)
def collector_number_in(listing_name: str) -> str | None:
    """A collector number some stores put in the title: "Swamp (0301) - Foil" -> "0301",
    "X - 435 - Borderless" -> "435", "Lightning Bolt (084)" -> "084". None when absent."""
    for pattern in (_NUMBER_IN_PARENS, _NUMBER_AS_SUFFIX):
        match = pattern.search(listing_name)
        if match:
            return match.group(1)
    return None


def decorations_of(listing_name: str, game: str = MAGIC) -> str:
    """What a store added around the card's name: "Etched Champion (Foil Etched) [SOM]" ->
    "(Foil Etched) [SOM]". Finish words are read from here only, so a card named "Etched
    Champion" or "Gilded Lotus" is not taken for a finish."""
    card = strip_decorations(listing_name, game)
    return listing_name.replace(card, " ", 1).strip() if card != listing_name else ""


_FINISH_ONLY_WORDS = frozenset({"foil", "non", "nonfoil", "etched", "normal", "regular"})
_FINISH_GROUP = re.compile(r"\s*\(([^()]*)\)|\s+[-–—]\s+([^\[\]()]+?)(?=\s*(?:\[|\(|$))")


def without_finish_words(listing_name: str) -> str:
    """The listing name less the groups that only say the finish, which `Offer.finish` now
    carries: "Lightning Bolt (Foil Etched) [Commander Masters]" -> "Lightning Bolt [Commander
    Masters]", "Lightning Bolt - Foil" -> "Lightning Bolt". Named foils ("(Surge Foil)") stay."""

    def drop_if_finish_only(match: re.Match[str]) -> str:
        words = normalize(match.group(1) or match.group(2) or "").split()
        return "" if words and all(word in _FINISH_ONLY_WORDS for word in words) else match.group(0)

    return _FINISH_GROUP.sub(drop_if_finish_only, listing_name).strip()
