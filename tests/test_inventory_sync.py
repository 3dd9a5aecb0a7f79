"""Inventory sync on the Django side: stores synced from the sample store answer checks from their
index, the mode switches on demand, and a sync that breaks half-way keeps the previous index."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

import scrapers
from availability.checks.models import StoreCheck
from availability.checks.pipeline import check_store_card
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from scrapers.http import LocalRateLimiter
from scrapers.sample_store import sample_store_definitions
from stores.inventory import modes
from stores.inventory.index import answer_from_index
from stores.inventory.models import InventoryItem, StoreSync
from stores.inventory.sync import sync_store
from stores.models import Store
from stores.ratelimit import CacheRateLimiter
from tests.support.fake_time import FakeTime


def sample_store_row(server, platform: str, **fields) -> Store:
    definition = next(d for d in sample_store_definitions(server.url) if d["platform"] == platform)
    return Store.objects.create(
        name=definition["name"], slug=definition["slug"], homepage=definition["homepage"], platform=platform,
        settings=definition["settings"], currency=definition["currency"], requests_per_second=1000,
        **fields,
    )


class BreakStoreAfter:
    """A limiter that breaks the sample store once `requests` requests went through, as a store
    that goes down in the middle of a sync does."""

    def __init__(self, server, platform: str, requests: int) -> None:
        self.server, self.platform, self.left = server, platform, requests
        self.limiter = LocalRateLimiter()

    def reserve(self, host: str, interval: float) -> float:
        self.left -= 1
        if self.left < 0:
            self.server.set_fault(self.platform, status=503)
        return self.limiter.reserve(host, interval)

    def __getattr__(self, name: str):
        return getattr(self.limiter, name)  # the rest of the limiter (waits a store asked for)


def breaking_client(server, after_requests: int) -> scrapers.HttpClient:
    """No retries: the page that meets the fault fails at once."""
    limiter = BreakStoreAfter(server, "shopify", after_requests)
    return scrapers.HttpClient(scrapers.ClientSettings(retries=0), limiter=limiter)


def offers_json(result: scrapers.SearchResult) -> list[dict]:
    return sorted((offer.to_json() for offer in result.offers), key=str)


@pytest.fixture
def synced_shop(sample_store, db):
    store = sample_store_row(sample_store, "shopify", inventory_mode="sync")
    sync = sync_store(store, scrapers.HttpClient())
    assert sync.status == "ok", sync.error
    return store


def test_a_sync_stores_every_in_stock_offer_under_its_card(synced_shop):
    sync = StoreSync.objects.get(store=synced_shop)
    assert sync.pages == 10 and sync.products > 2000
    assert InventoryItem.objects.filter(sync=sync).count() == sync.offers
    assert InventoryItem.objects.filter(sync=sync, card_key="lightning bolt").count() >= 6


def test_a_sync_keeps_the_time_each_listing_page_was_read(synced_shop):
    """An answer from the index is as old as its page (tests/availability/test_index_answer_times.py)."""
    sync = StoreSync.objects.get(store=synced_shop)
    times = sorted(set(InventoryItem.objects.filter(sync=sync).values_list("read_at", flat=True)))
    assert len(times) == sync.pages  # one time per page, every item stamped
    assert sync.started_at <= times[0] and times[-1] <= sync.finished_at



class RecordingCacheLimiter(CacheRateLimiter):
    """The limiter every worker shares (in the cache), remembering the slot of each request."""

    def __init__(self, time: FakeTime) -> None:
        super().__init__(clock=time.clock, sleep=time.sleep)
        self.time, self.slots = time, []

    def reserve(self, host: str, interval: float) -> float:
        wait = super().reserve(host, interval)
        self.slots.append(self.time.clock() + wait)
        return wait


def test_a_sync_spreads_its_pages_over_the_store_rate_limit_shared_by_all_workers(sample_store, db):
    store = sample_store_row(sample_store, "woocommerce", inventory_mode="sync")
    store.requests_per_second = 2
    time = FakeTime()
    limiter = RecordingCacheLimiter(time)

    sync = sync_store(store, scrapers.HttpClient(limiter=limiter, clock=time.clock, sleep=time.sleep))

    assert sync.status == "ok" and sync.pages > 20
    assert sync.requests == sample_store.requests("woocommerce") == len(limiter.slots)
    gaps = [later - earlier for earlier, later in zip(limiter.slots, limiter.slots[1:])]
    assert min(gaps) >= 0.5


def test_a_check_of_a_synced_store_is_answered_from_its_index_with_no_request(
    synced_shop, sample_store, bolt
):
    searched = scrapers.search(synced_shop.scraper_config(), "Lightning Bolt", scrapers.HttpClient())
    sample_store.reset()

    assert check_store_card(synced_shop.pk, bolt.pk) == "ok"

    assert sample_store.requests() == 0
    check = StoreCheck.objects.get(store=synced_shop, card=bolt)
    assert check.requests == 0
    assert check.offers.count() == len(searched.offers) > 0
    stored = sorted(check.offers.values_list("variant_id", flat=True))
    assert stored == sorted(offer.variant_id for offer in searched.offers)


def test_a_stale_index_is_not_used_and_the_check_searches(synced_shop, sample_store, bolt):
    two_hours = timedelta(hours=2)
    sync = StoreSync.latest_good(synced_shop)
    StoreSync.objects.filter(pk=sync.pk).update(started_at=sync.started_at - two_hours,
                                                finished_at=sync.finished_at - two_hours)
    assert answer_from_index(synced_shop, "Lightning Bolt") is None
    sample_store.reset()
    check_store_card(synced_shop.pk, bolt.pk)
    assert sample_store.requests("shopify") > 0


def test_a_store_in_search_mode_ignores_its_index(synced_shop):
    synced_shop.inventory_mode = "search"
    assert answer_from_index(synced_shop, "Lightning Bolt") is None


def test_a_sync_failing_half_way_keeps_the_previous_index_and_says_so(synced_shop, sample_store, bolt):
    before = offers_json(answer_from_index(synced_shop, "Lightning Bolt"))
    good = StoreSync.latest_good(synced_shop)
    breaking = breaking_client(sample_store, after_requests=4)

    failed = sync_store(synced_shop, breaking)

    assert failed.status == "failed" and failed.pages == 4
    assert failed.error.startswith("page 5: ") and "503" in failed.error
    assert not InventoryItem.objects.filter(sync=failed).exists()
    assert StoreSync.latest_good(synced_shop) == good
    sample_store.reset()
    assert offers_json(answer_from_index(synced_shop, "Lightning Bolt")) == before
    synced_shop.refresh_from_db()
    assert synced_shop.health == "failing"
    assert "inventory sync failed on page 5" in synced_shop.last_error_reason
    assert "still answer from the index synced" in synced_shop.last_error_reason


def test_the_admin_shows_the_mode_and_a_failed_sync(synced_shop, sample_store, client, make_user):
    breaking = breaking_client(sample_store, after_requests=2)
    sync_store(synced_shop, breaking)
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:stores_store_change", args=[synced_shop.pk])).content.decode()
    assert "Sync the whole inventory" in page
    assert "last sync FAILED" in page and "the index above is still in use" in page
    assert "fresh, answering checks" in page


# -- automatic mode --------------------------------------------------------------------------------


def track(user, *names: str) -> None:
    for name in names:
        card, _ = Card.objects.get_or_create(name=name, defaults={"layout": "normal"})
        TrackedCard.objects.create(user=user, card=card)


@pytest.fixture
def auto_shop(sample_store, alice, choose):
    store = sample_store_row(sample_store, "shopify", inventory_mode="auto")
    choose(alice, store)
    return store


def test_auto_mode_syncs_once_demand_outgrows_what_a_sync_costs(auto_shop, sample_store, alice, settings):
    settings.INVENTORY_FIRST_SYNC_REQUESTS = 6
    track(alice, "Lightning Bolt", "Counterspell")  # 4 requests a period: searching is cheaper than learning
    assert not modes.decide(auto_shop).syncs
    assert modes.stores_to_sync() == []

    track(alice, "Opt")  # 6 requests a period: worth a first sync to learn its cost
    assert modes.stores_to_sync() == [auto_shop]
    call_command("sync_inventories", stdout=StringIO())
    learnt = StoreSync.latest_good(auto_shop)
    assert learnt.requests == 11  # ten pages of 250 products, and the store's robots.txt read once

    # The index is fresh, and a sync (10 requests) now costs more than searching 3 cards (6).
    assert answer_from_index(auto_shop, "Opt") is not None
    assert not modes.decide(auto_shop).syncs
    an_hour = timedelta(hours=1)
    StoreSync.objects.filter(pk=learnt.pk).update(started_at=learnt.started_at - an_hour,
                                                  finished_at=learnt.finished_at - an_hour)
    assert modes.stores_to_sync() == []
    assert answer_from_index(auto_shop, "Opt") is None  # stale: checks search again

    track(alice, "Ponder", "Sol Ring", "Fire // Ice")  # 12 requests a period > 10
    assert modes.decide(auto_shop).syncs
    call_command("sync_inventories", stdout=StringIO())
    assert StoreSync.objects.filter(store=auto_shop, status="ok").count() == 2
    assert answer_from_index(auto_shop, "Ponder").status == "ok"


def test_a_store_in_sync_mode_is_due_again_before_its_index_goes_stale(synced_shop):
    sync = StoreSync.latest_good(synced_shop)
    ttl = synced_shop.cache_ttl
    assert not modes.sync_is_due(synced_shop, sync.finished_at + ttl / 2)
    assert modes.sync_is_due(synced_shop, sync.finished_at + ttl - (sync.duration or timedelta()))


def test_the_command_syncs_named_stores_and_reports_them(synced_shop):
    out = StringIO()
    call_command("sync_inventories", synced_shop.slug, stdout=out)
    assert "products" in out.getvalue() and "10 pages" in out.getvalue()
    assert StoreSync.objects.filter(store=synced_shop, status="ok").count() == 2
    # Only the newest index keeps its items.
    newest = StoreSync.latest_good(synced_shop)
    assert set(InventoryItem.objects.values_list("sync", flat=True)) == {newest.pk}


def test_an_admin_queues_a_sync_that_the_worker_task_runs(synced_shop, sample_store, client, make_user):
    from django_q.models import OrmQ

    from stores.inventory.tasks import sync_store_task

    conduct = sample_store_row(sample_store, "conduct")
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    action = {"action": "sync_inventory", "_selected_action": [synced_shop.pk, conduct.pk]}
    response = client.post(reverse("admin:stores_store_changelist"), action, follow=True)
    page = response.content.decode()
    assert "Queued an inventory sync of 1 store." in page
    assert f"Skipped, as their platform has no listing to sync: {conduct.name}." in page
    assert [task.func() for task in OrmQ.objects.all()] == ["stores.inventory.tasks.sync_store_task"]
    assert sync_store_task(synced_shop.pk) == "ok"
    assert StoreSync.objects.filter(store=synced_shop, status="ok").count() == 2


def test_a_sync_honours_robots_txt_like_a_search(sample_store, db):
    """The worker's client reads robots.txt for syncs too: a listing it disallows is not read."""
    store = sample_store_row(sample_store, "shopify", inventory_mode="sync")
    sample_store.set_robots("User-agent: *\nDisallow: /shopify/products.json\n")

    sync = sync_store(store)

    assert sync.status == "failed" and "robots.txt disallows" in sync.error
    assert sample_store.requests("shopify") == 0
    assert not InventoryItem.objects.filter(sync__store=store).exists()


class LookDuringSync:
    """A limiter that, before request `at`, reads the store's index as a check would meanwhile."""

    def __init__(self, store: Store, card: str, at: int) -> None:
        self.store, self.card, self.left = store, card, at
        self.limiter = LocalRateLimiter()
        self.seen: scrapers.SearchResult | None = None
        self.staged = 0

    def reserve(self, host: str, interval: float) -> float:
        self.left -= 1
        if self.left == 0:
            self.seen = answer_from_index(self.store, self.card)
            self.staged = InventoryItem.objects.filter(sync__store=self.store, sync__status="running").count()
        return self.limiter.reserve(host, interval)

    def __getattr__(self, name: str):
        return getattr(self.limiter, name)


def test_an_endless_listing_stops_at_the_product_cap_and_the_old_index_stays(
    synced_shop, sample_store, settings
):
    before = offers_json(answer_from_index(synced_shop, "Lightning Bolt"))
    good = StoreSync.latest_good(synced_shop)
    settings.INVENTORY_MAX_PRODUCTS = 600
    sample_store.set_fault("shopify", hostile="endless")  # 250 products on every page, for ever
    look = LookDuringSync(synced_shop, "Lightning Bolt", at=3)

    failed = sync_store(synced_shop, scrapers.HttpClient(limiter=look))

    assert failed.status == "failed" and failed.pages == 3
    assert failed.error == "stopped at 600 products: the store lists more than this app indexes"
    assert look.staged > 0 and offers_json(look.seen) == before  # pages staged as read, invisible to checks
    assert not InventoryItem.objects.filter(sync=failed).exists()  # the staged rows went with the sync
    assert StoreSync.latest_good(synced_shop) == good
    assert offers_json(answer_from_index(synced_shop, "Lightning Bolt")) == before
    synced_shop.refresh_from_db()
    assert synced_shop.health == "failing"
    assert synced_shop.last_error_reason.startswith(
        "inventory sync stopped at 600 products: the store lists more than this app indexes; "
        "checks still answer from the index synced")


def test_rows_staged_by_a_sync_that_died_are_dropped_by_the_next(synced_shop):
    dead = StoreSync.objects.create(store=synced_shop)  # a worker killed mid-sync: still "running"
    InventoryItem.objects.create(sync=dead, card_key="lightning bolt", title="Lightning Bolt", offer={})
    assert sync_store(synced_shop, scrapers.HttpClient()).status == "ok"
    assert not InventoryItem.objects.filter(sync=dead).exists()
