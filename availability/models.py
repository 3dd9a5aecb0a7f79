"""What stores answered when we checked them: every check is kept as history."""

from __future__ import annotations

from django.db import models


class StoreCheck(models.Model):
    """One search of one store for one card, and how it ended."""

    class Status(models.TextChoices):
        OK = "ok", "In stock"
        NOT_FOUND = "not_found", "Not in stock"
        ERROR = "error", "Store error"

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="checks")
    card = models.ForeignKey("cards.Card", on_delete=models.CASCADE, related_name="checks")
    checked_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    reason = models.TextField(blank=True, help_text="Why a check failed, in words a user can read.")
    requests = models.PositiveIntegerField(default=0, help_text="HTTP requests the check cost.")
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-checked_at"]
        indexes = [models.Index(fields=["store", "card", "-checked_at"], name="check_latest_idx")]

    def __str__(self) -> str:
        return f"{self.card} at {self.store}: {self.get_status_display()} ({self.checked_at:%Y-%m-%d %H:%M})"


class OfferQuerySet(models.QuerySet):
    def price_history(self, store, card, set_code: str, collector_number: str, finish: str):
        """The price of one printing at one store over time, oldest first: (checked_at, price) rows."""
        return (
            self.filter(
                store_check__store=store,
                store_check__card=card,
                set_code__iexact=set_code,
                collector_number=collector_number,
                finish=finish,
            )
            .order_by("store_check__checked_at", "price")
            .values_list("store_check__checked_at", "price", "condition")
        )


class Offer(models.Model):
    """A listing a check found in stock: one condition and finish of one printing at a price."""

    store_check = models.ForeignKey(StoreCheck, on_delete=models.CASCADE, related_name="offers")
    name = models.CharField(max_length=300, help_text="As the store lists it.")
    set_name = models.CharField(max_length=200, blank=True)
    set_code = models.CharField(max_length=10, blank=True)
    collector_number = models.CharField(max_length=20, blank=True)
    finish = models.CharField(max_length=10)
    condition = models.CharField(max_length=5)
    condition_raw = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=40, blank=True)
    price = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    quantity = models.PositiveIntegerField(null=True, blank=True)
    url = models.URLField(max_length=1000)
    variant_id = models.CharField(max_length=100, blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["price"]
        indexes = [
            models.Index(fields=["set_code", "collector_number", "finish"], name="offer_printing_idx")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.condition} {self.finish} {self.currency} {self.price}"


class WorkerHeartbeat(models.Model):
    """Written by the worker on a schedule, read by /healthz to tell a live worker from a dead one."""

    cluster = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.cluster} at {self.beat_at:%H:%M:%S}"
