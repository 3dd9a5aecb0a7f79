"""The card games the library knows, each one data: a code, names, how its printings are told apart,
the words stores use for its finishes, the rules its card names follow, and how each store platform
files its singles.

    from scrapers.games import GAMES, MAGIC, game
    GAMES["pokemon"].name                       # "Pokémon TCG"
    GAMES["pokemon"].stores.shopify_types       # the product types a Shopify store files its singles under

Adding a game is adding an entry to `GAMES` (docs/games.md walks through one); no platform module
names a game. Matching (`scrapers.matching`), the platforms' filters, inventory sync, detection and
`scrapers.game_offers` all read these entries.

Decisions:
- **Codes** are short, lowercase and stable, because the Django side stores them and sends them in
  socket messages: `magic` (the default everywhere, so every existing caller, row and message stays
  valid), `pokemon`, `lorcana`, `onepiece`, and `yugioh` and `fab` (Flesh and Blood) as the example of
  "adding a game is data". A code is never renamed.
- **Finishes are mapped, not extended.** `scrapers.vocabulary.FINISHES` stays nonfoil / foil / etched:
  alerts, the buy plan, the catalog's finish choices and the dashboard script compare those codes, and
  a Django test pins the list. Each game maps its own words onto them (`Game.finish_words`, read by
  `game_offers.read_offer`): Pokémon's holo and reverse holo are foil, non-holo is nonfoil; Lorcana's
  foil, cold foil and Enchanted are foil; Flesh and Blood's rainbow and cold foil are foil. The store's own words
  stay in the offer's name ("Pikachu (Reverse Holo)"), as Magic's named foils do, so a user still sees
  which. What is lost: a Pokémon holo rare's holo and reverse holo copies are both "foil" (the number
  does not tell them apart, unlike Magic's named foils). `Game.finishes` names the finishes each game
  uses with the words its players use ("Holo / reverse holo"); when the Django side gives games their
  own finish choices, a "reverse" finish is one entry in `FINISHES` and one line here.
- **A printing's identity travels in `Offer.set_code` and `Offer.collector_number`**, whatever the game
  calls them (`PrintingIdentity` says what each holds): Pokémon "OBF" and "125" (of "125/197"),
  Lorcana the set number and "207" (of "207/204"), One Piece the set "OP01" and the card id
  "OP01-016" (a parallel art keeps the id; its name says "(Parallel)"), Yu-Gi-Oh! "MAGO" and the set
  code "MAGO-EN016", Flesh and Blood "ARC" and "ARC159". `game_offers.read_offer` fills them from a
  listing's title when the platform found none.
- **Store facts are marked** in `StoreFilters.checked`: what was seen in real pages or public code,
  and what is inferred. An inferred value can be overridden per store (each platform's `game_filters`
  setting), so a wrong guess is a settings edit, not a release.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

MAGIC = "magic"


@dataclass(frozen=True)
class PrintingIdentity:
    """How the game tells one printing of a card from another, and where an offer carries it."""

    described: str  # in the game's own terms
    example: str  # as players write it
    set_code: str  # what `Offer.set_code` holds for this game
    collector_number: str  # what `Offer.collector_number` holds


@dataclass(frozen=True)
class NameRules:
    """What `scrapers.matching` needs beyond Magic's rules to read this game's listing titles."""

    # Words stores add after " - " that are never a whole card name of this game ("Enchanted").
    decorations: frozenset[str] = frozenset()
    # Where a title's printing details begin ("Charizard ex - 125/197 - Obsidian Flames"): the
    # card's name is what comes before the first match.
    printing_tail: re.Pattern[str] | None = None
    # Trailing "(...)" groups that are part of a card's name (Flesh and Blood's pitch, "(Red)").
    kept_groups: re.Pattern[str] | None = None
    # A printing id a player may search by instead of a name ("OP01-016"); group "id" is the id,
    # optional group "art" a parallel-art suffix ("_p1").
    card_id: re.Pattern[str] | None = None
    # Words in a listing that make it no single of this game (beside Magic's tokens, playmats, …).
    non_cards: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoreFilters:
    """How each store platform files this game's singles."""

    # Normalised words (`matching.normalize`) naming the game in categories, types and tags.
    words: tuple[str, ...]
    # Shopify (and BinderPOS) product types of its singles, a case-insensitive regular expression; a
    # type naming no game ("Singles") is decided by the product's tags.
    shopify_types: str
    # The BinderPOS API's `game`.
    binderpos_game: str
    # TCGplayer Pro's product line: the name a search asks for and the URL names its items carry.
    tcgplayer_line: str
    tcgplayer_line_urls: tuple[str, ...]
    # Conduct Commerce's productTypeID of the game's singles, when one id is used by every store;
    # None: read from the store's own `getStoreSettings`.
    conduct_product_type: int | None = None
    # Where each value comes from: "seen" in real pages or public code, or "inferred".
    checked: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Game:
    code: str
    name: str
    short_name: str
    printing: PrintingIdentity
    # The app finishes this game uses, with the words its players use for them.
    finishes: dict[str, str]
    # (store words, app finish): a word pattern (lower case, on `matching.normalize`d text) and the
    # finish it means. Checked in order, after Magic's own words ("foil", "etched", "non-foil").
    finish_words: tuple[tuple[str, str], ...]
    names: NameRules
    stores: StoreFilters
    # Reads a printing out of a listing title: (set code or "", number) or None (see `printing_in`).
    title_printing: re.Pattern[str] | None = None


_SLASH_NUMBER = r"[A-Z]{0,5}\d{1,3}[a-z]?\s*/\s*[A-Z]{0,5}\d{1,3}"

GAMES: dict[str, Game] = {
    game.code: game
    for game in (
        Game(
            code=MAGIC,
            name="Magic: The Gathering",
            short_name="Magic",
            printing=PrintingIdentity(
                "set code and collector number (Scryfall)", "M10 146", "the set code (\"M10\")",
                "the collector number (\"146\")",
            ),
            finishes={"nonfoil": "Non-foil", "foil": "Foil", "etched": "Etched foil"},
            finish_words=(),
            names=NameRules(),
            stores=StoreFilters(
                words=("magic", "mtg"),
                shopify_types="magic|mtg",
                binderpos_game="mtg",
                tcgplayer_line="Magic: The Gathering",
                tcgplayer_line_urls=("magic",),
                conduct_product_type=1,
                checked={"binderpos_game": "seen (real API requests, Pro Gamers' advanced search)",
                         "tcgplayer_line": "seen (real TCGplayer Pro answers)",
                         "shopify_types": "seen (\"MTG Single\", Boards & Swords)",
                         "conduct_product_type": "seen (every Conduct store in docs/platforms.md)"},
            ),
        ),
        Game(
            code="pokemon",
            name="Pokémon TCG",
            short_name="Pokémon",
            printing=PrintingIdentity(
                "set (its PTCGO code) and number within it, printed as \"125/197\"", "OBF 125/197",
                "the set's PTCGO code (\"OBF\")", "the number before the slash (\"125\"; \"TG05\", \"SWSH061\")",
            ),
            finishes={"nonfoil": "Non-holo", "foil": "Holo / reverse holo"},
            finish_words=((r"\bnon holo\b|\bnon holofoil\b", "nonfoil"),
                          (r"\breverse\b|\bholo\b|\bholofoil\b|\bholographic\b", "foil")),
            names=NameRules(
                decorations=frozenset("""holo holofoil reverse non 1st edition shadowless unlimited cosmos
                    staff illustration special rare ultra secret hyper double trainer gallery""".split()),
                # " - 125/197", " - OBF 125", " - SWSH061", or a bare "125/197" after the name.
                printing_tail=re.compile(
                    r"\s+[-–—|]\s+(?=(?:[A-Z]{2,5}\s)?[A-Z]{0,5}\d)|\s+(?=" + _SLASH_NUMBER + r"\b)"),
                non_cards=("code card", "jumbo"),
            ),
            stores=StoreFilters(
                words=("pokemon", "ptcg"),
                shopify_types="pok[eé]mon|ptcg",
                binderpos_game="pokemon",
                tcgplayer_line="Pokemon",
                tcgplayer_line_urls=("pokemon",),
                checked={"binderpos_game": "seen (Pro Gamers' advanced search: value \"pokemon\")",
                         "tcgplayer_line": "seen (public TCGplayer code: \"Pokemon\" / \"pokemon\")",
                         "shopify_types": "seen (\"Pokemon Single\", Boards & Swords)",
                         "conduct_product_type": "unknown: read from the store's getStoreSettings"},
            ),
            title_printing=re.compile(
                r"(?<![\w/])(?P<number>[A-Z]{0,5}\d{1,3}[a-z]?)\s*/\s*[A-Z]{0,5}\d{1,3}\b"
                r"|\b(?P<code>[A-Z][A-Z0-9]{1,3})\s(?P<coded>\d{1,3})\b(?![/\d])"),
        ),
        Game(
            code="lorcana",
            name="Disney Lorcana",
            short_name="Lorcana",
            printing=PrintingIdentity(
                "set number and card number, printed as \"207/204 · EN · 1\"; foil kinds (none, foil, "
                "cold foil) and Enchanted printings with their own numbers", "1 207/204",
                "the set's number (\"1\") or code (\"TFC\") as the store gives it",
                "the card number (\"207\")",
            ),
            finishes={"nonfoil": "Non-foil", "foil": "Foil"},
            finish_words=((r"\benchanted\b|\bcold\b|\bsilver\b", "foil"),),
            names=NameRules(
                decorations=frozenset("""enchanted cold iconic epic legendary super rare uncommon common
                    promo d23 illumineer""".split()),
                printing_tail=re.compile(r"\s+[-–—|]\s+(?=#?\d{1,3}\s*/\s*\d{1,3}\b)|\s+(?=#?\d{1,3}/\d{1,3}\b)"),
            ),
            stores=StoreFilters(
                words=("lorcana",),
                shopify_types="lorcana",
                binderpos_game="lorcana",
                tcgplayer_line="Lorcana TCG",
                tcgplayer_line_urls=("lorcana-tcg",),
                checked={"binderpos_game": "inferred (not seen in a capture; override in game_filters)",
                         "tcgplayer_line": "seen (public code: \"Lorcana TCG\" / \"lorcana-tcg\"; older "
                                           "answers say \"Disney Lorcana\")",
                         "shopify_types": "inferred from BinderPOS's \"<Game> Single\" types",
                         "conduct_product_type": "unknown: read from the store's getStoreSettings"},
            ),
            title_printing=re.compile(r"(?<![\w/])#?(?P<number>\d{1,3})\s*/\s*\d{1,3}\b"),
        ),
        Game(
            code="onepiece",
            name="One Piece Card Game",
            short_name="One Piece",
            printing=PrintingIdentity(
                "card id (\"OP01-016\"); parallel arts share the id (the data marks them \"_p1\")",
                "OP01-016", "the set part of the id (\"OP01\")", "the card id (\"OP01-016\")",
            ),
            finishes={"nonfoil": "Non-foil", "foil": "Foil"},
            finish_words=(),
            names=NameRules(
                decorations=frozenset("""parallel manga sp sec special leader treasure wanted poster
                    box topper""".split()),
                printing_tail=re.compile(
                    r"\s*(?:[-–—|]\s*)?[\[(]?(?=(?:OP|ST|EB|PRB)-?\d{2}-\d{3}|P-\d{3})"),
                card_id=re.compile(r"(?P<id>(?:OP|ST|EB|PRB)-?\d{2}-\d{3}|P-\d{3})(?P<art>_[pP]\d+)?", re.I),
            ),
            stores=StoreFilters(
                words=("one piece", "optcg"),
                shopify_types="one ?piece|optcg",
                binderpos_game="onePiece",
                tcgplayer_line="One Piece Card Game",
                tcgplayer_line_urls=("one-piece-card-game",),
                checked={"binderpos_game": "inferred from BinderPOS's \"dragonBallSuper\" spelling "
                                           "(override in game_filters)",
                         "tcgplayer_line": "seen (public code: \"One Piece Card Game\" / \"one-piece-card-game\")",
                         "shopify_types": "inferred from BinderPOS's \"<Game> Single\" types",
                         "conduct_product_type": "unknown: read from the store's getStoreSettings"},
            ),
            title_printing=re.compile(r"(?P<id>(?P<code>(?:OP|ST|EB|PRB)-?\d{2}|P)-\d{3})", re.I),
        ),
        Game(
            code="yugioh",
            name="Yu-Gi-Oh!",
            short_name="Yu-Gi-Oh!",
            printing=PrintingIdentity(
                "set code (\"MAGO-EN016\") and rarity (one code can be printed at several rarities)",
                "MAGO-EN016 Premium Gold Rare", "the set prefix (\"MAGO\")", "the set code (\"MAGO-EN016\")",
            ),
            finishes={"nonfoil": "Any rarity"},
            finish_words=(),
            names=NameRules(
                decorations=frozenset("""1st edition unlimited limited secret ultra super rare common
                    quarter century platinum premium gold starlight ghost collectors prismatic ultimate
                    short print""".split()),
                printing_tail=re.compile(r"\s*(?:[-–—|]\s*)?[\[(]?(?=[A-Z0-9]{2,5}-[A-Z]{0,2}\d{2,3}\b)"),
                card_id=re.compile(r"(?P<id>[A-Z0-9]{2,5}-[A-Z]{0,2}\d{2,3})", re.I),
            ),
            stores=StoreFilters(
                words=("yugioh", "yu gi oh", "ygo"),
                shopify_types="yu-?gi-?oh|ygo",
                binderpos_game="yugioh",
                tcgplayer_line="YuGiOh",
                tcgplayer_line_urls=("yugioh",),
                checked={"binderpos_game": "seen (Pro Gamers' advanced search: value \"yugioh\")",
                         "tcgplayer_line": "seen (public code: \"YuGiOh\" / \"yugioh\")",
                         "shopify_types": "inferred", "conduct_product_type": "unknown"},
            ),
            title_printing=re.compile(r"(?P<id>(?P<code>[A-Z0-9]{2,5})-[A-Z]{0,2}\d{2,3})\b"),
        ),
        Game(
            code="fab",
            name="Flesh and Blood",
            short_name="Flesh and Blood",
            printing=PrintingIdentity(
                "card id (\"ARC159\": set and number) with edition and foiling (standard, rainbow, cold)",
                "ARC159", "the set (\"ARC\")", "the card id (\"ARC159\")",
            ),
            finishes={"nonfoil": "Standard", "foil": "Rainbow / cold foil"},
            finish_words=((r"\brainbow\b|\bcold\b", "foil"),),
            names=NameRules(
                decorations=frozenset("""rainbow cold unlimited alpha 1st edition marvel extended majestic
                    legendary fabled""".split()),
                printing_tail=re.compile(r"\s*(?:[-–—|]\s*)?[\[(]?(?=[A-Z]{3}\d{3}\b)"),
                kept_groups=re.compile(r"\((?:red|yellow|blue)\)", re.I),
            ),
            stores=StoreFilters(
                words=("flesh and blood", "flesh blood", "fab"),
                shopify_types=r"flesh (?:and|&) blood|\bfab\b",
                binderpos_game="fleshAndBlood",
                tcgplayer_line="Flesh and Blood TCG",
                tcgplayer_line_urls=("flesh-and-blood-tcg",),
                checked={"binderpos_game": "inferred", "tcgplayer_line": "seen (public code)",
                         "shopify_types": "seen (\"Flesh and Blood Single\", the test fixtures)",
                         "conduct_product_type": "unknown"},
            ),
            title_printing=re.compile(r"\b(?P<id>(?P<code>[A-Z]{3})\d{3})\b"),
        ),
    )
}
GAME_CHOICES: list[tuple[str, str]] = [(code, game.name) for code, game in GAMES.items()]


class UnknownGame(ValueError):
    pass


def game(code: str) -> Game:
    """The game with this code; `UnknownGame` for any other."""
    try:
        return GAMES[code]
    except KeyError:
        raise UnknownGame(f"unknown game '{code}' (one of {', '.join(GAMES)})") from None


# Games stores sell that the registry does not know yet, as their categories and types name them
# (normalised). Only names that are never a Magic set are listed: Magic has "Final Fantasy",
# "Warhammer 40,000 Commander" and "Marvel's Spider-Man" sets, so "final fantasy tcg", not "final fantasy".
UNLISTED_GAMES = (
    "digimon", "star wars", "dragon ball", "dbs", "weiss schwarz", "cardfight", "force of will", "keyforge",
    "metazoo", "sorcery contested realm", "grand archive", "union arena", "battle spirits", "final fantasy tcg",
    "fftcg", "final fantasy trading card game", "altered tcg", "shadowverse", "gundam card game", "riftbound",
)


def other_games_words(code: str) -> tuple[str, ...]:
    """Words naming any game but `code`: the registry's others, then the unlisted ones."""
    return tuple(word for other in GAMES.values() if other.code != code for word in other.stores.words) + \
        UNLISTED_GAMES


def _any_words(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(phrase) for phrase in phrases) + r")\b")


@functools.cache
def word_patterns(code: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(words naming this game, words naming any other), as patterns on normalised text."""
    return _any_words(game(code).stores.words), _any_words(other_games_words(code))


def names_game(words: str, code: str) -> bool | None:
    """Whether normalised text (a category, a product type) names the game: False when it names
    another game (checked first: "Magic and Pokemon sleeves" is not a Magic category), True when it
    names this one, None when it names no game."""
    this, others = word_patterns(code)
    if others.search(words):
        return False
    return True if this.search(words) else None


def canonical_id(card_id: str) -> str:
    """A card id as the game's data writes it: "op-01-016" -> "OP01-016", "mago-en016" -> "MAGO-EN016"."""
    card_id = card_id.upper()
    return re.sub(r"^(OP|ST|EB|PRB)-(\d{2}-)", r"\1\2", card_id)
