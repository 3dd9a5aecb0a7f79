"""Is this store listing the card the user asked for?

Stores decorate names ("Lightning Bolt - Foil", "Sol Ring [3ED - N/A]", "Swamp (0301) - Foil",
"Sol Ring — Near Mint · Spanish") and their searches are fuzzy, so every platform module filters
results with `is_same_card()`. The rule is strict on purpose: "Lightning Helix", "Thrum of the
Vestige - Lightning Bolt", art series cards, tokens and other games' products are not
"Lightning Bolt", while "Fire // Ice", "Fire/Ice" and "Fire" all are "Fire // Ice".
"""

from __future__ import annotations

import functools
import re
import unicodedata

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


def _is_decoration(text: str) -> bool:
    words = normalize(text).split()
    return bool(words) and all(word in _DECORATION_WORDS or word.isdigit() for word in words)


@functools.lru_cache(maxsize=4096)
def strip_decorations(listing_name: str) -> str:
    """The card name inside a store's listing title.

    "Lightning Bolt - Foil" -> "Lightning Bolt"; "Sol Ring (0912) (Rainbow Foil) [Secret Lair
    Drop Series]" -> "Sol Ring"; "X - 435 - Borderless" -> "X"; "A // B - Foil" -> "A // B".
    """
    name = listing_name.strip()
    while True:
        shorter = _TRAILING_GROUP.sub("", name)
        separators = list(_SUFFIX_SEPARATOR.finditer(shorter))
        if separators and _is_decoration(shorter[separators[-1].end() :]):
            shorter = shorter[: separators[-1].start()]
        shorter = shorter.strip()
        if shorter == name or not shorter:
            return name
        name = shorter


@functools.lru_cache(maxsize=4096)
def card_faces(name: str) -> tuple[str, ...]:
    """Normalised faces of a split or double-faced name: "Fire // Ice" -> ("fire", "ice")."""
    return tuple(face for face in map(normalize, FACE_SEPARATOR.split(name)) if face)


def is_non_card(listing_name: str, card_name: str, set_name: str = "") -> bool:
    """True for tokens, art series cards and accessories that merely carry the card's name."""
    return CardMatcher(card_name).is_non_card(listing_name, set_name)


def is_same_card(listing_name: str, card_name: str, set_name: str = "") -> bool:
    """Whether a store listing (and its set) is exactly the card the user is looking for."""
    return CardMatcher(card_name).matches(listing_name, set_name)


class CardMatcher:
    """`is_same_card` for one searched card, with the searched name prepared once: parsers check
    every listing on a results page against the same card."""

    def __init__(self, card_name: str) -> None:
        self.card_name = card_name
        self.faces = card_faces(card_name)
        padded = f" {normalize(card_name)} "
        # Markers the card's own name contains ("Booster Tutor") do not disqualify a listing.
        markers = [marker for marker in _NON_CARD_MARKERS if f" {marker} " not in padded
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
        return bool(self.faces) and f" {self.faces[0]} " in f" {normalize(listing_name)} "

    def may_match(self, listing_name: str) -> bool:
        """A cheap first test: most results of a fuzzy search do not even contain the name."""
        return bool(self.faces) and self.faces[0] in normalize(listing_name)

    def matches(self, listing_name: str, set_name: str = "") -> bool:
        if not self.may_match(listing_name):
            return False
        if self.is_non_card(listing_name, set_name):
            return False
        wanted = self.faces
        stripped = strip_decorations(listing_name)
        for candidate in (stripped, listing_name) if stripped != listing_name else (listing_name,):
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


def decorations_of(listing_name: str) -> str:
    """What a store added around the card's name: "Etched Champion (Foil Etched) [SOM]" ->
    "(Foil Etched) [SOM]". Finish words are read from here only, so a card named "Etched
    Champion" or "Gilded Lotus" is not taken for a finish."""
    card = strip_decorations(listing_name)
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
