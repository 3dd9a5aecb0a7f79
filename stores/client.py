"""The one way the site talks to stores: the worker's HTTP client.

Every path that calls a store goes through `worker_client()`: a worker's check, the admin's "Test
this store" and "Add store from URL", and the `scrape`, `check_store` and `add_store` commands. So
they all share the rate limit per host and the holds a store asked for (Retry-After) with every
worker process (both kept in the cache), read robots.txt once a day for all, and keep the same
deadlines; what one of them sees is what a check would see. And they all keep to one address guard
(`scrapers.netguard`): a store's address, its redirects and its robots.txt must be public internet
addresses unless ALLOW_PRIVATE_STORE_ADDRESSES allows private store addresses.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.cache import cache

import scrapers
from scrapers.robots import RobotsRules
from stores.ratelimit import CacheRateLimiter

_client: scrapers.HttpClient | None = None
_client_lock = threading.Lock()


def worker_client() -> scrapers.HttpClient:
    """This process's client (one per process keeps its per-host connection cap and page cache)."""
    global _client
    with _client_lock:
        if _client is None or _client.settings != client_settings():
            _client = new_worker_client()
        return _client


def new_worker_client() -> scrapers.HttpClient:
    """A client as each worker process builds it: what it shares with the others is in the cache."""
    return scrapers.HttpClient(client_settings(), limiter=CacheRateLimiter(), robots=RobotsRules(cache))


def client_settings() -> scrapers.ClientSettings:
    """The HTTP client's settings from the site's: its per-request deadline, and whether a store's own
    address may be private (ALLOW_PRIVATE_STORE_ADDRESSES; off, every address must be public)."""
    return scrapers.ClientSettings(total_timeout=settings.STORE_REQUEST_TIMEOUT_SECONDS,
                                   private_stores=settings.ALLOW_PRIVATE_STORE_ADDRESSES)
