"""The migration that makes `auto` the default moves every store still on the old default (`search`,
which every store was created with) to `auto`, and leaves stores set to another mode alone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE, AFTER = [("stores", "0003_store_country")], [("stores", "0004_inventory_mode_auto")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_stores_on_the_old_default_move_to_auto_and_chosen_modes_stay():
    Store = _migrate(BEFORE).get_model("stores", "Store")
    modes = {"left-alone": None, "searching": "search", "syncing": "sync", "automatic": "auto"}
    for slug, mode in modes.items():
        fields = {"inventory_mode": mode} if mode else {}
        Store.objects.create(slug=slug, name=slug, homepage=f"https://{slug}.example", platform="shopify", **fields)
    assert Store.objects.get(slug="left-alone").inventory_mode == "search"  # the old default

    Store = _migrate(AFTER).get_model("stores", "Store")
    after = dict(Store.objects.values_list("slug", "inventory_mode"))
    assert after == {"left-alone": "auto", "searching": "auto", "syncing": "sync", "automatic": "auto"}
    Store.objects.create(slug="new", name="new", homepage="https://new.example", platform="woocommerce")
    assert Store.objects.get(slug="new").inventory_mode == "auto"
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
