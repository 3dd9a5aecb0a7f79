"""The card catalog: cards, sets and printings, as Scryfall lists them (what users track: cards.wishlist)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from django.db import models

from scrapers.games import GAME_CHOICES, MAGIC
from scrapers.vocabulary import FINISH_LABELS

# Choices for model and form fields; the finishes themselves are scrapers.vocabulary's one list.
FINISH_CHOICES = list(FINISH_LABELS.items())


def game_field(**kwargs) -> models.CharField:
    """The game a row belongs to: a code of scrapers.games (stored, sent in socket messages, never
    renamed); Magic by default, so every row from before games keeps its meaning."""
    return models.CharField(max_length=20, choices=GAME_CHOICES, default=MAGIC, **kwargs)


# Noise stores add to set names: "Ice Age (Not Tournament Legal)", "Dominaria - Borderless".
_SET_NAME_NOISE = re.compile(r"\s*(\([^)]*\)|\[[^\]]*\]|\s-\s.*)$")


def search_key(name: str) -> str:
    """Lower case without accents, so "Lim-Dûl" is found by typing "lim-dul"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


class MagicSet(models.Model):
    """A set (expansion) of any game: Magic's as Scryfall lists them, the others' as their catalog
    loaders read them (cards/catalog/games.py). The name is from when the app knew one game; renaming
    the model would rename its table and every foreign key to it, for no user-visible gain."""

    game = game_field(db_index=True)
    code = models.CharField(max_length=10, help_text="Lower case, e.g. m10 (Pokémon obf, Lorcana 1, One Piece op01).")
    name = models.CharField(max_length=200)
    released_at = models.DateField(null=True, blank=True)
    set_type = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-released_at", "name"]
        constraints = [models.UniqueConstraint(fields=["game", "code"], name="one_set_per_game_and_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code.upper()})"

    @classmethod
    def codes_for_names(cls, set_names: Iterable[str], card: Card | None = None) -> dict[str, str]:
        """The one rule from a set's name, as stores and list formats write it, to its code.

        Names compare without case or accents; store noise ("Ice Age (Not Tournament Legal)",
        "Dominaria - Borderless") is dropped when the whole name is unknown. When several sets share
        a name, one that `card` was printed in wins, then the oldest. Unknown names are left out.
        """
        wanted = {name: search_key(name) for name in set_names if name and name.strip()}
        if not wanted:
            return {}
        by_key: dict[str, list[tuple]] = {}
        sets = cls.objects.filter(game=card.game if card else MAGIC)
        for code, name, released_at in sets.values_list("code", "name", "released_at"):
            by_key.setdefault(search_key(name), []).append((released_at or date.max, code))
        printed_in = set(card.printings.values_list("magic_set__code", flat=True)) if card else set()
        codes = {}
        for name, key in wanted.items():
            sets = by_key.get(key) or by_key.get(search_key(_SET_NAME_NOISE.sub("", name)))
            if sets:
                codes[name] = min(sets, key=lambda s: (s[1] not in printed_in, s[0]))[1]
        return codes


class Card(models.Model):
    """A card of one game by its name (Magic's Oracle name); one row however many times it was
    printed. Names are unique per game: "Lightning Bolt" is a Magic and a Flesh and Blood card."""

    game = game_field()
    name = models.CharField(max_length=300)
    search_name = models.CharField(max_length=300, db_index=True, editable=False)
    # For split and double-faced cards stores often list only the front face.
    front_face_name = models.CharField(max_length=200, blank=True)
    layout = models.CharField(max_length=40, blank=True)
    # What kind of card it is in its game, as its catalog says: Pokémon's supertype ("Pokémon",
    # "Trainer", "Energy"), One Piece's type ("LEADER", "CHARACTER"), Lorcana's ("Character");
    # blank for Magic. Deck-list exports group and order by it.
    kind = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["game", "name"], name="one_card_per_game_and_name")]
        indexes = [models.Index(fields=["game", "search_name"], name="card_game_search")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_name = search_key(self.name)
        if not self.front_face_name and " // " in self.name:
            self.front_face_name = self.name.split(" // ")[0]
        super().save(*args, **kwargs)


class Printing(models.Model):
    """One printing of a card: a set and collector number, in the finishes it was made in."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="printings")
    magic_set = models.ForeignKey(MagicSet, on_delete=models.CASCADE, related_name="printings")
    # Text, not a number: "24p", "★" and "EVE-68" are real collector numbers.
    collector_number = models.CharField(max_length=20)
    finishes = models.JSONField(default=list, help_text="Any of nonfoil, foil, etched.")
    rarity = models.CharField(max_length=40, blank=True)
    # A variant printed under the same number as another ("Parallel": One Piece's parallel arts keep
    # their card id); blank for the ordinary printing.
    treatment = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["magic_set", "collector_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["magic_set", "collector_number", "treatment"], name="one_printing_per_set_number_treatment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.card} ({self.magic_set.code.upper()}) {self.collector_number}"
