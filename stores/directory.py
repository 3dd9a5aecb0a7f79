"""The directory of real local game stores the app ships with (stores/data/directory.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import scrapers
from stores.models import Store

DIRECTORY_FILE = Path(__file__).parent / "data" / "directory.json"
STORE_FIELDS = ("name", "homepage", "platform", "settings", "currency", "enabled", "city", "country", "region")


@dataclass
class SyncReport:
    created: list[str]
    updated: list[str]
    unchanged: list[str]


def load_directory(path: Path = DIRECTORY_FILE) -> list[dict]:
    entries = json.loads(path.read_text(encoding="utf-8"))
    for entry in entries:
        problems = scrapers.validate_settings(entry["platform"], entry.get("settings", {}))
        if problems:
            raise ValueError(f"{path.name}: store {entry['slug']!r}: {'; '.join(problems)}")
    return entries


def sync_directory(entries: list[dict], overwrite: bool = False) -> SyncReport:
    """Add the directory's stores that are missing.

    Existing stores are left as the admins made them (a store they disabled stays disabled) unless
    `overwrite` is set, so running this on every deploy is safe.
    """
    report = SyncReport(created=[], updated=[], unchanged=[])
    existing = {store.slug: store for store in Store.objects.filter(slug__in=[e["slug"] for e in entries])}
    for entry in entries:
        values = {field: entry[field] for field in STORE_FIELDS if field in entry}
        store = existing.get(entry["slug"])
        if store is None:
            Store.objects.create(slug=entry["slug"], **values)
            report.created.append(entry["slug"])
        elif overwrite and any(getattr(store, f) != v for f, v in values.items()):
            for field, value in values.items():
                setattr(store, field, value)
            store.save()
            report.updated.append(entry["slug"])
        else:
            report.unchanged.append(entry["slug"])
    return report
