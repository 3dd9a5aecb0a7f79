"""`manage.py scrape` against the sample store server, for every platform, both ways of naming a store."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from scrapers.sample_store import sample_store_definitions
from stores.models import Store
from tests.support.commandline import run_manage

OFFER_FIELDS = {
    "name", "set_name", "set_code", "collector_number", "finish", "condition", "language", "price",
    "currency", "quantity", "url", "variant_id",
}


def scrape(*args: str) -> tuple[int, str, str]:
    ran = run_manage("scrape", *args)
    return ran.code, ran.out, ran.err


def definitions(server) -> list[dict]:
    return sample_store_definitions(server.url)


@pytest.fixture
def registered(sample_store, db):
    call_command("register_sample_stores", "--url", sample_store.url, stdout=StringIO())
    return sample_store


@pytest.mark.parametrize("index", range(8), ids=lambda i: ["cc", "shopify", "binderpos", "conduct", "tcgplayer",
                                                             "woo", "css", "binderpos-theme"][i])
def test_scrape_by_platform_and_url_prints_offers_as_json(sample_store, index, db):
    definition = definitions(sample_store)[index]
    code, out, _ = scrape(
        "Lightning Bolt", "--platform", definition["platform"], "--url", definition["base_url"],
        "--platform-settings", json.dumps(definition["settings"]), "--currency", definition["currency"], "--json",
    )
    assert code == 0
    offers = json.loads(out)
    assert offers, definition["platform"]
    for offer in offers:
        assert OFFER_FIELDS <= set(offer)
        assert offer["name"].lower().startswith("lightning bolt")
        assert offer["currency"] == definition["currency"]
        assert float(offer["price"]) > 0
    prices = [float(offer["price"]) for offer in offers]
    assert prices == sorted(prices)


@pytest.mark.parametrize("slug", [d["slug"] for d in sample_store_definitions("http://127.0.0.1:1")])
def test_scrape_by_store_slug_prints_a_table(registered, slug):
    code, out, _ = scrape("Counterspell", "--store", slug)
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["Price", "Cond", "Finish"]
    assert "Counterspell" in out


def test_no_offers_prints_an_empty_array_and_exits_0(registered):
    code, out, err = scrape("Black Lotus", "--store", "sample-shopify", "--json")
    assert (code, json.loads(out), err) == (0, [], "")


def test_a_store_error_exits_1_with_a_one_line_reason(registered):
    registered.set_fault("crystal_commerce", malformed=True)
    code, out, err = scrape("Lightning Bolt", "--store", "sample-crystal-commerce", "--json")
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "results page not recognised" in err


def test_a_store_that_is_down_exits_1_and_says_so(registered):
    registered.set_fault("woocommerce", status=503)
    code, _, err = scrape("Lightning Bolt", "--store", "sample-woocommerce")
    assert code == 1
    assert "503" in err or "unavailable" in err.lower() or "down" in err.lower(), err


def test_invalid_settings_are_refused_before_any_request(sample_store):
    with pytest.raises(Exception) as refused:
        call_command("scrape", "Sol Ring", "--platform", "binderpos", "--url", sample_store.base_url("binderpos"),
                     "--platform-settings", '{"mode": "scrape"}')
    assert "'mode' must be one of 'api', 'html'" in str(refused.value)
    assert sample_store.requests("binderpos") == 0


def test_registering_sample_stores_twice_keeps_one_per_definition(registered):
    call_command("register_sample_stores", "--url", registered.url, stdout=StringIO())
    assert Store.objects.filter(slug__startswith="sample-").count() == len(definitions(registered))


def test_manage_py_takes_platform_settings_as_settings(sample_store, tmp_path):
    """The documented command line, run as a user runs it."""
    import subprocess
    import sys

    from tests.support.processes import ROOT

    definition = next(d for d in definitions(sample_store) if d["platform"] == "binderpos")
    # The sample store listens on 127.0.0.1, which a site allows only when told (as `make run` does).
    env = {"PATH": "/usr/bin:/bin", "DATA_DIR": str(tmp_path), "ALLOW_PRIVATE_STORE_ADDRESSES": "true"}
    # The cache holds the rate limits the command shares with the workers (`release` makes it).
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True,
                   timeout=60)
    result = subprocess.run(
        [sys.executable, "manage.py", "scrape", "Sol Ring", "--platform", "binderpos", "--url",
         definition["base_url"], "--settings", json.dumps(definition["settings"]), "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert {offer["name"].split(" [")[0] for offer in json.loads(result.stdout)} == {"Sol Ring"}
