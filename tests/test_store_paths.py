"""Every store with a listing starts in `auto`, which reads it the way robots.txt allows: a store
whose search is disallowed syncs before its first check is answered, whatever its demand, and is
never searched; the admin, `check_store` and `add_store` say which path a store uses and why.
Real HTTP to the sample store, serving robots.txt files shaped like Shopify's."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_q.models import OrmQ

from availability.checks.models import LatestAnswer, QueuedCheck, StoreCheck
from availability.checks.pipeline import check_store_card
from cards.wishlist.models import TrackedCard
from scrapers.sample_store import sample_store_definitions
from scrapers.sync import supports_sync
from stores.client import worker_client
from stores.directory import load_directory
from stores.inventory import modes
from stores.inventory.first_sync import WaitingForSync
from stores.inventory.models import StoreSync
from stores.inventory.tasks import sync_store_task
from stores.models import Store

pytestmark = pytest.mark.django_db(databases="__all__")  # a check pushes its answer through the channel layer

# Shopify's default robots.txt before `Allow: /search/`, for the sample Shopify store (which lives
# under /shopify on the sample server, whose one robots.txt serves every store).
OLDER_SHOPIFY = "User-agent: *\nDisallow: /shopify/cart\nDisallow: /shopify/search\n"
# Today's default: the JSON search is allowed (the longest rule wins), the HTML search is not.
SHOPIFY_DEFAULT = ("User-agent: *\nDisallow: /shopify/cart\nDisallow: /shopify/search\n"
                   "Allow: /shopify/search/\nDisallow: /shopify/search/?*\n")


def sample_row(server, platform: str, **fields) -> Store:
    definition = next(d for d in sample_store_definitions(server.url) if d["platform"] == platform)
    return Store.objects.create(
        name=definition["name"], slug=definition["slug"], homepage=definition["homepage"], platform=platform,
        settings=definition["settings"], currency=definition["currency"], requests_per_second=1000, **fields,
    )


def queued(func: str) -> list[OrmQ]:
    return [task for task in OrmQ.objects.all() if task.func() == func]


def read_robots(store: Store) -> None:
    """What a worker's first request to the store does: read its robots.txt into the shared cache."""
    worker_client().robots_file(store.homepage)


# -- the default ------------------------------------------------------------------------------------


def test_a_new_store_starts_in_auto(make_store) -> None:
    assert make_store().inventory_mode == "auto"


def test_the_directory_leaves_every_store_with_a_listing_in_auto(db) -> None:
    call_command("sync_store_directory", stdout=StringIO())
    with_listing = [entry["slug"] for entry in load_directory() if supports_sync(entry["platform"])]
    assert len(with_listing) >= 20
    assert set(Store.objects.filter(slug__in=with_listing).values_list("inventory_mode", flat=True)) == {"auto"}
    # Before any worker read its robots.txt the web process assumes the search: no request from here.
    shopify = Store.objects.filter(platform="shopify").first()
    assert modes.decide(shopify).path.why == "robots.txt not read yet"


# -- a store whose search robots.txt disallows -------------------------------------------------------


@pytest.fixture
def older_shop(sample_store, alice, choose, bolt):
    """A Shopify store whose robots.txt predates `Allow: /search/`, with a shopper tracking one card."""
    sample_store.set_robots(OLDER_SHOPIFY)
    store = sample_row(sample_store, "shopify")
    choose(alice, store)
    TrackedCard.objects.create(user=alice, card=bolt)
    return store


def test_a_store_whose_search_is_disallowed_syncs_whatever_its_demand(older_shop) -> None:
    read_robots(older_shop)
    decision = modes.decide(older_shop)
    assert modes.demand(older_shop) == 1 and decision.syncs_first
    assert decision.why == ("auto: syncs from its first check, whatever its demand, because the store's "
                            "robots.txt disallows /shopify/search/suggest.json")
    assert modes.stores_to_sync() == [older_shop]


def test_its_first_check_waits_for_a_sync_and_then_answers_from_the_index_never_searching(
    older_shop, sample_store, bolt
) -> None:
    with worker_client().record_requests() as log:
        assert check_store_card(older_shop.pk, bolt.pk) == WaitingForSync.status
        assert check_store_card(older_shop.pk, bolt.pk) == WaitingForSync.status  # asked again meanwhile
    assert [r.url.rsplit("/", 1)[1] for r in log] == ["robots.txt"]  # read once; nothing else sent
    assert not StoreCheck.objects.exists()  # no answer yet: the cell keeps "checking…"
    [sync_task] = queued("stores.inventory.tasks.sync_store_task")  # one sync, however many checks ask

    with worker_client().record_requests() as sync_log:
        assert sync_store_task(*sync_task.args(), **sync_task.kwargs()) == "ok"
    assert sync_log.records and all("/shopify/products.json?" in r.url for r in sync_log)  # the listing only
    # The waiting card is answered from the new index by the sync's task itself, in one pass for the
    # store's cards (availability/checks/bulk.py): no check task is queued, no request sent.
    assert not QueuedCheck.objects.exists()
    assert all("/shopify/products.json?" in r.url for r in sync_log)
    check = StoreCheck.objects.get(store=older_shop, card=bolt)
    assert check.requests == 0 and check.offers.count() == 9  # every in-stock Lightning Bolt copy
    assert StoreSync.objects.get(store=older_shop).status == "ok"


def test_a_failed_first_sync_answers_a_store_error_not_not_in_stock(older_shop, sample_store, bolt) -> None:
    assert check_store_card(older_shop.pk, bolt.pk) == WaitingForSync.status
    sample_store.set_fault("shopify", status=503)
    [sync_task] = queued("stores.inventory.tasks.sync_store_task")
    assert sync_store_task(*sync_task.args(), **sync_task.kwargs()) == "failed"

    [check_task] = QueuedCheck.objects.all()
    assert check_store_card(check_task.store_id, check_task.card_id) == "error"
    answer = LatestAnswer.objects.get(store=older_shop, card=bolt)
    assert answer.status == "error"
    assert answer.reason.startswith("inventory sync failed on page 1: the store answered with a server error")
    assert "robots.txt disallows /shopify/search/suggest.json" in answer.reason


def test_a_store_an_admin_set_to_search_searches_and_says_robots_txt_refuses(older_shop, bolt) -> None:
    Store.objects.filter(pk=older_shop.pk).update(inventory_mode="search")
    assert check_store_card(older_shop.pk, bolt.pk) == "error"
    check = StoreCheck.objects.get(store=older_shop, card=bolt)
    assert "robots.txt disallows our searches (/shopify/search/suggest.json)" in check.reason
    assert not queued("stores.inventory.tasks.sync_store_task")


def test_a_store_whose_search_is_allowed_searches_as_before(sample_store, alice, choose, bolt) -> None:
    sample_store.set_robots(SHOPIFY_DEFAULT)
    store = sample_row(sample_store, "shopify")
    choose(alice, store)
    TrackedCard.objects.create(user=alice, card=bolt)
    assert check_store_card(store.pk, bolt.pk) == "ok"
    assert StoreCheck.objects.get(store=store, card=bolt).requests > 0  # searched
    assert modes.decide(store).path.describe() == (
        "Shopify JSON search (/shopify/search/suggest.json, allowed by robots.txt)")


# -- saying which path and why -------------------------------------------------------------------------


def test_check_store_tries_the_listing_of_a_store_whose_search_is_disallowed(older_shop) -> None:
    out = StringIO()
    call_command("check_store", older_shop.slug, "--card", "Sol Ring", stdout=out)
    text = out.getvalue()
    assert ("Path: whole-inventory sync of /shopify/products.json "
            "(the store's robots.txt disallows /shopify/search/suggest.json)") in text
    assert "/shopify/products.json?limit=250&page=1 -> 200" in text
    assert "suggest.json?" not in text and "page=2" not in text  # no search, one listing page
    assert "Verdict: recognised: 2 offers of Sol Ring in stock on the first listing page" in text


def test_add_store_shows_the_path_and_probes_it(sample_store, db) -> None:
    sample_store.set_robots(OLDER_SHOPIFY)
    out = StringIO()
    call_command("add_store", sample_store.base_url("shopify"), "--yes", stdout=out)
    text = out.getvalue()
    assert "Path: whole-inventory sync of /shopify/products.json" in text
    assert "Verdict: recognised: 2 offers of Sol Ring in stock on the first listing page" in text
    assert "suggest.json?" not in text
    assert Store.objects.get().inventory_mode == "auto"


def test_the_admin_shows_each_stores_path(older_shop, client, make_user) -> None:
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:stores_store_change", args=[older_shop.pk])).content.decode()
    assert "Shopify JSON search (/shopify/search/suggest.json, robots.txt not read yet)" in page
    read_robots(older_shop)
    page = client.get(reverse("admin:stores_store_change", args=[older_shop.pk])).content.decode()
    assert ("whole-inventory sync of /shopify/products.json (the store&#x27;s robots.txt disallows "
            "/shopify/search/suggest.json)") in page
    assert "syncs from its first check, whatever its demand" in page
    listing = client.get(reverse("admin:stores_store_changelist")).content.decode()
    assert "whole-inventory sync" in listing


def test_add_store_from_url_in_the_admin_shows_the_path(sample_store, client, make_user) -> None:
    sample_store.set_robots(OLDER_SHOPIFY)
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    page = client.post(reverse("admin:stores_store_add_from_url"), {"url": sample_store.base_url("shopify")})
    text = page.content.decode()
    assert "whole-inventory sync of /shopify/products.json" in text
    assert "2 offers of Sol Ring in stock on the first listing page" in text
