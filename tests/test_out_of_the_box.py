"""Stores read right out of the box, with nothing set by hand: a Shopify store serving Shopify's older
default robots.txt (the real default without `Allow: /search/`), added with `add_store` alone, syncs
from its first check and shows prices without one disallowed request; `release` leaves every
directory store with a listing in `auto`, also on a database from before `auto` was the default;
`register_sample_stores` leaves the sample stores in `auto`; the admin's store list names each
store's path. (The browser test of Shopify's current default is tests/browser/test_stores_out_of_the_box.py.)"""

from __future__ import annotations

import json
import re
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_q.models import OrmQ

from availability.checks.models import QueuedCheck
from availability.checks.pipeline import check_store_card
from cards.wishlist.models import TrackedCard
from scrapers.sync import supports_sync
from stores.client import worker_client
from stores.directory import load_directory
from stores.inventory.first_sync import WaitingForSync
from stores.inventory.tasks import sync_store_task
from stores.models import Store
from tests.support.processes import app_environment, manage
from tests.support.robots_log import disallowed_requests, older_shopify_default


def queued(func: str) -> list[OrmQ]:
    return [task for task in OrmQ.objects.all() if task.func() == func]


def run_queued(task_function) -> str:
    """Run the one queued task of `task_function`, as a worker would, and take it off the queue
    (checks wait in their own queue, availability/checks/queue.py)."""
    if task_function is check_store_card:
        [check] = QueuedCheck.objects.all()
        check.delete()
        return check_store_card(check.store_id, check.card_id, max_age_seconds=check.max_age_seconds)
    [task] = queued(f"{task_function.__module__}.{task_function.__name__}")
    task.delete()
    return task_function(*task.args(), **task.kwargs())


@pytest.mark.django_db(databases="__all__")  # a check pushes its answer through the channel layer
def test_a_shopify_store_on_the_older_default_robots_txt_syncs_from_its_first_check_and_shows_prices(
    sample_store, alice, alice_client, choose, bolt
) -> None:
    older = older_shopify_default()
    sample_store.set_robots(older, platform="shopify")
    out = StringIO()
    call_command("add_store", sample_store.base_url("shopify"), "--yes", stdout=out)
    assert ("Path: whole-inventory sync of /shopify/products.json (the store's robots.txt disallows "
            "/shopify/search/suggest.json)") in out.getvalue()
    store = Store.objects.get()
    assert store.inventory_mode == "auto" and store.settings == {}
    choose(alice, store)
    TrackedCard.objects.create(user=alice, card=bolt)  # one card: far below any demand that would sync

    assert check_store_card(store.pk, bolt.pk) == WaitingForSync.status  # its first check asks for a sync
    assert run_queued(sync_store_task) == "ok"  # the listing, page by page; the waiting card is
    assert queued(f"{check_store_card.__module__}.check_store_card") == []  # answered from the index by it

    cell = re.search(rf'<td class="cell [^"]*"[^>]*data-store="{store.slug}".*?</td>',
                     alice_client.get(reverse("dashboard")).content.decode(), re.DOTALL)
    assert cell and 'class="cell in_stock"' in cell.group(0) and "USD 1.99" in cell.group(0)
    paths = [request.path for request in sample_store.request_log("shopify")]
    assert any(path.startswith("/shopify/products.json?") for path in paths)
    assert not [path for path in paths if "/search" in path]  # never searched, not even by add_store
    assert disallowed_requests(sample_store, "shopify", older) == []


# -- release and the sample stores leave stores in auto ---------------------------------------------------

MODES = ("import json; from stores.models import Store; "
         "print(json.dumps(dict(Store.objects.values_list('slug', 'inventory_mode'))))")
WITH_LISTING = {entry["slug"] for entry in load_directory() if supports_sync(entry["platform"])}
# A database from before `auto` was the default: the directory's stores made on the old schema, in
# `search` (the old default), as a deploy before this change left them. Written through the model as
# it was at that migration: today's Store has columns the old schema lacks.
OLD_DATABASE = (
    "from django.db import connection; from django.db.migrations.loader import MigrationLoader; "
    "from stores.directory import STORE_FIELDS, load_directory; "
    "Store = MigrationLoader(connection).project_state(('stores', '0003_store_country')).apps"
    ".get_model('stores', 'Store'); "
    "[Store.objects.create(slug=e['slug'], inventory_mode='search', **{f: e[f] for f in STORE_FIELDS if f in e}) "
    "for e in load_directory()]"
)


def directory_modes(env: dict) -> dict[str, str]:
    modes = json.loads(manage(env, "shell", "-c", MODES).strip().splitlines()[-1])
    return {slug: mode for slug, mode in modes.items() if slug in WITH_LISTING}


@pytest.mark.pinned_configuration("zero-service default")
@pytest.mark.processes
def test_release_leaves_every_directory_store_with_a_listing_in_auto(tmp_path) -> None:
    env = app_environment(tmp_path)
    manage(env, "release")
    modes = directory_modes(env)
    assert set(modes) == WITH_LISTING and len(modes) >= 20
    assert set(modes.values()) == {"auto"}


@pytest.mark.pinned_configuration("zero-service default")
@pytest.mark.processes
def test_release_moves_directory_stores_made_before_auto_was_the_default_to_auto(tmp_path) -> None:
    env = app_environment(tmp_path)
    manage(env, "migrate", "stores", "0003_store_country")
    manage(env, "shell", "-c", OLD_DATABASE)
    assert set(directory_modes(env).values()) == {"search"}
    manage(env, "release")
    modes = directory_modes(env)
    assert set(modes) == WITH_LISTING and set(modes.values()) == {"auto"}


@pytest.mark.django_db
def test_the_sample_stores_a_laptop_registers_are_in_auto(sample_store) -> None:
    call_command("register_sample_stores", url=sample_store.url, stdout=StringIO())
    modes = {store.platform: store.inventory_mode for store in Store.objects.all() if supports_sync(store.platform)}
    assert set(modes) == {"crystal_commerce", "shopify", "binderpos", "woocommerce"}
    assert set(modes.values()) == {"auto"}


# -- the admin's store list ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_store_list_names_each_stores_path(sample_store, client, make_user) -> None:
    call_command("register_sample_stores", url=sample_store.url, stdout=StringIO())
    sample_store.set_robots(older_shopify_default(), platform="shopify")
    sample_store.set_robots("User-agent: *\nDisallow: /products/search\n", platform="crystal_commerce")
    for store in Store.objects.filter(platform__in=["shopify", "crystal_commerce"]):
        worker_client().robots_file(store.homepage)  # as a worker's first request does
    Store.objects.filter(slug="sample-crystal-commerce").update(inventory_mode="search")
    Store.objects.filter(slug="sample-woocommerce").update(inventory_mode="sync")
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:stores_store_changelist")).content.decode()
    reads_by = dict(re.findall(r'<a href="/admin/stores/store/\d+/change/">([^<]+)</a>.*?'
                               r'<td class="field-reads_by">([^<]*)</td>', page, re.DOTALL))
    assert {name: unescape(path) for name, path in reads_by.items()} == {
        "Sample Games (BinderPOS theme)": "BinderPOS theme search page",
        "Sample Games (BinderPOS)": "BinderPOS API",
        "Sample Games (Conduct Commerce)": "Conduct Commerce API search",
        "Sample Games (Crystal Commerce)": ("Crystal Commerce search (mode: search), though the store's "
                                            "robots.txt disallows /crystal_commerce/products/search"),
        "Sample Games (Shopify)": "whole-inventory sync",  # its search disallowed: auto reads its listing
        "Sample Games (TCGplayer Pro)": "TCGplayer Pro catalog search",
        "Sample Games (WooCommerce)": "whole-inventory sync (mode: sync)",
        "Sample Games (custom site)": "custom search page",
    }
