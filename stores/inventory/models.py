"""Per-store inventory indexes: what a store's whole singles listing held at its last good sync.

A sync writes its products as `InventoryItem` rows under its own `StoreSync` row and only then
marks that sync `ok`, in one transaction; checks read the items of the newest `ok` sync. Each item
keeps the time its listing page was read, which is the time an answer from it carries. So a sync
that fails half-way never replaces the index in use: its rows are never visible (and are deleted),
and the store's health says the sync failed and how old the index still answering is.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone

from scrapers.games import MAGIC
from stores.models import Store


class StoreSync(models.Model):
    """One run of reading a store's whole listing."""

    class Status(models.TextChoices):
        RUNNING = "running"
        OK = "ok"
        FAILED = "failed"

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="syncs")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    pages = models.PositiveIntegerField(default=0, help_text="Listing pages read.")
    requests = models.PositiveIntegerField(
        default=0, help_text="Requests sent, retries and product pages included."
    )
    products = models.PositiveIntegerField(default=0, help_text="Products with a copy in stock.")
    offers = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["store", "status", "-finished_at"], name="storesync_latest")]

    @classmethod
    def latest_good(cls, store: Store) -> StoreSync | None:
        """The sync whose index is in use."""
        return cls.objects.filter(store=store, status=cls.Status.OK).order_by("-finished_at").first()

    def __str__(self) -> str:
        return f"{self.store} sync {self.started_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def duration(self) -> timedelta | None:
        return self.finished_at - self.started_at if self.finished_at else None


class InventoryItem(models.Model):
    """One in-stock offer of a synced store, under the card key a check looks it up by."""

    sync = models.ForeignKey(StoreSync, on_delete=models.CASCADE, related_name="items")
    # The game the listing is filed under (scrapers ListedProduct.game); a listing whose title states
    # card ids has one row per key (ListedProduct.card_keys), each under the same game.
    game = models.CharField(max_length=20, default=MAGIC)
    card_key = models.CharField(max_length=200, help_text="scrapers.listing.card_key of the listing title.")
    title = models.CharField(max_length=300, help_text="The listing title, as the card matcher reads it.")
    set_name = models.CharField(max_length=200, blank=True)
    offer = models.JSONField(help_text="The offer, as scrapers.Offer.to_json() writes it.")
    # Empty only for rows written before page times were kept: those count from the sync's start.
    read_at = models.DateTimeField(null=True, blank=True, help_text="When the listing page holding it was read.")

    class Meta:
        indexes = [models.Index(fields=["sync", "game", "card_key"], name="inventoryitem_game_lookup")]

    def __str__(self) -> str:
        return self.title
