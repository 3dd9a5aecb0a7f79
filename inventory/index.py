"""Answering a check from a store's synced inventory index, without a request."""

from __future__ import annotations

from django.db.models import Subquery
from django.utils import timezone

import scrapers
from inventory.models import InventoryItem, StoreSync
from scrapers.listing import ListedProduct, card_key, offers_for
from stores.models import Store


def is_fresh(store: Store, sync: StoreSync | None) -> bool:
    """An index answers checks for one freshness period (the store's cache TTL) after its sync."""
    return sync is not None and sync.finished_at + store.cache_ttl > timezone.now()


def answer_from_index(store: Store, card_name: str) -> scrapers.SearchResult | None:
    """The check's answer from the store's fresh index (no request), or None: search the store.

    Any mode but `search` reads a fresh index: in `auto` the index is only kept fresh while
    syncing is the cheaper way. Matching is `scrapers.listing.offers_for`, the card matcher every
    search uses, so the offers are the ones a search would have found.
    """
    if store.inventory_mode == "search" or not is_fresh(store, StoreSync.latest_good(store)):
        return None
    # One statement picks the newest good sync and its items, so a sync installed meanwhile (which
    # deletes the older items) can never leave this read with an empty index.
    newest = (StoreSync.objects.filter(store=store, status=StoreSync.Status.OK)
              .order_by("-finished_at").values("pk")[:1])
    rows = InventoryItem.objects.filter(sync=Subquery(newest), card_key=card_key(card_name))
    listed = [ListedProduct(row.title, row.set_name, (scrapers.Offer.from_json(row.offer),)) for row in rows]
    return scrapers.SearchResult.from_offers(offers_for(card_name, listed), requests=0)
