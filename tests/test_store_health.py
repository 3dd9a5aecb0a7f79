"""A store's health has one source of truth, shared by every worker: `Store.record_check` decides what a
failure is, the Store row holds the pause, the cache-backed limiter holds a host that sent
Retry-After, and every path that calls a store (a worker's check, the admin's test, `scrape`) goes
through `stores.client.worker_client()` (so do `check_store` and `add_store`).

Two clients made by `new_worker_client()` stand for two worker processes: all they share is what
real workers share, the database and the cache.
"""

from __future__ import annotations

import json
import pydoc
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import scrapers
from availability.checks import pipeline
from availability.checks.models import LatestAnswer, StoreCheck
from availability.checks.results import result_key
from scrapers.result import SearchResult
from stores import client as store_client
from stores.models import PAUSE_AFTER_FAILURES, PAUSE_FOR, Store
from tests.support.commandline import run_manage
from stores.ratelimit import CacheRateLimiter

NOT_FOUND_REASON = "the store's search page was not found (HTTP 404); check the store's address"


@pytest.fixture
def shopify(sample_store, db) -> Store:
    call_command("register_sample_stores", "--url", sample_store.url, stdout=StringIO())
    Store.objects.filter(slug__startswith="sample-").update(requests_per_second=1000)
    return Store.objects.get(platform="shopify", slug="sample-shopify")


def another_worker(monkeypatch) -> None:
    """The next `worker_client()` is a new process's: nothing in memory carries over."""
    monkeypatch.setattr(store_client, "_client", None)


def health(store: Store) -> Store:
    return Store.objects.get(pk=store.pk)


def scrape(*args: str) -> tuple[int, str]:
    ran = run_manage("scrape", *args)
    return ran.code, ran.err


# -- the rule, in its one place ---------------------------------------------------------------------


def test_a_store_failing_again_and_again_is_paused_and_a_success_resets_the_count(make_store):
    store = make_store()
    for _ in range(PAUSE_AFTER_FAILURES - 1):
        store.record_check(SearchResult.error("store unreachable"))
    assert not store.is_paused and store.health == "failing"
    store.record_check(SearchResult.error("store unreachable"))
    assert store.is_paused and store.health == "paused"
    assert store.last_error_reason == "store unreachable"
    assert timezone.now() + PAUSE_FOR - health(store).paused_until < timedelta(minutes=1)
    store.record_check(SearchResult.from_offers([], requests=1))
    store.refresh_from_db()
    # A success already under way when the pause began does not end it; the pause ends at its time.
    assert store.consecutive_failures == 0 and store.is_paused
    Store.objects.filter(pk=store.pk).update(paused_until=timezone.now() - timedelta(seconds=1))
    assert health(store).health == "ok"


def test_a_retry_after_pauses_the_store_at_once_and_a_pause_only_grows(make_store):
    store = make_store()
    later = timezone.now() + timedelta(hours=2)
    store.record_check(SearchResult.error("the store is rate-limiting us", retry_at=later))
    assert health(store).paused_until == later and health(store).consecutive_failures == 1
    store.record_check(SearchResult.error("rate-limiting", retry_at=timezone.now() + timedelta(minutes=1)))
    assert health(store).paused_until == later


def test_a_check_skipped_because_the_store_is_paused_is_not_another_failure(make_store):
    store = make_store()
    store.record_check(SearchResult.error("rate-limited", retry_at=timezone.now() + timedelta(hours=1)))
    skipped = health(store).paused_result()
    assert skipped.status == "error" and skipped.skipped and "checks of this store are paused" in skipped.reason
    store.record_check(skipped)
    assert health(store).consecutive_failures == 1


# -- Retry-After holds every worker ---------------------------------------------------------------


def test_two_workers_clients_send_nothing_to_a_host_that_asked_them_to_wait(shopify, sample_store):
    first, second = store_client.new_worker_client(), store_client.new_worker_client()
    sample_store.set_fault("shopify", status=429, retry_after="600")
    result = scrapers.search(shopify.scraper_config(), "Lightning Bolt", client=first)
    assert result.status == "error" and result.retry_at is not None
    sent = sample_store.requests("shopify")
    sample_store.set_fault("shopify")  # fine again, but it asked for ten minutes
    later = scrapers.search(shopify.scraper_config(), "Lightning Bolt", client=second)
    assert later.status == "error" and later.skipped and "asked us to wait" in later.reason
    assert sample_store.requests("shopify") == sent and second.requests_made == 0


def test_a_store_that_sends_retry_after_is_not_checked_by_any_worker_before_then(
    shopify, sample_store, bolt, monkeypatch
):
    sample_store.set_fault("shopify", status=429, retry_after="600")
    assert pipeline.check_store_card(shopify.pk, bolt.pk) == "error"
    paused = health(shopify)
    assert paused.is_paused and paused.consecutive_failures == 1
    assert timedelta(minutes=9) < paused.paused_until - timezone.now() <= timedelta(minutes=10)
    sent = sample_store.requests("shopify")

    sample_store.set_fault("shopify")
    another_worker(monkeypatch)
    # As if the answer had gone stale: in the cache and in the latest-answer table behind it.
    cache.delete(result_key(shopify.pk, bolt.pk))
    LatestAnswer.objects.filter(store=shopify, card=bolt).update(checked_at=timezone.now() - timedelta(hours=2))
    assert pipeline.check_store_card(shopify.pk, bolt.pk) == "error"
    assert sample_store.requests("shopify") == sent
    after = health(shopify)
    assert after.consecutive_failures == 1 and after.paused_until == paused.paused_until
    assert "checks of this store are paused" in StoreCheck.objects.filter(store=shopify).order_by("-pk").first().reason


# -- one client path, one rule for a 4xx ---------------------------------------------------------


def test_a_4xx_is_a_store_failure_on_every_path(shopify, sample_store, bolt, admin_client):
    sample_store.set_fault("shopify", status=404)

    assert pipeline.check_store_card(shopify.pk, bolt.pk) == "error"
    assert StoreCheck.objects.get(store=shopify).reason == NOT_FOUND_REASON
    assert health(shopify).consecutive_failures == 1

    page = admin_client.get(reverse("admin:stores_store_test", args=[shopify.pk]), {"card": "Opt"})
    assert NOT_FOUND_REASON.replace("'", "&#x27;") in page.content.decode()
    assert health(shopify).consecutive_failures == 2

    code, err = scrape("Opt", "--store", shopify.slug)
    assert code == 1 and NOT_FOUND_REASON in err
    assert health(shopify).consecutive_failures == 3

    checked = run_manage("check_store", shopify.slug, "--card", "Opt")
    assert checked.code == 1 and NOT_FOUND_REASON in checked.out
    after = health(shopify)
    assert after.consecutive_failures == 4 and after.last_error_reason == NOT_FOUND_REASON


def test_the_admin_test_and_scrape_go_through_the_workers_shared_client(shopify, sample_store, admin_client):
    # Another worker was told to wait: only a client on the shared (cache) limiter can know.
    CacheRateLimiter().hold(urlsplit(sample_store.url).netloc, 600)

    page = admin_client.get(reverse("admin:stores_store_test", args=[shopify.pk]), {"card": "Opt"})
    assert "asked us to wait" in page.content.decode()
    code, err = scrape("Opt", "--store", shopify.slug)
    assert code == 1 and "asked us to wait" in err
    definition = {"platform": "shopify", "url": shopify.homepage}
    code, err = scrape("Opt", "--platform", definition["platform"], "--url", definition["url"],
                       "--platform-settings", json.dumps(shopify.settings))
    assert code == 1 and "asked us to wait" in err
    assert sample_store.requests("shopify") == 0
    # Skipped calls are not failures of the store.
    assert health(shopify).consecutive_failures == 0


def test_checks_are_queued_under_the_path_of_the_real_function():
    """A worker imports a queued check by its dotted path: the path must name the function (a task
    queued under a path that no longer exists is dropped, docs/architecture.md)."""
    assert pydoc.locate(pipeline.CHECK_TASK) is pipeline.check_store_card
