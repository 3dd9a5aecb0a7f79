"""Checking local game stores' web shops for singles of Magic and the other games in `scrapers.games`.

A plain library: it knows store platforms, not Django. The Django side passes a `StoreConfig` and
a card name and gets a `SearchResult` back, always, whatever the store did:

    from scrapers import StoreConfig, search
    result = search(StoreConfig("kanata", "Kanata CG", "crystal_commerce", "https://…"), "Lightning Bolt")
    result.status, result.offers, result.reason
    search(store, "Charizard ex", game="pokemon")       # a store whose `games` include "pokemon"

Each platform module exposes `search(client, store, card_name, game="magic") -> list[Offer]`, which
raises `ScraperError`s, and `SETTINGS`, which `validate_settings()` checks.
"""

from __future__ import annotations

import logging
from types import ModuleType

from scrapers import binderpos, conduct, crystal_commerce, css, shopify, tcgplayer_pro, woocommerce
from scrapers.boundary import offers_for_users
from scrapers.errors import ScraperError, StorePaused
from scrapers.games import GAMES, MAGIC
from scrapers.http import ClientSettings, HttpClient, default_client
from scrapers.offer import Offer
from scrapers.result import SearchResult
from scrapers.settings import validate
from scrapers.store import StoreConfig

__all__ = [
    "PLATFORMS", "PLATFORM_CHOICES", "GAMES", "MAGIC", "search", "validate_settings",
    "Offer", "SearchResult", "StoreConfig", "HttpClient", "ClientSettings", "ScraperError",
]

logger = logging.getLogger(__name__)

PLATFORMS: dict[str, ModuleType] = {
    "crystal_commerce": crystal_commerce,
    "shopify": shopify,
    "binderpos": binderpos,
    "conduct": conduct,
    "tcgplayer_pro": tcgplayer_pro,
    "woocommerce": woocommerce,
    "css": css,
}

PLATFORM_CHOICES: list[tuple[str, str]] = [(name, module.LABEL) for name, module in PLATFORMS.items()]


def validate_settings(platform: str, settings: object) -> list[str]:
    """Readable problems with a store's settings JSON for `platform`; empty when it is fine."""
    module = PLATFORMS.get(platform)
    if module is None:
        return [f"unknown platform '{platform}'"]
    return validate(platform, module.SETTINGS, settings, getattr(module, "extra_errors", None))


def search(
    store: StoreConfig, card_name: str, client: HttpClient | None = None, *, seconds: float | None = None,
    game: str = MAGIC,
) -> SearchResult:
    """Which in-stock copies of `card_name`, a card of `game`, the store sells. Never raises for store
    problems.

    The store's configured URLs are trusted wherever they point; everything else it sends us to must
    be public (see `scrapers.netguard`). With `seconds`, the whole search ends within that time.
    Offers leave the library through `scrapers.boundary`, bounded and cleaned.

    A game the store does not sell (`StoreConfig.games`) is not asked about: the answer is "not
    found" with `carried` False and a reason naming the game, and nothing is sent. It is no store
    failure (the store is fine) and no silent "not in stock" (the reason says why).
    """
    module = PLATFORMS.get(store.platform)
    if module is None:
        return SearchResult.error(f"unknown store platform '{store.platform}'")
    if game not in GAMES:
        return SearchResult.error(f"unknown game '{game}'")
    if not store.sells(game):
        return SearchResult.not_carried(f"{store.name} does not sell {GAMES[game].short_name} singles")
    client = client or default_client()
    with client.count_requests() as counter, client.store_scope(store.trusted_urls(), seconds):
        try:
            found = module.search(client, store, card_name) if game == MAGIC else \
                module.search(client, store, card_name, game=game)
            offers = offers_for_users(found, store, game)
        except ScraperError as exc:
            skipped = isinstance(exc, StorePaused)  # nothing sent: not another failure of the store
            requests = counter.count
            return SearchResult.error(exc.reason, requests=requests, retry_at=exc.retry_at, skipped=skipped)
        except Exception:
            # A parser bug on a page shape we never saw must not take the worker down; the log
            # keeps the traceback for us, the user sees a plain reason.
            logger.exception("unexpected error searching %s for %r (%s)", store.slug, card_name, game)
            return SearchResult.error("the store returned a page we could not read", requests=counter.count)
    return SearchResult.from_offers(offers, requests=counter.count)
