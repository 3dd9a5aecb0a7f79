"""The migration that gives stores a record of what the app wrote (`shipped_values`) records what
`make run` wrote to the sample stores, so the next one follows their server to another port while a
sample store an admin disabled before the upgrade stays disabled, and leaves every other store
without a record: a directory store from before is the admins', as the release step treated it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from stores.models import Store as StoreNow
from stores.provisioning import Outcome, provision

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE, AFTER = [("stores", "0004_inventory_mode_auto")], [("stores", "0005_store_shipped_values")]
SAMPLE = {"name": "Sample Games (Shopify)", "homepage": "http://127.0.0.1:8765/shopify", "platform": "shopify",
          "settings": {}, "currency": "USD", "region": "Sample stores (local)", "city": "localhost",
          "requests_per_second": 5.0, "enabled": False}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_sample_stores_are_recorded_as_shipped_and_other_stores_are_the_admins():
    Store = _migrate(BEFORE).get_model("stores", "Store")
    Store.objects.create(slug="sample-shopify", **SAMPLE)  # disabled since the last `make run`
    Store.objects.create(slug="hairy-tarantula", name="Hairy T (edited)", homepage="https://hairy.example",
                         platform="crystal_commerce", region="Ontario")

    Store = _migrate(AFTER).get_model("stores", "Store")
    assert Store.objects.get(slug="sample-shopify").shipped_values == {**SAMPLE, "enabled": True}
    assert Store.objects.get(slug="hairy-tarantula").shipped_values == {}
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    # The next `make run`, with the sample store server on another port: the address follows, and
    # the admin's choice stays (the app wrote "enabled", the store holds "disabled").
    moved = {**SAMPLE, "homepage": "http://127.0.0.1:9876/shopify", "enabled": True}
    assert provision("sample-shopify", moved) == Outcome.UPDATED
    sample = StoreNow.objects.get(slug="sample-shopify")
    assert (sample.homepage, sample.enabled) == ("http://127.0.0.1:9876/shopify", False)
    directory_entry = {"name": "Hairy Tarantula", "homepage": "https://hairy.example"}
    assert provision("hairy-tarantula", directory_entry) == Outcome.KEPT
    assert StoreNow.objects.get(slug="hairy-tarantula").name == "Hairy T (edited)"
