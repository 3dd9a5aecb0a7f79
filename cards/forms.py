from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from cards.models import FINISH_CHOICES, MAX_AMOUNT, Card
from cards.validation import validate_spec, validate_wish
from cards.wishlist import SpecValues, Want


class TrackedCardForm(forms.Form):
    """A card to track, and optionally the one printing that will do."""

    card = forms.CharField(max_length=300, label="Card name")
    amount = forms.IntegerField(min_value=1, max_value=MAX_AMOUNT, initial=1)
    set_code = forms.CharField(max_length=10, required=False, label="Set")
    collector_number = forms.CharField(max_length=20, required=False, label="Collector number")
    finish = forms.ChoiceField(choices=[("", "Any finish"), *FINISH_CHOICES], required=False)

    def clean(self) -> dict:
        data = super().clean()
        if "card" not in data:
            return data
        spec = SpecValues(
            data.get("set_code", ""), data.get("collector_number", ""), data.get("finish", "")
        )
        try:
            data["resolved_card"], data["specs"] = validate_wish(data["card"], [spec])
        except ValidationError as error:
            raise ValidationError(error.messages)
        return data


class WantForm(forms.Form):
    """One want of the edit page: how many copies of which printing; an empty amount drops the row."""

    amount = forms.IntegerField(min_value=0, max_value=MAX_AMOUNT, required=False)
    set_code = forms.CharField(max_length=10, required=False, label="Set")
    collector_number = forms.CharField(max_length=20, required=False, label="Collector number")
    finish = forms.ChoiceField(choices=[("", "Any finish"), *FINISH_CHOICES], required=False)

    def want(self, card: Card) -> Want | None:
        """The row as a want of `card`, checked against the catalog; None for an emptied row."""
        data = self.cleaned_data
        if not data.get("amount"):
            return None
        spec = SpecValues(data.get("set_code", ""), data.get("collector_number", ""), data.get("finish", ""))
        try:
            return Want(validate_spec(card, spec), data["amount"])
        except ValidationError as error:
            self.add_error(None, error)
            return None


WantFormSet = forms.formset_factory(WantForm, extra=1, max_num=20, validate_max=True)


def initial_wants(wants: list[Want]) -> list[dict]:
    return [
        {"amount": w.amount, "set_code": w.spec.set_code.upper(), "collector_number": w.spec.collector_number,
         "finish": w.spec.finish}
        for w in wants
    ]
