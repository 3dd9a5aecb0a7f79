"""Shopify cart permalinks: a link that opens the store's cart with chosen variants in it.

`https://<shop>/cart/<variant_id>:<qty>,<variant_id>:<qty>` (shopify.dev, "Create cart permalinks").
BinderPOS stores are Shopify shops, so their variant ids (the Shopify ids) work the same way. The
link is built on the store's base URL, which is the shop's own domain (a custom domain forwards to
the shop like the myshopify one does).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from scrapers.offer import Offer

CART_PLATFORMS = ("shopify", "binderpos")


def cart_permalink(base_url: str, items: Iterable[tuple[str, int]]) -> str:
    """The cart permalink for (variant id, quantity) pairs."""
    listed = ",".join(f"{variant_id}:{quantity}" for variant_id, quantity in items)
    return f"{base_url.rstrip('/')}/cart/{listed}"


def with_cart_links(offers: list[Offer], platform: str, base_url: str) -> list[Offer]:
    """Offers with `cart_url` (one copy of that variant) where the platform has cart permalinks."""
    if platform not in CART_PLATFORMS:
        return offers
    return [dataclasses.replace(offer, cart_url=cart_permalink(base_url, [(offer.variant_id, 1)]))
            if offer.variant_id else offer for offer in offers]
