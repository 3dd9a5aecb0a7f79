"""How the sample store files and names each game's singles on each platform, as real shops do.

One place for the per-game words every page and answer uses: Shopify and BinderPOS product types
("MTG Single", "Pokemon Single"), Crystal Commerce category slugs, WooCommerce categories, TCGplayer
product lines, the BinderPOS API's and Conduct's game values, and product titles in each platform's
usual shape for the game. The shapes are the ones players meet (and `scrapers.matching` reads):

- Shopify / BinderPOS: "Charizard ex - 125/197 [Obsidian Flames]", "Elsa - Spirit of Winter
  (Enchanted) [The First Chapter]", "Nami - OP01-016 (Parallel) [Romance Dawn]";
- Crystal Commerce: "Pikachu (065/202) - Reverse Holo", "Elsa - Spirit of Winter - 207/204 -
  Enchanted", "Nami - OP01-016 (Parallel)";
- TCGplayer Pro: "Charizard ex - 125/197", "Elsa - Spirit of Winter (Enchanted)", "Nami (Parallel)"
  (the id in the item's `customAttributes.number`, as TCGplayer gives it);
- Conduct: "Charizard ex - 125/197 - Holo", "Nami [OP01-016]";
- WooCommerce and the custom shop: "Pikachu (065/202) (Reverse Holo)", "Nami - OP01-016 (Parallel)".
Magic keeps the shapes it always had.
"""

from __future__ import annotations

from scrapers.sample_store.inventory import Printing

SHOPIFY_TYPES = {"magic": "MTG Single", "pokemon": "Pokemon Single", "lorcana": "Lorcana Single",
                 "onepiece": "One Piece Single", "fab": "Flesh and Blood Single"}
VENDORS = {"magic": "Magic: The Gathering", "pokemon": "Pokemon", "lorcana": "Disney Lorcana",
           "onepiece": "Bandai", "fab": "Legend Story Studios"}
CRYSTAL_COMMERCE_SLUGS = {"magic": "magic_singles", "pokemon": "pokemon_singles", "lorcana": "lorcana_singles",
                          "onepiece": "one_piece_singles", "fab": "fab_singles"}
WOOCOMMERCE_CATEGORIES = {
    "magic": (5, "Magic: The Gathering", "mtg"), "fab": (6, "Flesh and Blood", "fab"),
    "pokemon": (7, "Pokémon", "pokemon"), "lorcana": (8, "Disney Lorcana", "lorcana"),
    "onepiece": (9, "One Piece Card Game", "one-piece"),
}
TCGPLAYER_LINES = {  # productLineName asked -> (game, productLineUrlName its items carry)
    "Magic: The Gathering": ("magic", "magic"), "Pokemon": ("pokemon", "pokemon"),
    "Lorcana TCG": ("lorcana", "lorcana-tcg"), "One Piece Card Game": ("onepiece", "one-piece-card-game"),
    "Flesh and Blood TCG": ("fab", "flesh-and-blood-tcg"),
}
BINDERPOS_GAMES = {"mtg": "magic", "pokemon": "pokemon", "lorcana": "lorcana", "onePiece": "onepiece",
                   "fleshAndBlood": "fab"}
# Conduct's product types on the sample store: (id, name, game or None for sealed product).
CONDUCT_PRODUCT_TYPES = ((1, "Magic Singles", "magic"), (4, "Pokemon Sealed", None), (7, "Pokemon Singles", "pokemon"),
                         (9, "Lorcana Singles", "lorcana"), (12, "One Piece Singles", "onepiece"))


def tcgplayer_line_url(printing: Printing) -> str:
    return next(url for game, url in TCGPLAYER_LINES.values() if game == printing.game)


def shopify_title(printing: Printing) -> str:
    """A Shopify or BinderPOS product's title."""
    if printing.game == "pokemon":
        return f"{printing.name} - {printing.printed_number} [{printing.set_name}]"
    if printing.game == "lorcana":
        return f"{printing.name}{_group(printing.treatment)} [{printing.set_name}]"
    if printing.game == "onepiece":
        return f"{printing.name} - {printing.collector_number}{_group(printing.treatment)} [{printing.set_name}]"
    return f"{printing.name} [{printing.set_name}]"


def crystal_commerce_name(printing: Printing, finish: str, magic_suffix: str) -> str:
    """A Crystal Commerce product's name (one product per printing and finish)."""
    word = printing.finish_word(finish)
    if printing.game == "pokemon":
        return f"{printing.name} ({printing.printed_number})" + (f" - {word}" if word else "")
    if printing.game == "lorcana":
        return f"{printing.name} - {printing.printed_number}" + (
            f" - {printing.treatment}" if printing.treatment else f" - {word}" if word else "")
    if printing.game == "onepiece":
        return f"{printing.name} - {printing.collector_number}{_group(printing.treatment)}" + (f" - {word}" if word else "")
    return printing.name + magic_suffix


def tcgplayer_name(printing: Printing) -> str:
    if printing.game == "pokemon":
        return f"{printing.name} - {printing.printed_number}"
    return printing.name + _group(printing.treatment)


def conduct_name(printing: Printing, finish: str, magic_suffix: str) -> str:
    word = printing.finish_word(finish)
    if printing.game == "pokemon":
        return f"{printing.name} - {printing.printed_number}" + (f" - {word}" if word else "")
    if printing.game == "lorcana":
        return printing.name + (f" - {printing.treatment}" if printing.treatment else f" - {word}" if word else "")
    if printing.game == "onepiece":
        return f"{printing.name} [{printing.collector_number}]{_group(printing.treatment)}"
    return printing.name + magic_suffix


def listed_name(printing: Printing, finish: str, magic_suffix: str) -> str:
    """A WooCommerce or custom shop's product name (one per printing, finish and condition)."""
    word = printing.finish_word(finish)
    if printing.game == "pokemon":
        return f"{printing.name} ({printing.printed_number})" + _group(word)
    if printing.game == "lorcana":
        return printing.name + _group(printing.treatment or word)
    if printing.game == "onepiece":
        return f"{printing.name} - {printing.collector_number}{_group(printing.treatment)}{_group(word)}"
    return printing.name + magic_suffix


def _group(words: str) -> str:
    return f" ({words})" if words else ""
