"""Answering a check from a store's synced inventory index, without a request.

An answer from the index is as old as the listing it was read from, not as the check that asked:
it carries that time (`SearchResult.read_at`), and the cell, the offers dialog, alerts and the buy
plan show it. The listing is read page by page between the sync's start and its end, so:

- offers found: the time the page holding them was read (the oldest such page, when a card's
  listings sit on several): what the answer shows was on the shelf then;
- no copy found: the time the sync started reading. "Not in stock" is a statement about the whole
  listing, which was read from then on; the start is the earliest moment it covers, so the answer
  never claims to be newer than any page it rests on.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Subquery
from django.utils import timezone

import scrapers
from scrapers.games import MAGIC
from scrapers.listing import ListedProduct, card_key, offers_for
from stores.inventory.models import InventoryItem, StoreSync
from stores.models import Store


def is_fresh(store: Store, sync: StoreSync | None) -> bool:
    """An index answers checks for one freshness period (the store's cache TTL) after its sync."""
    return sync is not None and sync.finished_at + store.cache_ttl > timezone.now()


def answer_from_index(store: Store, card_name: str, game: str = MAGIC) -> scrapers.SearchResult | None:
    """The check's answer from the store's fresh index (no request), or None: search the store.

    Any mode but `search` reads a fresh index: in `auto` the index is only kept fresh while
    syncing is the cheaper way. Matching is `scrapers.listing.offers_for`, the card matcher every
    search uses, so the offers are the ones a search would have found.
    """
    latest = StoreSync.latest_good(store)
    if store.inventory_mode == "search" or not is_fresh(store, latest):
        return None
    # One statement picks the newest good sync and its items, so a sync installed meanwhile (which
    # deletes the older items) can never leave this read with an empty index.
    newest = (StoreSync.objects.filter(store=store, status=StoreSync.Status.OK)
              .order_by("-finished_at").values("pk")[:1])
    rows = InventoryItem.objects.filter(sync=Subquery(newest), game=game, card_key=card_key(card_name, game))
    # Each listing keeps its page's time (rows from before page times were kept: the sync's start).
    listed = [ListedProduct(row.title, row.set_name, (scrapers.Offer.from_json(row.offer),),
                            read_at=row.read_at or latest.started_at, game=row.game) for row in rows]
    offers = offers_for(card_name, listed, game)
    return scrapers.SearchResult.from_offers(offers, requests=0, read_at=_read_at(offers, listed, latest))


def _read_at(offers: list[scrapers.Offer], listed: list[ListedProduct], latest: StoreSync) -> datetime:
    """The oldest page the answer's offers were read from; with none, the sync's start.

    (Should a sync be installed between the freshness check and the read, the start is that of the
    sync before it: earlier, so still never newer than the listing.)
    """
    found = {id(offer) for offer in offers}  # offers_for hands back the listed Offer objects
    pages = [product.read_at for product in listed if any(id(offer) in found for offer in product.offers)]
    return min(pages, default=latest.started_at)
