"""The daily catalog refresh task, against a local stand-in for Scryfall (never the real host)."""

from __future__ import annotations

import datetime
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from django.core.cache import cache
from django.utils import timezone

from cards.catalog import tasks
from cards.catalog.loader import SAMPLE_CARDS, SAMPLE_SETS
from cards.catalog.models import Card


class FakeScryfall(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        FakeScryfall.requests.append(self.path)
        host = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/bulk-data/default-cards":
            body = json.dumps({"object": "bulk_data", "type": "default_cards",
                               "download_uri": f"{host}/file/default-cards.json"}).encode()
        elif self.path == "/file/default-cards.json":
            body = SAMPLE_CARDS.read_bytes()
        elif self.path == "/sets":
            body = SAMPLE_SETS.read_bytes()
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def scryfall() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeScryfall)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    FakeScryfall.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def clean_cache(db):
    cache.delete(tasks.LAST_REFRESH_KEY)
    cache.delete(tasks._RUNNING_KEY)
    yield
    cache.delete(tasks.LAST_REFRESH_KEY)
    cache.delete(tasks._RUNNING_KEY)


def _refresh(base: str, **kwargs) -> str:
    return tasks.refresh_catalog(f"{base}/bulk-data/default-cards", f"{base}/sets", **kwargs)


def test_it_loads_the_file_the_bulk_data_metadata_points_to(scryfall):
    summary = _refresh(scryfall)

    assert Card.objects.filter(name="Lightning Bolt").exists()
    assert "cards: " in summary and " created" in summary
    assert FakeScryfall.requests == ["/bulk-data/default-cards", "/sets", "/file/default-cards.json"]


def test_it_skips_when_refreshed_within_a_day(scryfall):
    _refresh(scryfall)
    FakeScryfall.requests = []

    assert _refresh(scryfall).startswith("skipped: the catalog was refreshed at")
    assert FakeScryfall.requests == []


def test_it_refreshes_again_after_a_day_and_changes_nothing(scryfall):
    _refresh(scryfall)
    cache.set(tasks.LAST_REFRESH_KEY, timezone.now() - datetime.timedelta(hours=25), timeout=None)

    summary = _refresh(scryfall)

    assert "cards: 0 created, 0 updated" in summary
    assert "printings: 0 created, 0 updated" in summary


def test_a_second_copy_of_the_task_does_not_run_while_one_is_running(scryfall):
    cache.add(tasks._RUNNING_KEY, "now", timeout=60)

    assert _refresh(scryfall) == "skipped: another catalog refresh is running"
    assert FakeScryfall.requests == []


def test_a_failed_download_leaves_the_refresh_due_and_unclaimed(scryfall):
    with pytest.raises(requests.HTTPError):
        tasks.refresh_catalog(f"{scryfall}/bulk-data/missing", f"{scryfall}/sets")

    assert cache.get(tasks.LAST_REFRESH_KEY) is None
    assert cache.get(tasks._RUNNING_KEY) is None
