"""The card catalog: cards, sets and printings, as Scryfall lists them (what users track: cards.wishlist)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from django.db import models

from scrapers.vocabulary import FINISH_LABELS

# Choices for model and form fields; the finishes themselves are scrapers.vocabulary's one list.
FINISH_CHOICES = list(FINISH_LABELS.items())


# Noise stores add to set names: "Ice Age (Not Tournament Legal)", "Dominaria - Borderless".
_SET_NAME_NOISE = re.compile(r"\s*(\([^)]*\)|\[[^\]]*\]|\s-\s.*)$")


def search_key(name: str) -> str:
    """Lower case without accents, so "Lim-Dûl" is found by typing "lim-dul"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


class MagicSet(models.Model):
    """A set (expansion) as Scryfall lists it."""

    code = models.CharField(max_length=10, unique=True, help_text="Lower case, e.g. m10.")
    name = models.CharField(max_length=200)
    released_at = models.DateField(null=True, blank=True)
    set_type = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-released_at", "name"]

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
        for code, name, released_at in cls.objects.values_list("code", "name", "released_at"):
            by_key.setdefault(search_key(name), []).append((released_at or date.max, code))
        printed_in = set(card.printings.values_list("magic_set__code", flat=True)) if card else set()
        codes = {}
        for name, key in wanted.items():
            sets = by_key.get(key) or by_key.get(search_key(_SET_NAME_NOISE.sub("", name)))
            if sets:
                codes[name] = min(sets, key=lambda s: (s[1] not in printed_in, s[0]))[1]
        return codes


class Card(models.Model):
    """A card by its Oracle name; one row however many times it was printed."""

    name = models.CharField(max_length=300, unique=True)
    search_name = models.CharField(max_length=300, db_index=True, editable=False)
    # For split and double-faced cards stores often list only the front face.
    front_face_name = models.CharField(max_length=200, blank=True)
    layout = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]

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

    class Meta:
        ordering = ["magic_set", "collector_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["magic_set", "collector_number"], name="one_printing_per_set_and_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.card} ({self.magic_set.code.upper()}) {self.collector_number}"
