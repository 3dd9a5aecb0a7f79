"""The words stores use for condition, finish, language, price and quantity, normalised.

Every platform module reads store text through this one table, so "Slightly Played" means LP
everywhere. Every function here is pure and tolerant: it returns None (or a safe default) for
text it does not recognise, and the platform module decides whether that makes the offer
unusable. The table (also in docs/vocabulary.md):

Condition (first match wins, so "Heavily Played" never falls through to a bare "played"):

| code | store words |
|---|---|
| NM  | NM, NM/Mint, NM-Mint, Near Mint, Mint, Brand New |
| LP  | LP, PL, Light Play, Lightly Played, Slightly Played, EX, Excellent |
| MP  | MP, Moderate Play, Moderately Played, GD, Good, Played (TCGplayer's old scale) |
| HP  | HP, Heavy Play, Heavily Played, Sleeve Playable |
| DMG | DMG, Damaged, Poor |

A condition the store does not state is left blank (`offer.UNSTATED_CONDITION`), never NM.
Words such as "Graded" or "Hero Deal" name no condition; the platform skips those listings.
Decision: "Excellent" (EX) is LP. UK stores grade on Cardmarket's scale (Mint, Near Mint,
Excellent, Good, Light Played, Played, Poor), where Excellent is the first grade below Near Mint:
light wear from a few games, which is what LP promises. Axion Now sells "Near Mint" and
"Excellent" only, so its played copies are LP.

Finish: the catalog knows three (Scryfall's): nonfoil, foil, etched.
- "Non-Foil", "Nonfoil", "Normal", "Regular" or no finish word at all: nonfoil.
- "Etched", "Foil Etched", "Etched Foil", "Retro Foil Etched": etched.
- "Foil" and every named foil ("Surge Foil", "Galaxy Foil", "Textured Foil", "Gilded Foil",
  "Rainbow Foil", "Halo Foil", "Confetti Foil", "Double Rainbow Foil", "Step-and-Compleat
  Foil", "Oil Slick Raised Foil", "Fracture Foil", …): foil. Decision: named foils are mapped to
  foil, not kept as their own finish, because Scryfall (and so the catalog and users' card
  specs) files them as the "foil" finish of their own printing, which the collector number
  already tells apart. The name keeps the named foil ("Sol Ring (Rainbow Foil)") so users see it.
- Finish words count only outside the card's name: "Etched Champion" is a nonfoil card.

Language: full names and codes ("English", "EN", "Japanese", "JP", "JA", "日本語", "Inglés", …)
give the language's English name. "Non English" (BinderPOS's label for foreign copies, whose SKU
still says EN) and "Foreign" give "Non English": the store says it is not English without saying
which language. No language word at all gives None, which the alert rules read as English.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

# The one list of conditions and finishes, with the labels pages show. Everything else reads these:
# the offer check (`offer.py`), the catalog and specs (`cards`), alert rules (`availability`), the
# buy plan, and the browser (the dashboard template hands them to static/js/dashboard.js).
# Conditions are best first: a minimum condition accepts it and everything to its left.
CONDITION_LABELS = {
    "NM": "Near mint",
    "LP": "Lightly played",
    "MP": "Moderately played",
    "HP": "Heavily played",
    "DMG": "Damaged",
}
CONDITIONS = tuple(CONDITION_LABELS)
FINISH_LABELS = {"nonfoil": "Non-foil", "foil": "Foil", "etched": "Etched foil"}
FINISHES = tuple(FINISH_LABELS)

# Order matters: the first pattern that matches anywhere in the text wins, so specific spellings
# come before the generic ones ("Heavily Played" must not fall through to a bare "played").
_CONDITION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern))
    for code, pattern in (
        ("NM", r"\b(?:nm|near ?mint|mint|brand new)\b"),
        ("LP", r"\b(?:lp|pl|light(?:ly)? play(?:ed)?|slightly played|ex|excellent)\b"),
        ("MP", r"\b(?:mp|moderate(?:ly)? play(?:ed)?|moderatly played|gd|good)\b"),
        ("HP", r"\b(?:hp|heav(?:y|ily) play(?:ed)?|sleeve playable)\b"),
        ("DMG", r"\b(?:dmg|damaged|poor)\b"),
        # TCGplayer's old scale called MP just "Played".
        ("MP", r"\bplayed\b"),
    )
)

# BinderPOS-style SKUs number the conditions 1 (NM) to 5 (DMG).
CONDITION_BY_GRADE = {"1": "NM", "2": "LP", "3": "MP", "4": "HP", "5": "DMG"}

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def _words(text: str) -> str:
    """"NearMint/Nm-Mint" -> "near mint nm mint": lower-case words separated by single spaces."""
    text = _CAMEL_BOUNDARY.sub(" ", text)
    return " ".join(_NON_WORD.split(text.lower())).strip()


def parse_condition(text: str | None) -> str | None:
    """NM, LP, MP, HP or DMG for a store's condition text; None for "Graded", "Hero Deal", ""."""
    if not text:
        return None
    return _condition_of(text)


@functools.lru_cache(maxsize=1024)
def _condition_of(text: str) -> str | None:
    # Stores repeat a handful of condition strings on every row, so remembering them pays.
    words = _words(text)
    for code, pattern in _CONDITION_PATTERNS:
        if pattern.search(words):
            return code
    return None


_ETCHED = re.compile(r"\betched\b")
_NONFOIL = re.compile(r"\bnon ?foil\b")
_FOIL = re.compile(r"\bfoil\b")


def parse_finish(*texts: str | None) -> str:
    """"etched", "foil" or "nonfoil" from any of the texts (a name, a variant title, a SKU part).

    "Non-Foil" says nonfoil outright; any other "foil" ("Rainbow Foil", "Surge Foil") is foil;
    "Etched Foil" / "Foil Etched" is etched.
    """
    found = "nonfoil"
    for text in texts:
        lowered = text.lower() if text else ""
        if "foil" not in lowered and "etched" not in lowered:
            continue  # the common case, without the word splitting below
        finish = _finish_named_in(text)
        if finish == "etched":
            return "etched"
        if finish == "foil":
            found = "foil"
    return found


@functools.lru_cache(maxsize=1024)
def _finish_named_in(text: str) -> str | None:
    # Cached: every row of a product repeats its name ("Lightning Bolt - Foil").
    words = _words(text)
    if _ETCHED.search(words):
        return "etched"
    if _FOIL.search(_NONFOIL.sub(" ", words)):
        return "foil"
    return None


NON_ENGLISH = "Non English"
LANGUAGES = {
    "en": "English", "eng": "English", "english": "English",
    "ja": "Japanese", "jp": "Japanese", "jpn": "Japanese", "japanese": "Japanese",
    "fr": "French", "fra": "French", "french": "French", "francais": "French",
    "de": "German", "ger": "German", "deu": "German", "german": "German",
    "it": "Italian", "ita": "Italian", "italian": "Italian",
    "es": "Spanish", "sp": "Spanish", "spa": "Spanish", "spanish": "Spanish", "espanol": "Spanish",
    "pt": "Portuguese", "por": "Portuguese", "portuguese": "Portuguese",
    "ru": "Russian", "rus": "Russian", "russian": "Russian",
    "ko": "Korean", "kor": "Korean", "korean": "Korean",
    "zhs": "Chinese Simplified", "cs": "Chinese Simplified", "chinese simplified": "Chinese Simplified",
    "zht": "Chinese Traditional", "ct": "Chinese Traditional",
    "chinese traditional": "Chinese Traditional",
    "chinese": "Chinese",
    "inglés": "English", "ingles": "English", "anglais": "English", "japonés": "Japanese",
    # Native names, as stores serving those players write them.
    "日本語": "Japanese", "español": "Spanish", "deutsch": "German", "français": "French",
    "italiano": "Italian", "português": "Portuguese", "русский": "Russian", "한국어": "Korean",
    "简体中文": "Chinese Simplified", "繁體中文": "Chinese Traditional", "中文": "Chinese",
    # The store says "not English" without saying which language (BinderPOS: "Near Mint Non
    # English", whose SKU still reads -EN-). It must never be read as English.
    "non english": NON_ENGLISH, "non-english": NON_ENGLISH, "foreign": NON_ENGLISH,
}
_NON_ENGLISH_IN_TEXT = re.compile(r"\bnon[\s_-]*english\b|\bforeign\b", re.I)


def parse_language(text: str | None) -> str | None:
    """"English" for "EN", "english", "Inglés"; None when the text names no language we know."""
    if not text:
        return None
    key = text.strip().lower()
    if _NON_ENGLISH_IN_TEXT.search(key):
        return NON_ENGLISH
    if key in LANGUAGES:
        return LANGUAGES[key]
    return LANGUAGES.get(_words(text))


def language_in(text: str | None) -> str | None:
    """The first full language name mentioned in a longer text ("NM-Mint, English, Montréal")."""
    if not text:
        return None
    if _NON_ENGLISH_IN_TEXT.search(text):
        return NON_ENGLISH  # before "English" inside it is read as the language
    words = re.findall(r"[^\W\d_]+", text.lower())
    for first, second in zip(words, words[1:] + [""]):
        # Only full names: in "NM, EN" style text two-letter codes collide with other words
        # (native names such as 日本語 are short but cannot collide).
        full_name = len(first) > 3 or not first.isascii()
        language = LANGUAGES.get(f"{first} {second}") or (LANGUAGES.get(first) if full_name else None)
        if language:
            return language
    return None


# Longest prefixes first so "CAD$" is not read as "$".
_CURRENCY_MARKS = (
    ("CAD$", "CAD"), ("US$", "USD"), ("AU$", "AUD"), ("NZ$", "NZD"), ("CLP$", "CLP"),
    ("CA$", "CAD"), ("C$", "CAD"), ("A$", "AUD"), ("S$", "SGD"), ("R$", "BRL"),
    ("CAD", "CAD"), ("USD", "USD"), ("AUD", "AUD"), ("EUR", "EUR"), ("GBP", "GBP"),
    ("CLP", "CLP"), ("SGD", "SGD"), ("ARS", "ARS"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"),
)
_NUMBER = re.compile(r"\d[\d.,\s]*")
_CENT = Decimal("0.01")


def parse_price(text: str | None) -> tuple[Decimal, str | None] | None:
    """Amount and currency code (None when only "$") from "CAD$ 1.25", "$1,234.50", "1.234,50 €".

    Returns None when the text holds no number. A bare "$" says nothing about the currency, so
    the store's configured currency applies.
    """
    if not text:
        return None
    text = text.replace("\xa0", " ").strip()
    upper = text.upper()
    currency = next((code for mark, code in _CURRENCY_MARKS if mark in upper), None)
    match = _NUMBER.search(text)
    if not match:
        return None
    amount = _decimal_from_digits(match.group().replace(" ", "").rstrip(".,"))
    return (amount, currency) if amount is not None else None


def _decimal_from_digits(digits: str) -> Decimal | None:
    # The last separator followed by one or two digits is the decimal point; every other
    # separator groups thousands. "2.690" (Chilean pesos) has three digits after it: thousands.
    last = max(digits.rfind("."), digits.rfind(","))
    if last != -1 and 0 < len(digits) - last - 1 <= 2:
        whole, fraction = digits[:last], digits[last + 1 :]
    else:
        whole, fraction = digits, ""
    whole = whole.replace(".", "").replace(",", "")
    try:
        return Decimal(f"{whole or '0'}.{fraction or '0'}").quantize(_CENT)
    except InvalidOperation:
        return None


def price_from_number(value: object) -> Decimal | None:
    """A JSON price in major units (41.5, "1.10") as a Decimal with cents; None if not a number."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value).strip()).quantize(_CENT)
    except (InvalidOperation, ValueError):
        return None


def price_from_minor_units(value: object, minor_unit: int = 2) -> Decimal | None:
    """1440 cents -> 14.40; with minor_unit 0 (Chilean pesos) 2690 -> 2690."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        units = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if units != units.to_integral_value():
        return None
    return units.scaleb(-int(minor_unit))


_QUANTITY_PATTERNS = (
    re.compile(r"(\d+)\s*(?:in stock|en stock|available|disponibles?|left)\b", re.I),
    re.compile(r"\b(?:limit|qty|quantity|stock)\s*:?\s*(\d+)", re.I),
    re.compile(r"^\s*(\d+)\s*$"),
)
_OUT_OF_STOCK = re.compile(r"out of stock|sold out|rupture|agotado|no stock", re.I)


def parse_quantity(text: str | None) -> int | None:
    """2 for "2 In Stock", "Limit 2", "2 En stock", "2"; 0 for "Out of stock"; None if unsaid."""
    if not text:
        return None
    return _quantity_in(text)


@functools.lru_cache(maxsize=1024)
def _quantity_in(text: str) -> int | None:
    # Cached: stock texts are a small vocabulary ("1 In Stock", "2 In Stock", ...) on every row.
    if _OUT_OF_STOCK.search(text):
        return 0
    for pattern in _QUANTITY_PATTERNS:
        match = pattern.search(text)
        if match:
            return int(match.group(1))
    return None


def int_or_none(value: object) -> int | None:
    """An integer from JSON that might be a number, a numeric string, or missing."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return None
