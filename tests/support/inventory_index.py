"""A synced inventory index written straight into the database, at chosen times.

Tests of what an answer from the index says about time need a sync whose start, end and page times
they control; a real sync (tests/test_inventory_sync.py) reads the sample store at whatever the
clock says. The rows are those `stores.inventory.sync` writes: a good `StoreSync` and its `InventoryItem`s.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import scrapers
from scrapers.listing import card_key
from stores.inventory.models import InventoryItem, StoreSync


def bolt_listing(price: str = "1.50", *, name: str = "Lightning Bolt", set_name: str = "Magic 2010",
                 set_code: str = "M10", quantity: int = 2, currency: str = "CAD", condition: str = "NM",
                 finish: str = "nonfoil") -> scrapers.Offer:
    """One in-stock copy as a listing page gives it (a Lightning Bolt unless named otherwise)."""
    return scrapers.Offer(
        name=name, set_name=set_name, set_code=set_code, collector_number="146", finish=finish,
        condition=condition, condition_raw=condition, language="English", price=Decimal(price),
        currency=currency, quantity=quantity, url=f"https://shop.example.com/bolt-{set_code}-{condition}-{price}",
        variant_id=None,
    )


def install_index(store, *, started_at: datetime, finished_at: datetime,
                  listings: list[tuple[scrapers.Offer, datetime]] = ()) -> StoreSync:
    """A good sync of `store` read between the two times; each listing is (offer, its page's time)."""
    sync = StoreSync.objects.create(store=store, started_at=started_at, finished_at=finished_at,
                                    status=StoreSync.Status.OK, pages=1, requests=1,
                                    products=len(listings), offers=len(listings))
    InventoryItem.objects.bulk_create(
        InventoryItem(sync=sync, card_key=card_key(offer.name), title=f"{offer.name} [{offer.set_name}]",
                      set_name=offer.set_name, offer=offer.to_json(), read_at=read_at)
        for offer, read_at in listings
    )
    return sync
