"""The Django side of diagnosing and probing stores: text for commands, and
turning a probe into a Store row. The work itself is `scrapers.probe` (Django-free).

A probe's text says where each filled value came from (the currency: how the page stated it, or
that it did not) and what the page did not show (`Detection.notes`), and it ends with the offers
read, or why none were: the person adding a store sees what checks will find before saving.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError

from scrapers.paths import LISTING_NAME, StorePath, choose_path, search_url, search_way
from scrapers.probe import Diagnosis, RobotsStatus, StoreProbe
from scrapers.requestlog import RequestRecord
from scrapers.robots import RobotsRules
from scrapers.store import StoreConfig
from scrapers.sync import supports_sync

from scrapers.games import GAMES, MAGIC
from stores.addresses import already_listed, store_at
from stores.models import Store


def request_line(record: RequestRecord) -> str:
    status = str(record.status) if record.status is not None else f"failed ({record.error})"
    line = f"{record.method} {record.url} -> {status}, {record.seconds * 1000:.0f} ms, {record.bytes} bytes"
    if record.rate_limit_headers:
        line += ", " + ", ".join(f"{name}: {value}" for name, value in record.rate_limit_headers.items())
    return line


SEARCH_MODE = "its search, card by card (inventory mode: search)"


def path_text(diagnosis: Diagnosis) -> str:
    """The way the diagnosis read the store, and why ("Shopify JSON search (…, allowed by robots.txt)")."""
    return diagnosis.path.describe() if diagnosis.path is not None else SEARCH_MODE


def diagnosis_lines(diagnosis: Diagnosis, robots: RobotsStatus | None = None) -> list[str]:
    lines = [f"Path: {path_text(diagnosis)}", f"Requests ({len(diagnosis.requests)}):"]
    lines += [f"  {request_line(record)}" for record in diagnosis.requests] or ["  (none sent)"]
    if robots is not None:
        lines.append(f"robots.txt: {robots.summary()}")
    lines.append(f"Verdict: {diagnosis.verdict}")
    lines.append(f"Products: {diagnosis.products}")
    lines.append(f"Time: {diagnosis.seconds:.2f} s")
    return lines


def detected_games(probe: StoreProbe) -> list[str]:
    """The games the store's home page names (scrapers.detect), else Magic, the default."""
    detection = probe.detection
    return list(detection.games) if detection is not None and detection.games else [MAGIC]


def games_line(probe: StoreProbe) -> str:
    named = probe.detection is not None and bool(probe.detection.games)
    games = ", ".join(GAMES[code].name for code in detected_games(probe))
    return f"Games: {games} ({'named by the home page' if named else 'the home page names none: the default'})"


def probe_lines(probe: StoreProbe) -> list[str]:
    lines = [f"Address: {probe.url}"]
    if probe.error:
        return [*lines, probe.error, *[f"  {request_line(r)}" for r in probe.home_requests]]
    detection = probe.detection
    assert detection is not None
    if probe.store is None:
        return [*lines, f"Platform: unknown ({detection.evidence}).",
                "Add it with the custom CSS-selector platform (\"Other (selectors)\") in the admin."]
    store = probe.store
    lines += [
        f"Platform: {store.platform} ({detection.evidence})",
        f"Name: {store.name}   slug: {store.slug}   currency: {store.currency} ({probe.currency_source})",
        f"Settings: {store.settings or '{}'}",
        games_line(probe),
        *[f"Note: {note}" for note in detection.notes],
        f"Probe search: {probe.diagnosis.card if probe.diagnosis else ''}",
    ]
    if probe.home_requests:
        lines.append("Home page:")
        lines += [f"  {request_line(r)}" for r in probe.home_requests]
    if probe.diagnosis is not None:
        lines += diagnosis_lines(probe.diagnosis)
        lines.append(offers_line(probe.diagnosis))
    return lines


def offers_line(diagnosis: Diagnosis) -> str:
    """How many offers the probe read, or plainly why none."""
    result, count = diagnosis.result, len(diagnosis.result.offers)
    if count:
        return f"Offers read: {count} (below)"
    if result.status == "error":
        return f"Offers read: none, because {diagnosis.verdict}"
    return f"Offers read: none, because the store answered and has no {diagnosis.card} in stock"


def save_probed_store(probe: StoreProbe, games: list[str] | None = None) -> Store:
    """The probed store as a Store row, selling the `games` given (default: those detected); raises
    ValidationError when its settings or games do not validate."""
    config = probe.store
    assert config is not None
    existing = store_at(config.base_url)
    if existing is not None:
        raise ValidationError(f"{config.base_url} is {already_listed(existing)}")
    slug, suffix = config.slug, 2
    while Store.objects.filter(slug=slug).exists():
        slug, suffix = f"{config.slug}-{suffix}", suffix + 1
    store = Store(name=config.name, slug=slug, homepage=config.base_url, platform=config.platform,
                  settings=config.settings, currency=config.currency,
                  games=games if games is not None else detected_games(probe))
    store.full_clean()
    store.save()
    return store


def cached_path(config: StoreConfig) -> StorePath:
    """The way the store's checks read it, by the robots.txt files the workers read lately; no request."""
    return choose_path(config, RobotsRules(cache).cached)


def path_line(store: Store) -> str:
    """The store's path for its admin page: the mode `search` searches whatever the path would be."""
    path = cached_path(store.scraper_config())
    if store.inventory_mode == "search" and not path.searches:
        return f"{SEARCH_MODE}, though {path.why}: its checks are store errors (auto would sync its listing)"
    if store.inventory_mode == "search":
        return f"{path.describe()} (inventory mode: search)"
    return path.describe()


def path_name(store: Store) -> str:
    """The path's short name for the admin's store list: the way the store's checks really take. An
    admin's mode wins over the path `auto` would take (a store set to `search` searches even where
    robots.txt disallows it), and the list says so; `auto`'s choice by cost is on the store's page."""
    config = store.scraper_config()
    path = cached_path(config)
    if store.inventory_mode == "search" and not path.searches:
        search = search_way(config)
        return f"{search[0] if search else 'its search'} (mode: search), though {path.why}"
    if store.inventory_mode == "sync" and path.searches and supports_sync(store.platform):
        return f"{LISTING_NAME} (mode: sync)"
    return path.name if path.allowed else f"{path.name}, though {path.why}"


def cached_robots_status(config: StoreConfig) -> RobotsStatus | None:
    """The robots.txt verdict for a store's searches if a worker (or a test) read it lately; no request."""
    url = search_url(config)
    robots = RobotsRules(cache).cached(url)
    return RobotsStatus(url, robots) if robots is not None else None
