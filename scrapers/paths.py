"""Which way a check reads a store, and why: its search, or its whole listing.

    path = choose_path(store, robots)      # robots: url -> RobotsFile, or None when never read
    path.searches, path.describe()         # "Shopify JSON search (/search/suggest.json, allowed by robots.txt)"

A pure choice (no request): the caller passes what it knows of the robots.txt files involved, so
the web process can ask with what the cache holds and a worker with the file read now.

The rule, per platform (the theme-independent way that robots.txt allows comes first):
- Shopify: the JSON predictive search (`/search/suggest.json`) where robots.txt allows it, else
  the whole-inventory listing (`/products.json`). Shopify's default robots.txt allows the first
  (read as RFC 9309 says; see `scrapers.robots`); older default files without `Allow: /search/`
  do not, and there the listing is the way.
- BinderPOS: its API (on portal.binderpos.com, whose own robots.txt counts) when the store's shop
  (its myshopify name) is known, else the listing (`/products.json`, the shop is a Shopify shop).
  The theme's `/search` page only when the store's settings ask for html mode and robots.txt
  allows it.
- WooCommerce: the Store API search where allowed, else the same API's listing.
- Crystal Commerce: `/products/search` where allowed, else the singles catalog listing.
- Conduct Commerce, TCGplayer Pro and custom (css) stores have no listing we read: they search,
  and a search robots.txt disallows is a store error that says so.
A store whose listing is its way is synced before its first check is answered, whatever its
demand (`stores.inventory.modes`). When robots.txt disallows both ways, the path is the search, marked
not allowed: its checks are store errors naming robots.txt, and nothing is requested.

Each way's first request is built here as the platform module sends it (the query string too, since
robots.txt rules can match it); a test compares them with what the platforms really send.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote_plus, urlsplit

import requests

import scrapers
from scrapers import binderpos, crystal_commerce, shopify, tcgplayer_pro
from scrapers.errors import InvalidSettings
from scrapers.robots import MISSING, UNREACHABLE, RobotsFile
from scrapers.settings import Setting, resolve
from scrapers.store import StoreConfig
from scrapers.sync import supports_sync

PROBE_CARD = "Sol Ring"  # printed in almost every set of precons: most stores list a copy

SEARCH, LISTING = "search", "listing"
LISTING_NAME = "whole-inventory sync"

RobotsLookup = Callable[[str], RobotsFile | None]  # a URL's robots.txt; None: never read


@dataclass(frozen=True)
class StorePath:
    """The way a store's checks read it, and why."""

    way: str  # SEARCH or LISTING
    name: str  # "Shopify JSON search", or LISTING_NAME
    url: str  # the way's first request (a search's, for PROBE_CARD)
    why: str  # "allowed by robots.txt", "the store's robots.txt disallows /search/suggest.json"
    where: str  # the URL's path; host and path on a platform's API host
    allowed: bool = True  # False: robots.txt disallows every way we know; checks are store errors

    @property
    def searches(self) -> bool:
        return self.way == SEARCH

    def describe(self) -> str:
        """One line for the admin, `check_store` and `add_store`."""
        if self.way == LISTING:
            text = f"{LISTING_NAME} of {self.where} ({self.why})"
        else:
            text = f"{self.name} ({self.where}, {self.why})"
        return text if self.allowed else f"{text}: its checks are store errors until robots.txt allows us"


def choose_path(store: StoreConfig, robots: RobotsLookup, card: str = PROBE_CARD) -> StorePath:
    """The way `store`'s checks read it, given what is known of the robots.txt files involved."""
    search = search_way(store, card)
    if not supports_sync(store.platform):
        return _searching(store, search, robots)
    listing = listing_url(store)
    if search is None:  # nothing to search with (BinderPOS without its shop)
        why = "no shop known: the BinderPOS API needs the store's myshopify name"
        return _listing(store, listing, why, robots)
    searching = _searching(store, search, robots)
    if searching.allowed:
        return searching
    listed = _listing(store, listing, searching.why, robots)
    return listed if listed.allowed else replace(searching, why=listed.why)


def search_way(store: StoreConfig, card: str = PROBE_CARD) -> tuple[str, str] | None:
    """(name, first request URL) of the store's search; None when it has none it can use."""
    settings = _settings(store)
    platform = store.platform
    if platform == "shopify":
        return "Shopify JSON search", _url(store.url(shopify.SUGGEST_PATH), {
            "q": f'"{card}"', "resources[type]": "product", "resources[limit]": 10})
    if platform == "binderpos" and settings["mode"] == "html":
        return "BinderPOS theme search page", _url(store.url(binderpos.SEARCH_PATH), {
            "q": card, "type": "product", "page": 1})
    if platform == "binderpos":
        if not settings.get("shop"):
            return None
        return "BinderPOS API", settings["api_url"].rstrip("/") + binderpos.API_PATH
    if platform == "crystal_commerce":
        params: dict[str, Any] = {"q": card, "page": 1}
        if settings["category"]:
            params["c"] = settings["category"]
        return "Crystal Commerce search", _url(store.url(crystal_commerce.SEARCH_PATH), params)
    if platform == "woocommerce":
        return "WooCommerce Store API search", _url(store.url(settings["api_path"]), {
            "search": card, "per_page": settings["per_page"], "page": 1})
    if platform == "conduct":
        return "Conduct Commerce API search", settings["api_url"].rstrip("/") + "/v1/advancedSearch"
    if platform == "tcgplayer_pro":
        return "TCGplayer Pro catalog search", store.url(tcgplayer_pro.SEARCH_PATH)
    if platform == "css":
        path = str(settings.get("search_path") or "/")
        path = path.replace("{query}", quote_plus(card)).replace("{page}", "1")
        return "custom search page", store.url(path)
    return f"{platform} search", store.url("/")


def search_url(store: StoreConfig, card: str = PROBE_CARD) -> str:
    """Where a search of `store` goes first (an API host for BinderPOS and Conduct); a BinderPOS store
    without its shop has no search: its listing then."""
    way = search_way(store, card)
    return way[1] if way is not None else listing_url(store)


def listing_url(store: StoreConfig) -> str:
    """The first page of the store's whole-inventory listing (`scrapers.sync`), as it is requested."""
    settings = _settings(store)
    if store.platform in ("shopify", "binderpos"):
        return _url(store.url(shopify.CATALOG_PATH), {"limit": shopify.CATALOG_PAGE_SIZE, "page": 1})
    if store.platform == "woocommerce":
        return _url(store.url(settings["api_path"]), {"per_page": settings["per_page"], "page": 1})
    if store.platform == "crystal_commerce":
        return _url(store.url(settings["catalog_path"]), {"filter_by_stock": "in-stock", "page": 1})
    raise ValueError(f"{store.platform} stores have no listing")


def _searching(store: StoreConfig, search: tuple[str, str] | None, robots: RobotsLookup) -> StorePath:
    assert search is not None  # every platform without a listing has a search
    name, url = search
    allowed, why = _verdict(store, url, robots)
    return StorePath(SEARCH, name, url, why, _where(url, store), allowed)


def _listing(store: StoreConfig, url: str, why: str, robots: RobotsLookup) -> StorePath:
    allowed, verdict = _verdict(store, url, robots)
    why = why if allowed else f"{why}; {verdict} too"
    return StorePath(LISTING, LISTING_NAME, url, why, _where(url, store), allowed)


def _verdict(store: StoreConfig, url: str, robots: RobotsLookup) -> tuple[bool, str]:
    """Whether robots.txt lets us request `url`, in words. A file never read counts as allowing:
    the worker reads it before its first request, and refuses the request then if it must."""
    found = robots(url)
    host = urlsplit(url).netloc
    file = "robots.txt" if host == store.host else f"{host}'s robots.txt"  # a platform's API host
    if found is None:
        return True, f"{file} not read yet"
    if found.state == MISSING:
        return True, f"no {file}"
    if found.state == UNREACHABLE:
        return True, f"{file} unreadable, allowed for now"
    if found.allows(url):
        return True, f"allowed by {file}"
    whose = "the store's robots.txt" if host == store.host else file
    return False, f"{whose} disallows {urlsplit(url).path}"


def _where(url: str, store: StoreConfig) -> str:
    """A path on the store's own host; host and path elsewhere (a platform's API)."""
    parts = urlsplit(url)
    return parts.path if parts.netloc == store.host else parts.netloc + parts.path


def _url(address: str, params: dict[str, Any]) -> str:
    """The URL as the HTTP client sends it (the client prepares requests the same way)."""
    return requests.Request("GET", address, params=params).prepare().url or address


def _settings(store: StoreConfig) -> dict[str, Any]:
    """The store's settings with defaults; settings that do not validate still give a path (their
    search fails with the settings' problem)."""
    module = scrapers.PLATFORMS.get(store.platform)
    spec: tuple[Setting, ...] = getattr(module, "SETTINGS", ())
    try:
        return resolve(store.platform, spec, store.settings)
    except InvalidSettings:
        return {**{setting.name: setting.default for setting in spec}, **store.settings}
