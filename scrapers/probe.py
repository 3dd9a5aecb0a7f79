"""Diagnosing a store, and probing a new one from its address, through the worker's own client path.

- `diagnose(store, card, client)`: the way the store's checks read it (`scrapers.paths`, with the
  robots.txt files the client reads), tried once with every request recorded (URL, status, time,
  bytes, rate-limit headers), and a verdict an admin can act on: *recognised* (offers, or none in
  stock), *not recognised* (the store answered but the page was not one we can read: the theme
  changed?), *store failed* (no usable answer), or *blocked by robots.txt*. A store read through
  its listing gets its first listing page read, and the card's offers on it shown: never its whole
  inventory (that is a sync's work), and never the search robots.txt disallows. Used by
  `manage.py check_store` and the admin's test page.
- `probe_store(url, …)`: fetch the home page, `detect` the platform and its settings, and diagnose
  the probe card the same way, so `manage.py add_store` and the admin's "Add store from URL" page
  show what they found before anything is saved.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import scrapers
from scrapers.boundary import offers_for_users
from scrapers.detect import Detection, detect
from scrapers.diagnostics import ParserTally, open_tally, tally
from scrapers.errors import ScraperError
from scrapers.http import HttpClient
from scrapers.listing import offers_for
from scrapers.matching import CardMatcher
from scrapers.paths import PROBE_CARD, StorePath, choose_path, search_url
from scrapers.requestlog import RequestRecord
from scrapers.result import ERROR, OK
from scrapers.robots import RobotsFile
from scrapers.store import StoreConfig
from scrapers.sync import SYNC_PLATFORMS

logger = logging.getLogger(__name__)

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
    path: StorePath | None = None  # the way tried; None: the search, chosen without robots.txt

    @property
    def read_listing(self) -> bool:
        return self.path is not None and not self.path.searches

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
        offers = f"{len(result.offers)} offer{'s' if len(result.offers) != 1 else ''}"
        if result.status == OK and self.read_listing:
            return f"{RECOGNISED}: {offers} of {self.card} in stock on the first listing page"
        if result.status == OK:
            return f"{RECOGNISED}: {offers} in stock"
        if result.status != ERROR and self.read_listing:
            return (f"{RECOGNISED}: the first listing page was read, with no {self.card} in stock on it "
                    f"(a sync reads the whole listing)")
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


def diagnose(store: StoreConfig, card: str, client: HttpClient, *, seconds: float | None = None,
             follow_path: bool = True) -> Diagnosis:
    """Try the store's path once for `card`, recording every request (the robots.txt reads too).
    `follow_path=False` searches whatever robots.txt says (a store an admin set to search)."""
    started = time.monotonic()
    with client.record_requests() as log, open_tally() as counts:
        path = store_path(store, client) if follow_path else None
        if path is not None and not path.searches:
            result = _read_first_listing_page(store, card, client, seconds)
        else:
            result = scrapers.search(store, card, client, seconds=seconds)
    return Diagnosis(store, card, result, list(log), time.monotonic() - started, counts, path)


def store_path(store: StoreConfig, client: HttpClient) -> StorePath | None:
    """The way the store's checks read it, with the robots.txt files the client reads now (unless
    kept); None for a client that does not obey robots.txt: it searches."""
    if client.robots is None:
        return None
    return choose_path(store, client.robots_file)


def _read_first_listing_page(store: StoreConfig, card: str, client: HttpClient,
                             seconds: float | None) -> scrapers.SearchResult:
    """The card's in-stock offers on the first page of the store's listing, as a sync reads it."""
    reader = SYNC_PLATFORMS[store.platform]
    with client.count_requests() as counter, client.store_scope(store.trusted_urls(), seconds):
        try:
            page = reader(client, store, 1)
        except ScraperError as exc:
            return scrapers.SearchResult.error(exc.reason, requests=counter.count, retry_at=exc.retry_at)
        except Exception:  # as in a search: a parser bug is a plain reason here, a traceback in the log
            logger.exception("unexpected error reading the first listing page of %s", store.slug)
            return scrapers.SearchResult.error("the store returned a page we could not read", requests=counter.count)
    matcher = CardMatcher(card)
    tally(seen=len(page.products),
          matched=sum(1 for product in page.products if matcher.matches(product.title, product.set_name)))
    offers = offers_for_users(offers_for(card, page.products), store)
    return scrapers.SearchResult.from_offers(offers, requests=counter.count)


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
    return RobotsStatus(url, client.robots_file(url))


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
