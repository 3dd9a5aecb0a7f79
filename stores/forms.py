from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from stores.models import Store


class StoreChoiceForm(forms.Form):
    stores = forms.ModelMultipleChoiceField(
        queryset=Store.objects.filter(enabled=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="The stores you shop at",
    )


class UsernameForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["username"]
        help_texts = {"username": "Letters, digits and @/./+/-/_ only."}
