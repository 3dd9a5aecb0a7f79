"""The one inventory every sample platform sells from.

Real cards with invented stock: several printings of Lightning Bolt across sets, finishes and
conditions (one printing sold out, two in the same set so only a collector number tells them
apart), a few other staples, and decoys a scraper must not mistake for Lightning Bolt.

For the paging rules: "Ponder" is listed only after three near misses (an art series card, a
playmat, an oversized card), so with three results a page its copies are on page 2; "Opt" is a
common word whose search also returns pages of unrelated cards that merely contain the letters
("Thopter Foundry"), the way stores' substring searches do.

"Mana Crypt" is listed but sold out in every condition: a check of it reads a recognised page that
names the card and offers no copy, which a diagnosis must tell apart from a page it cannot read.

Other games (`OTHER_GAMES`, names, sets and numbers from the real data in ../shared/catalog-samples),
each card beside the near misses a matcher must not take for it:
- Pokémon: Pikachu (a common, also in reverse holo) beside Pikachu V, Pikachu VMAX, Pikachu ex and
  Flying Pikachu V; Charizard ex (Obsidian Flames 125/197) beside Base Set's Charizard;
- Lorcana: Elsa - Spirit of Winter (and its Enchanted printing, 207/204) beside Elsa - Snow Queen and
  Elsa - Queen Regent;
- One Piece: Nami OP01-016 and its parallel art, Nami ST14-006 (the same name, another id) and the
  leader Roronoa Zoro OP01-001.
Their printing ids start at `OTHER_GAMES_FIRST_ID`, past the catalog's fillers. A search meets them
only through words of four letters or more: a Lorcana "Spirit of Winter" never answers a search for
"Delver of Secrets", so every Magic search answers exactly as it did before they were stocked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

CONDITION_NAMES = {"NM": "Near Mint", "LP": "Lightly Played", "MP": "Moderately Played",
                   "HP": "Heavily Played", "DMG": "Damaged"}
# The games every sample store sells (codes of `scrapers.games`), its main one first.
SAMPLE_GAMES = ("magic", "pokemon", "lorcana", "onepiece")
OTHER_GAMES_FIRST_ID = 5001


@dataclass(frozen=True)
class Stock:
    condition: str  # NM, LP, MP, HP, DMG
    finish: str  # nonfoil, foil, etched
    quantity: int
    price: Decimal  # USD
    language: str = "English"


@dataclass(frozen=True)
class Printing:
    id: int
    name: str
    set_name: str
    set_code: str
    collector_number: str
    stock: tuple[Stock, ...]
    game: str = "magic"
    rarity: str = "Common"
    printed_number: str = ""  # the number as the card prints it, where it says more: "125/197"
    treatment: str = ""  # what sets this printing apart beside its number: "Enchanted", "Parallel"

    @property
    def finishes(self) -> list[str]:
        return list(dict.fromkeys(stock.finish for stock in self.stock))

    @property
    def in_stock(self) -> bool:
        return any(stock.quantity > 0 for stock in self.stock)

    def stock_in(self, finish: str) -> list[Stock]:
        return [stock for stock in self.stock if stock.finish == finish]

    def finish_word(self, finish: str) -> str:
        """The store's word for a finish of this printing, in its game's terms: a Pokémon common's foil
        copy is its "Reverse Holo", a holo rare's its "Holo"; an Enchanted Lorcana card is "Cold Foil"."""
        if finish == "nonfoil":
            return ""
        if self.game == "pokemon":
            return "Reverse Holo" if "nonfoil" in self.finishes else "Holo"
        if self.game == "lorcana" and self.treatment == "Enchanted":
            return "Cold Foil"
        return {"foil": "Foil", "etched": "Etched Foil"}[finish]


def _s(condition: str, finish: str, quantity: int, price: str, language: str = "English") -> Stock:
    return Stock(condition, finish, quantity, Decimal(price), language)


# Order matters: within equally relevant results the sample search keeps this order, which puts
# decoys between real printings the way relevance-sorted store searches do.
INVENTORY: tuple[Printing, ...] = (
    Printing(1, "Lightning Bolt", "Magic 2010", "M10", "146",
             (_s("NM", "nonfoil", 3, "2.50"), _s("LP", "nonfoil", 1, "2.00"), _s("NM", "foil", 0, "12.00"))),
    Printing(2, "Thrum of the Vestige - Lightning Bolt", "Secret Lair Drop Series", "SLD", "1700",
             (_s("NM", "nonfoil", 2, "3.00"),)),
    Printing(3, "Lightning Bolt", "Double Masters 2022", "2X2", "117",
             (_s("NM", "nonfoil", 2, "1.99"), _s("NM", "foil", 1, "4.50"))),
    Printing(4, "Lightning Bolt // Lightning Bolt", "Strixhaven Art Series", "ASTX", "22",
             (_s("NM", "nonfoil", 5, "0.50"),)),
    Printing(5, "Lightning Bolt", "Secret Lair Drop Series", "SLD", "84",
             (_s("NM", "nonfoil", 1, "6.00"),)),
    Printing(6, "Lightning Bolt", "Secret Lair Drop Series", "SLD", "1734",
             (_s("NM", "nonfoil", 1, "7.00"), _s("LP", "foil", 1, "8.00"))),
    Printing(7, "Lightning Bolt", "Strixhaven Mystical Archive", "STA", "42",
             (_s("NM", "etched", 1, "15.00"), _s("NM", "nonfoil", 2, "5.00", "Japanese"))),
    Printing(8, "Lightning Bolt", "Magic 2011", "M11", "149",
             (_s("NM", "nonfoil", 0, "2.25"),)),
    Printing(9, "Lightning Bolt", "Flesh and Blood Promos", "FAB", "1",
             (_s("NM", "nonfoil", 1, "0.25"),), game="fab"),
    Printing(10, "Lightning Helix", "Ravnica: City of Guilds", "RAV", "213",
             (_s("NM", "nonfoil", 4, "0.75"),), rarity="Uncommon"),
    Printing(11, "Counterspell", "Ice Age", "ICE", "64",
             (_s("NM", "nonfoil", 2, "1.50"), _s("MP", "nonfoil", 1, "0.80"))),
    Printing(12, "Counterspell", "Dominaria Remastered", "DMR", "45",
             (_s("NM", "foil", 1, "3.00"), _s("NM", "nonfoil", 3, "1.25"))),
    Printing(13, "Counterspell", "Modern Horizons 2", "MH2", "267",
             (_s("NM", "etched", 1, "4.00"),)),
    Printing(14, "Fire // Ice", "Apocalypse", "APC", "128",
             (_s("NM", "nonfoil", 2, "0.60"), _s("HP", "nonfoil", 1, "0.20")), rarity="Uncommon"),
    Printing(15, "Delver of Secrets // Insectile Aberration", "Innistrad", "ISD", "51",
             (_s("NM", "nonfoil", 3, "0.50"), _s("LP", "foil", 1, "6.00"))),
    Printing(16, "Sol Ring", "Commander 2021", "C21", "263",
             (_s("NM", "nonfoil", 5, "1.50"), _s("DMG", "nonfoil", 1, "0.50")), rarity="Uncommon"),
    Printing(17, "Llanowar Elves", "Dominaria", "DOM", "168",
             (_s("NM", "nonfoil", 4, "0.25"), _s("LP", "foil", 2, "1.25"))),
    # Near misses first: they name Ponder but are not the card.
    Printing(18, "Ponder // Ponder", "Lorwyn Art Series", "ALRW", "12", (_s("NM", "nonfoil", 3, "0.10"),)),
    Printing(19, "Ponder Playmat", "Lorwyn", "LRW", "", (_s("NM", "nonfoil", 1, "20.00"),)),
    Printing(20, "Ponder (Oversized)", "Lorwyn Oversized", "OLRW", "79", (_s("NM", "nonfoil", 1, "4.00"),)),
    Printing(21, "Ponder", "Lorwyn", "LRW", "79", (_s("NM", "nonfoil", 2, "1.00"), _s("LP", "foil", 1, "3.00"))),
    Printing(22, "Opt", "Dominaria", "DOM", "60", (_s("NM", "nonfoil", 6, "0.25"),)),
    *(Printing(23 + index, name, set_name, code, number, (_s("NM", "nonfoil", 1, "0.50"),))
      for index, (name, set_name, code, number) in enumerate((
          ("Thopter Foundry", "Alara Reborn", "ARB", "133"), ("Thopter Engineer", "Magic Origins", "ORI", "165"),
          ("Thopter Assembly", "Mirrodin Besieged", "MBS", "140"),
          ("Thopter Spy Network", "Magic Origins", "ORI", "79"), ("Thopter Squadron", "Commander 2016", "C16", "59"),
          ("Smuggler's Copter", "Kaladesh", "KLD", "235"), ("Ornithopter", "Antiquities", "ATQ", "57"),
          ("Sai, Master Thopterist", "Magic Origins", "ORI", "69"),
      ))),
    Printing(31, "Mana Crypt", "Eternal Masters", "EMA", "225", (_s("NM", "nonfoil", 0, "180.00"),),
             rarity="Mythic"),
)


def _pokemon(id_: int, name: str, set_name: str, code: str, printed: str, stock: tuple[Stock, ...],
             rarity: str) -> Printing:
    number = printed.split("/")[0].lstrip("0")
    return Printing(id_, name, set_name, code, number, stock, "pokemon", rarity, printed)


def _lorcana(id_: int, name: str, printed: str, stock: tuple[Stock, ...], rarity: str, treatment: str = "") -> Printing:
    return Printing(id_, name, "The First Chapter", "1", printed.split("/")[0], stock, "lorcana", rarity, printed,
                    treatment)


def _one_piece(id_: int, name: str, set_name: str, card_id: str, stock: tuple[Stock, ...], rarity: str,
               treatment: str = "") -> Printing:
    return Printing(id_, name, set_name, card_id.split("-")[0], card_id, stock, "onepiece", rarity, "", treatment)


OTHER_GAMES: tuple[Printing, ...] = (
    _pokemon(5001, "Pikachu", "Sword & Shield", "SSH", "065/202",
             (_s("NM", "nonfoil", 4, "0.25"), _s("NM", "foil", 2, "1.50")), "Common"),
    _pokemon(5002, "Pikachu V", "Vivid Voltage", "VIV", "043/185", (_s("NM", "foil", 2, "3.00"),), "Rare Holo V"),
    _pokemon(5003, "Pikachu VMAX", "Vivid Voltage", "VIV", "044/185", (_s("NM", "foil", 1, "12.00"),),
             "Rare Holo VMAX"),
    _pokemon(5004, "Pikachu ex", "Prismatic Evolutions", "PRE", "028/131", (_s("NM", "foil", 1, "6.50"),),
             "Double Rare"),
    _pokemon(5005, "Flying Pikachu V", "Celebrations", "CEL", "006/025", (_s("LP", "foil", 1, "2.00"),), "Rare Holo V"),
    _pokemon(5006, "Charizard ex", "Obsidian Flames", "OBF", "125/197",
             (_s("NM", "foil", 2, "28.00"), _s("LP", "foil", 1, "22.00")), "Double Rare"),
    _pokemon(5007, "Charizard", "Base", "BS", "4/102", (_s("LP", "foil", 1, "350.00"),), "Rare Holo"),
    _lorcana(5011, "Elsa - Spirit of Winter", "42/204",
             (_s("NM", "nonfoil", 1, "4.00"), _s("NM", "foil", 1, "12.00")), "Legendary"),
    _lorcana(5012, "Elsa - Spirit of Winter", "207/204", (_s("NM", "foil", 1, "150.00"),), "Enchanted", "Enchanted"),
    _lorcana(5013, "Elsa - Snow Queen", "41/204", (_s("NM", "nonfoil", 3, "0.30"),), "Uncommon"),
    _lorcana(5014, "Elsa - Queen Regent", "40/204", (_s("NM", "nonfoil", 2, "0.15"),), "Common"),
    _one_piece(5021, "Nami", "Romance Dawn", "OP01-016", (_s("NM", "nonfoil", 3, "0.50"),), "R"),
    _one_piece(5022, "Nami", "Romance Dawn", "OP01-016", (_s("NM", "foil", 1, "25.00"),), "R", "Parallel"),
    _one_piece(5023, "Nami", "3D2Y", "ST14-006", (_s("NM", "nonfoil", 2, "0.25"),), "C"),
    _one_piece(5024, "Roronoa Zoro", "Romance Dawn", "OP01-001", (_s("NM", "nonfoil", 1, "1.00"),), "L"),
)
SAMPLE_CARDS = INVENTORY  # the Magic sample cards (and their other-game decoy), as they always were
INVENTORY = SAMPLE_CARDS + OTHER_GAMES

_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def search(query: str, printings: tuple[Printing, ...] = INVENTORY) -> list[Printing]:
    """Fuzzy, relevance-ordered search like a store's: printings with every word of the query
    first, then those sharing any word ("Lightning Helix" for "lightning bolt"), then those that
    merely contain a query word ("Thopter Foundry" for "opt"). Other games' printings share the last
    two only through words of four letters or more (see the module docstring)."""
    wanted = _words(query.replace('"', " "))
    if not wanted:
        return []
    long_words = {word for word in wanted if len(word) >= 4}
    full = [p for p in printings if wanted <= _words(searched_text(p))]
    partial = [p for p in printings
               if p not in full and _loose_words(p, wanted, long_words) & _words(searched_text(p))]
    loose = [p for p in printings if p not in full and p not in partial
             and any(word in searched_text(p).lower() for word in _loose_words(p, wanted, long_words))]
    return full + partial + loose


def searched_text(printing: Printing) -> str:
    """What a store's search reads of a product: its name, and a One Piece card's id (its titles carry it)."""
    return f"{printing.name} {printing.collector_number}" if printing.game == "onepiece" else printing.name


def _loose_words(printing: Printing, wanted: set[str], long_words: set[str]) -> set[str]:
    return long_words if printing.id >= OTHER_GAMES_FIRST_ID else wanted


def by_id(printing_id: int) -> Printing | None:
    return next((p for p in INVENTORY if p.id == printing_id), None)


def slug(text: str) -> str:
    return "-".join(_WORD.findall(text.lower()))


def shopify_handle(printing: Printing) -> str:
    """A printing's Shopify handle, one per product as Shopify requires (Shopify and BinderPOS pages)."""
    handle = f"{slug(printing.name)}-{slug(printing.set_code)}-{slug(printing.collector_number)}"
    return f"{handle}-{slug(printing.treatment)}" if printing.treatment else handle


def product_id(printing: Printing, finish: str) -> int:
    """Platforms that list each finish as its own product (Crystal Commerce, Conduct) use this id."""
    return printing.id * 10 + ("nonfoil", "foil", "etched").index(finish)


def from_product_id(value: int) -> tuple[Printing, str] | None:
    printing = by_id(value // 10)
    finishes = ("nonfoil", "foil", "etched")
    if printing is None or value % 10 >= len(finishes):
        return None
    return printing, finishes[value % 10]


def by_variant(variant_id: int, base: int = 0, step: int = 1000) -> tuple[Printing, Stock] | None:
    """The stock behind a variant id numbered `base + printing.id * step + index` (the Shopify pages
    use step 1000, BinderPOS's API base 900000, its theme step 100)."""
    printing_id, index = divmod(variant_id - base, step)
    printing = by_id(printing_id)
    if variant_id < base or printing is None or index >= len(printing.stock):
        return None
    return printing, printing.stock[index]
