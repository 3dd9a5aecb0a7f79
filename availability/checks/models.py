"""What stores answered when we checked them: every check is kept as history."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models

from availability.money.prices import format_price
from scrapers.cart import CART_PLATFORMS, cart_permalink


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
        return f"{self.name} {self.condition} {self.finish} {format_price(self.price, self.currency)}"

    def cart_url(self, quantity: int = 1) -> str | None:
        """The store's cart permalink for this variant (Shopify, BinderPOS), rebuilt from the kept
        variant id, so no column repeats what the store's address and `variant_id` already say."""
        store = self.store_check.store
        if store.platform not in CART_PLATFORMS or not self.variant_id:
            return None
        return cart_permalink(store.homepage, [(self.variant_id, quantity)])


class WorkerHeartbeat(models.Model):
    """Written by the worker on a schedule, read by /healthz to tell a live worker from a dead one."""

    cluster = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.cluster} at {self.beat_at:%H:%M:%S}"


class QueuedCheck(models.Model):
    """A check someone or something asked for and no worker has finished (availability/checks/queue.py).

    The queue of checks lives here rather than in the task broker so that the worker can choose
    what runs next (who is waiting, whose turn it is) and so that a check a dead worker held is
    never lost, whatever the broker: a row leaves the table only when its check has run.
    """

    class Priority(models.IntegerChoices):
        NOW = 0, "someone is waiting for it"
        BACKGROUND = 1, "a recheck nobody is waiting for"

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="+")
    card = models.ForeignKey("cards.Card", on_delete=models.CASCADE, related_name="+")
    # Whose turn this check takes in the round-robin; empty for work nobody in particular asked for.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NOW)
    max_age_seconds = models.PositiveIntegerField(null=True, blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    # Set when a worker cluster hands the check to its task broker, and again when the task starts.
    claimed_by = models.CharField(max_length=100, blank=True, default="")
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["store", "card"], name="queuedcheck_one_per_pair")]
        indexes = [
            models.Index(fields=["priority", "user", "id"], name="queuedcheck_turn_idx"),
            models.Index(fields=["claimed_by"], name="queuedcheck_claimed_idx"),
        ]

    def __str__(self) -> str:
        return f"check {self.card_id} at {self.store_id} ({self.get_priority_display()})"


# --- Storage that grows with change (docs/scaling-storage.md) --------------------------------------


class LatestAnswerQuerySet(models.QuerySet):
    def for_pairs(self, pairs: Iterable[tuple[int, int]], *fields: str) -> list[tuple]:
        """(store id, card id, *fields) of the rows of these (store id, card id) pairs, in one query
        however many: the rows of the pairs' stores × cards (indexed), kept to the pairs themselves
        (a user's grid is every store × every card, so nothing else is read). The one way the
        dashboard, the buy plan and the rechecks read latest answers for pairs."""
        pairs = set(pairs)
        if not pairs:
            return []
        rows = self.filter(
            store_id__in={store_id for store_id, _card_id in pairs}, card_id__in={card_id for _store_id, card_id in pairs}
        ).values_list("store_id", "card_id", *fields)
        return [row for row in rows if (row[0], row[1]) in pairs]



class LatestAnswer(models.Model):
    """The latest answer of a store for a card: what the dashboard, the rechecks and the buy plan read.

    One row per (store, card), updated in place by every check. History (StoreCheck and Offer rows)
    is written only when the answer changed; an unchanged check only moves `checked_at`. A row may
    exist before the first check (`checked_at` empty): someone watched the pair already.
    """

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="latest_answers")
    card = models.ForeignKey("cards.Card", on_delete=models.CASCADE, related_name="latest_answers")
    status = models.CharField(max_length=10, choices=StoreCheck.Status.choices, blank=True)
    reason = models.TextField(blank=True)
    # The offers of the last answer that was not an error, as StoreAnswer keeps them (JSON dicts).
    offers = models.JSONField(default=list, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True, help_text="When the store last answered.")
    changed_at = models.DateTimeField(null=True, blank=True, help_text="When the answer last changed.")
    last_good_at = models.DateTimeField(null=True, blank=True, help_text="The last answer that was not an error.")
    # The history rows behind the answer: retention never folds them away, so alerts keep a baseline.
    last_check = models.ForeignKey(StoreCheck, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    good_check = models.ForeignKey(StoreCheck, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    watched_at = models.DateTimeField(null=True, blank=True, help_text="When a dashboard or buy plan last asked.")

    objects = LatestAnswerQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["store", "card"], name="one_latest_answer_per_pair")]
        # Stale-pair selection: the rows of one store, oldest answer first.
        indexes = [models.Index(fields=["store", "checked_at"], name="latest_store_age_idx")]

    def __str__(self) -> str:
        return f"{self.card} at {self.store}: {self.status or 'never checked'}"


class DailyPrice(models.Model):
    """One day of one printing at one store, folded from raw history older than the retention
    period (HISTORY_RETENTION_DAYS). A day a check found nothing in stock is a row with a blank
    printing and `in_stock` false."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="+")
    card = models.ForeignKey("cards.Card", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    set_code = models.CharField(max_length=10, blank=True)
    collector_number = models.CharField(max_length=20, blank=True)
    finish = models.CharField(max_length=10, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    min_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    max_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    last_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    in_stock = models.BooleanField(default=False)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "card", "day", "set_code", "collector_number", "finish", "currency"],
                name="one_daily_price_per_printing",
            )
        ]
        indexes = [models.Index(fields=["card", "store", "day"], name="daily_price_card_idx")]

    def __str__(self) -> str:
        price = format_price(self.min_price, self.currency) if self.min_price is not None else "none in stock"
        return f"{self.card} at {self.store} on {self.day}: {price}"
