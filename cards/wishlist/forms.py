"""The forms every way of changing a wishlist validates through: the web pages (views.py) and the
WebSocket handlers (availability/live/protocol.py) build the same forms from what they received, so
a card, an amount or a printing is refused by the same rule with the same message either way.

    WishForm      a card by name and, optionally, how many copies in all
    SpecForm      one printing (blank parts mean any) and, optionally, its own amount
    TrackedCardForm   the dashboard's add form: a WishForm with one SpecForm's printing inline
    WantForm      a row of the edit page: a SpecForm whose empty or 0 amount drops the row

`checked_wish` then turns them into the card and its wants, checked against the catalog
(validation.py) and the 1–999 rule (changes.py); changes.py saves them.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from cards.catalog.models import FINISH_CHOICES, Card
from cards.catalog.validation import resolve_card
from cards.wishlist.changes import SpecValues, Want
from cards.wishlist.models import MAX_AMOUNT
from cards.wishlist.validation import checked_wants
from scrapers.games import GAME_CHOICES, GAMES, MAGIC
from scrapers.vocabulary import FINISHES

AMOUNT_ERROR = f"must be a whole number from 1 to {MAX_AMOUNT}"
_AMOUNT_ERRORS = {"invalid": AMOUNT_ERROR, "min_value": AMOUNT_ERROR, "max_value": AMOUNT_ERROR}
_FINISH_ERROR = f'unknown finish "%(value)s" (use {", ".join(FINISHES[:-1])} or {FINISHES[-1]})'


def amount_field(**options) -> forms.IntegerField:
    return forms.IntegerField(min_value=1, max_value=MAX_AMOUNT, error_messages=_AMOUNT_ERRORS, **options)


class WishForm(forms.Form):
    """A card of a game (blank: Magic) by name, and how many copies in all (blank: 1, or the
    printings' own amounts)."""

    game = forms.ChoiceField(
        choices=GAME_CHOICES, required=False, initial=MAGIC, label="Game",
        error_messages={"invalid_choice": f'unknown game "%(value)s" (the games are {", ".join(GAMES)})'},
    )
    card = forms.CharField(max_length=300, label="Card name")
    amount = amount_field(required=False, initial=1)

    def clean_game(self) -> str:
        return self.cleaned_data.get("game") or MAGIC


class PrintingForm(forms.Form):
    """A printing; a blank part means any."""

    set_code = forms.CharField(max_length=10, required=False, label="Set")
    collector_number = forms.CharField(max_length=20, required=False, label="Collector number")
    finish = forms.ChoiceField(
        choices=[("", "Any finish"), *FINISH_CHOICES], required=False, error_messages={"invalid_choice": _FINISH_ERROR}
    )

    def spec(self) -> SpecValues:
        data = self.cleaned_data
        return SpecValues(data.get("set_code", ""), data.get("collector_number", ""), data.get("finish", ""))


class SpecForm(PrintingForm):
    """A printing with, optionally, its own amount (None when it names none)."""

    amount = amount_field(required=False)

    field_order = ["amount", "set_code", "collector_number", "finish"]

    def spec_amount(self) -> tuple[SpecValues, int | None]:
        return self.spec(), self.cleaned_data.get("amount")


def checked_wish(
    card_name: str, amount: int | None, specs: list[tuple[SpecValues, int | None]], game: str = MAGIC
) -> tuple[Card, list[Want]]:
    """The card of `game` called `card_name` and its wants: printings checked against the catalog,
    amounts shared or summed (`cards.wishlist.wants_for`). Raises ValidationError with every problem."""
    card = resolve_card(card_name, game=game)
    return card, checked_wants(card, amount, specs)


class TrackedCardForm(WishForm, PrintingForm):
    """The dashboard's add form: a card to track, and optionally the one printing that will do."""

    field_order = ["game", "card", "amount", "set_code", "collector_number", "finish"]

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        try:
            data["resolved_card"], data["wants"] = checked_wish(
                data["card"], data.get("amount"), [(self.spec(), None)], data.get("game") or MAGIC
            )
        except ValidationError as error:
            # Re-raised as is: an unknown card's error carries its "did you mean" suggestion.
            raise ValidationError(error.error_list if hasattr(error, "error_list") else error.messages)
        return data


class WantForm(SpecForm):
    """One want of the edit page: how many copies of which printing; an empty or 0 amount drops the row."""

    amount = forms.IntegerField(min_value=0, max_value=MAX_AMOUNT, required=False, error_messages=_AMOUNT_ERRORS)

    def want(self, card: Card) -> Want | None:
        """The row as a want of `card`, checked against the catalog; None for an emptied row."""
        spec, amount = self.spec_amount()
        if not amount:
            return None
        try:
            [want] = checked_wants(card, None, [(spec, amount)])
        except ValidationError as error:
            self.add_error(None, error)
            return None
        return want


WantFormSet = forms.formset_factory(WantForm, extra=1, max_num=20, validate_max=True)


def initial_wants(wants: list[Want]) -> list[dict]:
    return [
        {"amount": w.amount, "set_code": w.spec.set_code.upper(), "collector_number": w.spec.collector_number,
         "finish": w.spec.finish}
        for w in wants
    ]
