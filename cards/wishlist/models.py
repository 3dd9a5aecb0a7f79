"""What each user wants: tracked cards and the printings (specs) each wants, with their amounts.

The tables keep the names they had when these models lived in the `cards` app (`cards_trackedcard`,
`cards_cardspec`): the move changed which app owns them, not where their rows are (docs/architecture.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from cards.catalog.models import FINISH_CHOICES, Card
from cards.wishlist.wanted import printing_name

# The most copies of one card a wishlist holds; cards.wishlist.changes enforces it on every path.
MAX_AMOUNT = 999
_AMOUNT_VALIDATORS = [MinValueValidator(1), MaxValueValidator(MAX_AMOUNT)]


class TrackedCard(models.Model):
    """A card on a user's wishlist: `amount` copies in all, split over the printings in `specs`.

    With no specs, every copy may be any printing. With specs, each says how many copies of which
    printing (a blank part means any, so a fully blank spec is "any printing"), and their amounts
    add up to `amount`. cards.wishlist.changes keeps that true; read README "What a tracked card means".
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_cards"
    )
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="tracked_by")
    amount = models.PositiveIntegerField(default=1, validators=_AMOUNT_VALIDATORS)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "cards_trackedcard"
        ordering = ["card__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "card"], name="one_tracked_card_per_user"),
            models.CheckConstraint(condition=models.Q(amount__gte=1), name="amount_at_least_one"),
            models.CheckConstraint(condition=models.Q(amount__lte=MAX_AMOUNT), name="amount_at_most_999"),
        ]

    def __str__(self) -> str:
        return f"{self.amount}× {self.card}"


class CardSpec(models.Model):
    """How many copies of which printing of a tracked card; a blank part means any. Which offers it
    accepts is `cards.wishlist.wanted.spec_accepts`."""

    tracked_card = models.ForeignKey(TrackedCard, on_delete=models.CASCADE, related_name="specs")
    amount = models.PositiveIntegerField(default=1, validators=_AMOUNT_VALIDATORS)
    set_code = models.CharField(max_length=10, blank=True)
    collector_number = models.CharField(max_length=20, blank=True)
    finish = models.CharField(max_length=10, blank=True, choices=FINISH_CHOICES)

    class Meta:
        db_table = "cards_cardspec"
        ordering = ["set_code", "collector_number", "finish"]
        constraints = [
            # Blank strings, not NULLs, so "any" equals "any" and the constraint catches duplicates.
            models.UniqueConstraint(
                fields=["tracked_card", "set_code", "collector_number", "finish"],
                name="no_duplicate_spec",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=1, amount__lte=MAX_AMOUNT), name="spec_amount_1_to_999"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount}× {self.printing}"

    @property
    def printing(self) -> str:
        """"M10 146 foil", "any set foil", or "any printing" (`wanted.printing_name`, which the
        buy plan also writes)."""
        return printing_name(self)

    def save(self, *args, **kwargs) -> None:
        self.set_code = self.set_code.strip().lower()
        self.collector_number = self.collector_number.strip()
        super().save(*args, **kwargs)
