from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from cards.models import FINISH_CHOICES
from cards.validation import validate_wish
from cards.wishlist import SpecValues


class TrackedCardForm(forms.Form):
    """A card to track, and optionally the one printing that will do."""

    card = forms.CharField(max_length=300, label="Card name")
    amount = forms.IntegerField(min_value=1, max_value=999, initial=1)
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
            # Re-raised as is: an unknown card's error carries its "did you mean" suggestion.
            raise ValidationError(error.error_list if hasattr(error, "error_list") else error.messages)
        return data
