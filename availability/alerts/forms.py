"""The alert settings form and the per-card alert rule form.

The settings page is also where a user picks their time zone: a preference of its own
(availability.preferences), shown and saved here beside the quiet hours and digest hour it rules.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from availability.alerts import webhooks
from availability.alerts.models import AlertRule, AlertSettings
from availability.money.currencies import currency_choices
from availability.preferences.models import known_time_zones, validate_time_zone
from availability.preferences.zones import set_zone, zone_of

DEFAULT_CHOICE = ("", "As in my alert settings")


def ceiling_currency_choices() -> list[tuple[str, str]]:
    """The currencies a user may pick (availability.money.currencies), and none."""
    return [("", "—"), *((code, code) for code in currency_choices())]


def _currency_goes_with_price(form: forms.ModelForm, data: dict) -> None:
    """A ceiling is a price in a currency: one without the other is refused."""
    if data.get("max_price") is not None and not data.get("max_price_currency"):
        form.add_error("max_price_currency", "Say which currency the maximum price is in.")
    if data.get("max_price") is None:
        data["max_price_currency"] = ""


class AlertSettingsForm(forms.ModelForm):
    # The user's preference (not an alert setting), in its place among the fields.
    time_zone = forms.CharField(
        max_length=64, validators=[validate_time_zone], widget=forms.TextInput(attrs={"list": "time-zones"})
    )

    class Meta:
        model = AlertSettings
        fields = [
            "enabled", "max_price", "max_price_currency", "min_condition", "language", "finish",
            "needs_full_amount", "frequency", "digest_hour", "time_zone", "quiet_start", "quiet_end",
            "email_enabled", "webhook_url",
        ]
        labels = {
            "enabled": "Alerts on",
            "max_price": "Maximum price",
            "max_price_currency": "in",
            "min_condition": "Minimum condition",
            "finish": "Finish",
            "needs_full_amount": "Only when a store has as many copies as I want",
            "frequency": "Send",
            "digest_hour": "Digest at (hour, 0–23)",
            "quiet_start": "Quiet from",
            "quiet_end": "Quiet until",
            "email_enabled": "Email me",
            "webhook_url": "Webhook URL",
        }
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        conditions, finishes = self.fields["min_condition"].choices[1:], self.fields["finish"].choices[1:]
        self.fields["min_condition"].choices = [("", "Any condition"), *conditions]
        self.fields["finish"].choices = [("", "Any finish"), *finishes]
        self.fields["max_price_currency"].widget = forms.Select(choices=ceiling_currency_choices())
        self.fields["time_zone"].initial = str(zone_of(self.instance.user_id))
        self.time_zones = sorted(known_time_zones())

    def clean_webhook_url(self) -> str:
        url = self.cleaned_data["webhook_url"].strip()
        if url:
            try:
                webhooks.check_url(url)
            except webhooks.WebhookError as problem:
                raise forms.ValidationError(str(problem))
        return url

    def clean(self) -> dict:
        data = super().clean()
        if (data.get("quiet_start") is None) != (data.get("quiet_end") is None):
            self.add_error("quiet_end", "Give both ends of the quiet hours, or neither.")
        _currency_goes_with_price(self, data)
        return data

    def save(self, commit: bool = True) -> AlertSettings:
        preferences = super().save(commit=False)
        if "enabled" in self.changed_data and preferences.enabled:
            preferences.enabled_at = timezone.now()
        if preferences.webhook_url:
            # Saving a URL that passes the checks again is how a switched-off webhook comes back.
            preferences.webhook_enabled, preferences.webhook_disabled_reason = True, ""
        if commit:
            preferences.save()
            set_zone(preferences.user_id, self.cleaned_data["time_zone"])
        return preferences


class AlertRuleForm(forms.ModelForm):
    needs_full_amount = forms.TypedChoiceField(
        label="Only when a store has as many copies as I want",
        choices=[("", "As in my alert settings"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )

    class Meta:
        model = AlertRule
        fields = [
            "enabled", "max_price", "max_price_currency", "min_condition", "language", "finish", "needs_full_amount",
        ]
        labels = {
            "enabled": "Alert me about this card",
            "max_price": "Maximum price",
            "max_price_currency": "Currency of the maximum price",
            "min_condition": "Minimum condition",
            "finish": "Finish",
        }
        help_texts = {
            "max_price": "Blank: as in your alert settings.",
            "language": "Blank: as in your alert settings.",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["min_condition"].choices = [DEFAULT_CHOICE, *self.fields["min_condition"].choices[1:]]
        self.fields["finish"].choices = [DEFAULT_CHOICE, *self.fields["finish"].choices[1:]]
        self.fields["max_price_currency"].widget = forms.Select(choices=ceiling_currency_choices())
        current = self.instance.needs_full_amount
        self.initial["needs_full_amount"] = "" if current is None else ("yes" if current else "no")

    def clean(self) -> dict:
        data = super().clean()
        _currency_goes_with_price(self, data)
        return data
