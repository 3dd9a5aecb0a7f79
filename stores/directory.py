"""The directory of real local game stores the app ships with (stores/data/directory.json).

`release` adds it on every deploy through `stores.provisioning`: missing stores are created, and a
field an admin changed is never written back (a directory correction reaches the fields nobody
changed). A file that cannot be read or whose entries are not stores is `DirectoryError`, naming
the entry, and nothing is written.
"""

from __future__ import annotations

import json
from pathlib import Path

import scrapers
from stores.provisioning import Report, provision

DIRECTORY_FILE = Path(__file__).parent / "data" / "directory.json"
STORE_FIELDS = ("name", "homepage", "platform", "settings", "currency", "enabled", "city", "country", "region")


class DirectoryError(ValueError):
    """A directory file we cannot use; `str()` says which file and entry, in one line."""


def load_directory(path: Path = DIRECTORY_FILE) -> list[dict]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DirectoryError(f"cannot read {path}: {error.strerror}") from error
    except ValueError as error:  # not JSON, or not UTF-8
        raise DirectoryError(f"{path} is not valid JSON ({error})") from error
    if not isinstance(entries, list):
        raise DirectoryError(f"{path}: expected a JSON list of stores")
    for number, entry in enumerate(entries):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(key), str) for key in ("slug", "platform")):
            raise DirectoryError(f"{path.name}: entry {number}: expected an object with a slug and a platform")
        problems = scrapers.validate_settings(entry["platform"], entry.get("settings", {}))
        if problems:
            raise DirectoryError(f"{path.name}: store {entry['slug']!r}: {'; '.join(problems)}")
    return entries


def sync_directory(entries: list[dict], overwrite: bool = False) -> Report:
    """Add the directory's stores that are missing; bring up to date what no admin changed.

    A store an admin disabled or edited keeps its values (`stores.provisioning`) unless `overwrite`
    is set, so running this on every deploy is safe.
    """
    report = Report()
    for entry in entries:
        values = {name: entry[name] for name in STORE_FIELDS if name in entry}
        report.add(entry["slug"], provision(entry["slug"], values, overwrite=overwrite))
    return report
