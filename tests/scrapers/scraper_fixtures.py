"""Saved store responses for parser tests and the fast client settings (a module, not conftest.py,
so test files can import them without clashing with the project's top-level conftest)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scrapers.http import ClientSettings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "scrapers"

# Short everything: tests must not wait for real backoffs or long timeouts.
FAST = ClientSettings(
    connect_timeout=1.0,
    read_timeout=0.4,
    total_timeout=2.0,
    max_bytes=256 * 1024,
    retries=2,
    backoff=0.01,
    max_backoff=0.02,
    max_retry_wait=30,
    throttled_pause=60,
)


def saved_page(platform: str, name: str) -> bytes:
    return (FIXTURES / platform / name).read_bytes()


def saved_json(platform: str, name: str) -> Any:
    return json.loads(saved_page(platform, name))
