"""Diagnosing a store, and probing a new one from its address, through the worker's own client path.

- `diagnose(store, card, client)`: one search with every request recorded (URL, status, time, bytes,
  rate-limit headers) and a verdict an admin can act on: *recognised* (offers, or none in stock),
  *not recognised* (the store answered but the page was not one we can read: the theme changed?),
  *store failed* (no usable answer), or *blocked by robots.txt*. Used by `manage.py check_store` and
  the admin's test page.
- `probe_store(url, …)`: fetch the home page, `detect` the platform and its settings, and diagnose
  one search for a common card, so `manage.py add_store` and the admin's "Add store from URL" page
  show what they found before anything is saved.
"""

from __future__ import annotations

import dataclasses
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import scrapers
from scrapers import binderpos, conduct, crystal_commerce, shopify, tcgplayer_pro, woocommerce
from scrapers.detect import Detection, detect
from scrapers.diagnostics import ParserTally, open_tally
from scrapers.errors import ScraperError
from scrapers.http import HttpClient
from scrapers.requestlog import RequestRecord
from scrapers.result import ERROR, OK
from scrapers.robots import RobotsFile, robots_for
from scrapers.store import StoreConfig

PROBE_CARD = "Sol Ring"  # printed in almost every set of precons: most stores list a copy

RECOGNISED = "recognised"
NOT_RECOGNISED = "not recognised"
STORE_FAILED = "store failed"
ROBOTS_BLOCKED = "blocked by robots.txt"


@dataclass(frozen=True)
class Diagnosis:
    store: StoreConfig
    card: str
    result: scrapers.SearchResult
    requests: list[RequestRecord]
    seconds: float
    tally: ParserTally = field(default_factory=ParserTally)

    @property
    def outcome(self) -> str:
        """RECOGNISED, NOT_RECOGNISED, STORE_FAILED or ROBOTS_BLOCKED."""
        if self.result.status != ERROR:
            return RECOGNISED
        if "robots.txt" in self.result.reason:
            return ROBOTS_BLOCKED
        searches = [r for r in self.requests if not r.url.endswith("/robots.txt")]
        # Every request answered 2xx yet the search failed: the parser did not recognise the page.
        if searches and all(r.status is not None and 200 <= r.status < 300 for r in searches):
            return NOT_RECOGNISED
        return STORE_FAILED

    @property
    def verdict(self) -> str:
        """One line: the outcome and why."""
        result = self.result
        if result.status == OK:
            return f"{RECOGNISED}: {len(result.offers)} offer{'s' if len(result.offers) != 1 else ''} in stock"
        if result.status != ERROR:
            return f"{RECOGNISED}: the store answered and has no {self.card} in stock"
        return f"{self.outcome}: {result.reason}"

    @property
    def products(self) -> str:
        """What the parser counted on the results pages it read: every product listed ("seen") and
        those that are the card, in stock or not ("matched"). Seen and matched with no offers is sold
        out; an error with none read is a page the parser did not recognise (or no answer at all)."""
        if self.tally.reported:
            return f"{self.tally.products_seen} seen, {self.tally.products_matched} matched"
        if self.result.status == ERROR:
            return "none read: no results page was recognised"
        return "not reported by this platform's parser"


def diagnose(store: StoreConfig, card: str, client: HttpClient, *, seconds: float | None = None) -> Diagnosis:
    started = time.monotonic()
    with client.record_requests() as log, open_tally() as tally:
        result = scrapers.search(store, card, client, seconds=seconds)
    return Diagnosis(store, card, result, list(log), time.monotonic() - started, tally)


def search_url(store: StoreConfig) -> str:
    """Where a search of `store` goes (an API host for BinderPOS and Conduct), for robots.txt checks."""
    settings = store.settings
    if store.platform == "binderpos" and settings.get("mode", "api") == "api":
        return settings.get("api_url", binderpos.DEFAULT_API_URL).rstrip("/") + binderpos.API_PATH
    if store.platform == "conduct":
        return settings.get("api_url", conduct.DEFAULT_API_URL).rstrip("/") + "/v1/advancedSearch"
    paths = {"binderpos": binderpos.SEARCH_PATH, "crystal_commerce": crystal_commerce.SEARCH_PATH,
             "shopify": shopify.SUGGEST_PATH, "tcgplayer_pro": tcgplayer_pro.SEARCH_PATH,
             "woocommerce": settings.get("api_path", woocommerce.DEFAULT_API_PATH),
             "css": str(settings.get("search_path", "/")).split("?")[0]}
    return store.url(paths.get(store.platform, "/"))


@dataclass(frozen=True)
class RobotsStatus:
    """What a store's robots.txt says about its searches."""

    search_url: str
    file: RobotsFile

    @property
    def allowed(self) -> bool:
        return self.file.allows(self.search_url)

    @property
    def crawl_delay(self) -> float | None:
        return self.file.crawl_delay

    def summary(self) -> str:
        path = urlsplit(self.search_url).path
        verdict = "allows our searches" if self.allowed else f"DISALLOWS our searches ({path})"
        return f"{verdict}; {self.file.describe()}"


def robots_status(store: StoreConfig, client: HttpClient) -> RobotsStatus:
    """The robots.txt verdict on the store's search address (read now unless the client has it cached)."""
    url = search_url(store)
    return RobotsStatus(url, robots_for(client, url))


@dataclass(frozen=True)
class StoreProbe:
    url: str
    detection: Detection | None
    store: StoreConfig | None  # None when the platform is unknown or the home page failed
    diagnosis: Diagnosis | None
    home_requests: list[RequestRecord]
    error: str = ""  # the home page could not be fetched
    currency_source: str = ""  # where the store's currency came from, in words

    @property
    def requests(self) -> list[RequestRecord]:
        return self.home_requests + (self.diagnosis.requests if self.diagnosis else [])


def normalise_url(url: str) -> str:
    url = url.strip()
    if not re.match(r"^https?://", url, re.I):
        url = "https://" + url
    return url.rstrip("/")


def slug_for(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:100] or "store"


def probe_store(url: str, client: HttpClient, *, name: str = "", card: str = PROBE_CARD,
                currency: str | None = None) -> StoreProbe:
    """Detect the platform of the shop at `url` and try one search, saving nothing."""
    url = normalise_url(url)
    with client.record_requests() as log:
        try:
            home = client.get(url + "/", requests_per_second=1.0)
        except ScraperError as exc:
            error = f"the home page could not be read: {exc.reason}"
            return StoreProbe(url, None, None, None, list(log), error=error)
    detection = detect(home.text, url)
    if not detection.known:
        return StoreProbe(url, detection, None, None, list(log))
    shop_name = name or detection.name or url.split("://", 1)[1]
    store = StoreConfig(slug=slug_for(shop_name), name=shop_name, platform=detection.platform or "",
                        base_url=url, settings=dict(detection.settings),
                        currency=currency or detection.currency or "USD")
    diagnosis = diagnose(store, card, client)
    found_in = {offer.currency for offer in diagnosis.result.offers}
    if currency is not None:
        source = "as given"
    elif len(found_in) == 1 and found_in != {store.currency}:
        # The platform states the currency with each price (WooCommerce): the shop's, not our guess.
        store = dataclasses.replace(store, currency=found_in.pop())
        source = "as the shop's prices state it"
    elif detection.currency:
        source = f"from {detection.currency_evidence}"
    else:
        source = f"assumed: {detection.currency_evidence}"
    return StoreProbe(url, detection, store, diagnosis, list(log), currency_source=source)
