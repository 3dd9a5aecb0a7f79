"""Alerts: what each user wants to hear about, what they were told, and how it is sent.

The tables keep the names they had when these models lived in the `availability` app
(`availability_alertsettings`, `availability_alertrule`, `availability_notification`,
`availability_delivery`): the move changed which app owns them, not where their rows are.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from availability.money.prices import format_price
from availability.preferences.zones import zone_of
from cards.catalog.models import FINISH_CHOICES
from scrapers.vocabulary import CONDITION_LABELS

# Choices for the fields; the conditions themselves, best first, are scrapers.vocabulary's one list.
CONDITION_CHOICES = list(CONDITION_LABELS.items())


class AlertSettings(models.Model):
    """A user's alert defaults and channels: what counts as news, where it goes, and when."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "As it happens"
        DAILY = "daily", "A daily digest"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_settings"
    )
    enabled = models.BooleanField(
        default=False, help_text="Alert me when my cards come in stock or drop in price at my stores."
    )
    # Checks older than this are not "the previous check": switching alerts on makes the next check
    # of each card a first check, which alerts when it already matches.
    enabled_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The defaults of every card's rule.
    max_price = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, help_text="Only at this price or less."
    )
    # A ceiling is a price in one currency; offers in another are compared only at a known rate.
    max_price_currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217, e.g. USD.")
    min_condition = models.CharField(
        max_length=5, blank=True, choices=CONDITION_CHOICES, help_text="Only in this condition or better."
    )
    language = models.CharField(max_length=40, blank=True, help_text="Only in this language, e.g. English.")
    finish = models.CharField(max_length=10, blank=True, choices=FINISH_CHOICES)
    needs_full_amount = models.BooleanField(
        default=False, help_text="Only when the store has as many copies as I want."
    )

    # When, and on which channels besides the app.
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    digest_hour = models.PositiveSmallIntegerField(
        default=8, validators=[MaxValueValidator(23)], help_text="Local hour the daily digest goes out."
    )
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)
    email_enabled = models.BooleanField(default=False, help_text="Email me alerts.")
    webhook_url = models.URLField(
        max_length=500, blank=True, help_text="A Discord or Slack webhook (https) to post alerts to."
    )
    webhook_enabled = models.BooleanField(default=True, editable=False)
    webhook_disabled_reason = models.TextField(blank=True, editable=False)

    class Meta:
        db_table = "availability_alertsettings"
        verbose_name_plural = "alert settings"

    def __str__(self) -> str:
        return f"alert settings of {self.user}"

    @classmethod
    def for_user(cls, user) -> AlertSettings:
        return cls.objects.get_or_create(user=user)[0]

    @functools.cached_property
    def zone(self) -> ZoneInfo:
        """The user's time zone (their preference, not an alert setting): quiet hours and the
        digest hour are in it."""
        return zone_of(self.user_id)

    @property
    def has_quiet_hours(self) -> bool:
        both = self.quiet_start is not None and self.quiet_end is not None
        return both and self.quiet_start != self.quiet_end

    def is_quiet(self, when: datetime) -> bool:
        if not self.has_quiet_hours:
            return False
        local = when.astimezone(self.zone).time()
        if self.quiet_start < self.quiet_end:
            return self.quiet_start <= local < self.quiet_end
        return local >= self.quiet_start or local < self.quiet_end  # across midnight, 22:00–07:00

    def _local_at(self, day: date, at: time) -> datetime:
        return datetime.combine(day, at, tzinfo=self.zone)

    def quiet_end_after(self, when: datetime) -> datetime:
        """When the quiet hours that `when` falls in are over."""
        local = when.astimezone(self.zone)
        end = self._local_at(local.date(), self.quiet_end)
        if end <= local:
            end = self._local_at(local.date() + timedelta(days=1), self.quiet_end)
        return end

    def next_digest_at(self, when: datetime) -> datetime:
        local = when.astimezone(self.zone)
        digest = self._local_at(local.date(), time(self.digest_hour))
        if digest <= local:
            digest = self._local_at(local.date() + timedelta(days=1), time(self.digest_hour))
        return digest

    def outside_quiet_hours(self, when: datetime) -> datetime:
        """`when`, or the end of the quiet hours it falls in."""
        return (self.quiet_end_after(when) if self.is_quiet(when) else when).astimezone(dt_timezone.utc)

    def send_time(self, when: datetime) -> datetime:
        """When news from `when` may be emailed or posted: now, at the digest hour, or after quiet hours."""
        send = self.next_digest_at(when) if self.frequency == self.Frequency.DAILY else when
        return self.outside_quiet_hours(send)

    def channels(self) -> list[str]:
        """The channels besides the app that news goes to now."""
        wanted = []
        if self.email_enabled and self.user.email:
            wanted.append(Delivery.Channel.EMAIL)
        if self.webhook_url and self.webhook_enabled:
            wanted.append(Delivery.Channel.WEBHOOK)
        return wanted

    def switch_webhook_off(self, reason: str) -> None:
        self.webhook_enabled, self.webhook_disabled_reason = False, reason[:2000]
        self.save(update_fields=["webhook_enabled", "webhook_disabled_reason"])


class AlertRule(models.Model):
    """One tracked card's alert rule; a blank field uses the user's default from AlertSettings."""

    tracked_card = models.OneToOneField(
        "wishlist.TrackedCard", on_delete=models.CASCADE, related_name="alert_rule"
    )
    enabled = models.BooleanField(default=True, help_text="Alert me about this card.")
    max_price = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    max_price_currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217, e.g. USD.")
    min_condition = models.CharField(max_length=5, blank=True, choices=CONDITION_CHOICES)
    language = models.CharField(max_length=40, blank=True)
    finish = models.CharField(max_length=10, blank=True, choices=FINISH_CHOICES)
    needs_full_amount = models.BooleanField(null=True, blank=True)

    class Meta:
        db_table = "availability_alertrule"

    def __str__(self) -> str:
        return f"alert rule for {self.tracked_card}"


class Notification(models.Model):
    """Something a user was told in the app: a card in stock, a price drop, a webhook switched off."""

    class Kind(models.TextChoices):
        IN_STOCK = "in_stock", "In stock"
        BACK_IN_STOCK = "back_in_stock", "Back in stock"
        PRICE_DROP = "price_drop", "Price drop"
        WEBHOOK_OFF = "webhook_off", "Webhook switched off"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    card = models.ForeignKey("cards.Card", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    tracked_card = models.ForeignKey(
        "wishlist.TrackedCard", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    store = models.ForeignKey(
        "stores.Store", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    store_check = models.ForeignKey(
        "availability.StoreCheck", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The best offer that matched, copied so the notification outlives the history it came from.
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    previous_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    condition = models.CharField(max_length=5, blank=True)
    finish = models.CharField(max_length=10, blank=True)
    quantity = models.PositiveIntegerField(null=True, blank=True)
    offer_url = models.URLField(max_length=1000, blank=True)
    # Every store of the round of checks this alert tells of (availability.alerts.detection groups them):
    # [{"store_id", "store", "check_id", "kind", "price", "currency"}], in the order they came.
    stores = models.JSONField(default=list, blank=True)
    # For an alert: when the store's answer was read (its check's time; for an answer from a synced
    # index, when the listing page was read), which is the time the news is true of.
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    @classmethod
    def unread_count(cls, user_id: int) -> int:
        """How many of the user's notifications they have not opened: the badge's number."""
        return cls.objects.filter(user_id=user_id, read_at__isnull=True).count()

    class Meta:
        db_table = "availability_notification"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="notification_user_idx")]
        constraints = [
            # A check is judged once per user, even if the hook ran twice for it.
            models.UniqueConstraint(
                fields=["user", "store_check"],
                condition=models.Q(store_check__isnull=False),
                name="one_alert_per_user_and_check",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def round_lines(self) -> list[str]:
        """"Hairy Tarantula: CAD 1.50", one per store of a round of several stores (else none)."""
        if len(self.stores) < 2:
            return []
        return [f"{e['store']}: {format_price(Decimal(e['price']), e['currency'])}" for e in self.stores]

    @property
    def is_alert(self) -> bool:
        return self.kind != self.Kind.WEBHOOK_OFF

    def to_json(self) -> dict:
        return {
            "id": self.pk,
            "kind": self.kind,
            "text": self.text,
            "card_name": self.card.name if self.card else None,
            "store_slug": self.store.slug if self.store else None,
            "price": str(self.price) if self.price is not None else None,
            "currency": self.currency,
            "condition": self.condition,
            "finish": self.finish,
            "url": self.offer_url,
            "created_at": self.created_at.isoformat(),
        }


class DeliveryQuerySet(models.QuerySet):
    def due(self, now: datetime):
        return self.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)


class Delivery(models.Model):
    """One notification to send on one channel, when it is due; failed sends are retried with backoff.

    Due deliveries of one user and channel go out together, as one email or one webhook post, so
    what waited through quiet hours or for the daily digest arrives as one message, not a flood.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        WEBHOOK = "webhook", "Webhook"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up"
        CANCELLED = "cancelled", "Channel switched off"

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    next_attempt_at = models.DateTimeField(
        help_text="When it is due: now, after quiet hours, at the digest hour, or a retry."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        db_table = "availability_delivery"
        verbose_name_plural = "deliveries"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} to {self.user}: {self.get_status_display()}"
