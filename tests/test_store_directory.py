"""The shipped directory of real stores, and syncing it safely on every deploy."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlparse

from django.core.management import call_command

from stores.directory import load_directory
from stores.models import Store


def test_the_directory_holds_at_least_30_real_stores_on_at_least_5_platforms():
    entries = load_directory()
    assert len(entries) >= 30
    assert len(Counter(entry["platform"] for entry in entries)) >= 5
    for entry in entries:
        url = urlparse(entry["homepage"])
        assert url.scheme == "https" and "." in url.hostname, entry
        assert not url.hostname.endswith(("example.com", "localhost")), entry
    assert len({entry["slug"] for entry in entries}) == len(entries)


def test_syncing_twice_creates_the_stores_once(db):
    call_command("sync_store_directory")
    count = Store.objects.count()
    assert count == len(load_directory())
    call_command("sync_store_directory")
    assert Store.objects.count() == count


def test_syncing_keeps_what_admins_changed(db):
    call_command("sync_store_directory")
    Store.objects.filter(slug="hairy-tarantula").update(enabled=False, requests_per_second=0.5)
    call_command("sync_store_directory")
    store = Store.objects.get(slug="hairy-tarantula")
    assert store.enabled is False and store.requests_per_second == 0.5


def test_a_deleted_directory_store_comes_back_on_the_next_sync_so_admins_disable_instead(db):
    call_command("sync_store_directory")
    Store.objects.filter(slug="magic-stronghold").delete()
    call_command("sync_store_directory")
    assert Store.objects.filter(slug="magic-stronghold").exists()


def test_overwrite_resets_stores_to_the_directory(db):
    call_command("sync_store_directory")
    Store.objects.filter(slug="hairy-tarantula").update(name="Renamed")
    call_command("sync_store_directory", "--overwrite")
    assert Store.objects.get(slug="hairy-tarantula").name == "Hairy Tarantula"


def test_a_store_whose_robots_txt_forbids_us_ships_disabled(db):
    call_command("sync_store_directory")
    assert Store.objects.get(slug="battleground-games").enabled is False
