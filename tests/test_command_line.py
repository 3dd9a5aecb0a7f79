"""Every `manage.py` command of the app keeps one contract (lgs_checker/commandline.py, README "Exit
codes"): 0 when done, 1 when a store (or a download) failed, 2 on bad input, and on 1 and 2 one line
on stderr, `error: …`, that says what went wrong.

Each command is run per outcome in-process through the shell's own path (tests/support/commandline.py),
against the sample store server; a few run as real processes, to prove the exit status a script sees.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import get_commands, load_command_class

from lgs_checker.commandline import AppCommand
from stores.models import Store
from tests.support.commandline import Ran, run_manage
from tests.support.processes import ROOT, app_environment, free_port

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ECB_DAILY = FIXTURES / "rates" / "eurofxref-daily.xml"
APP_PACKAGES = ("lgs_checker", "stores", "cards", "availability")

pytestmark = pytest.mark.django_db


def app_commands() -> dict[str, str]:
    """Every management command the app's own packages define: name -> app."""
    return {name: app for name, app in get_commands().items() if app.split(".")[0] in APP_PACKAGES}


def assert_refused(ran: Ran, code: int, *fragments: str) -> None:
    """Exit `code`, and stderr one line, `error: …`, naming each fragment."""
    assert ran.code == code, ran
    assert len(ran.error_lines) == 1 and ran.error_lines[0].startswith("error: "), ran.err
    for fragment in fragments:
        assert fragment in ran.err, (fragment, ran.err)


def assert_done(ran: Ran) -> None:
    assert (ran.code, ran.err) == (0, ""), ran


def closed_address() -> str:
    """An address where nothing listens: a connection to it is refused at once."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def registered(sample_store):
    assert_done(run_manage("register_sample_stores", "--url", sample_store.url))
    return sample_store


@contextmanager
def no_lookup() -> Iterator[None]:
    """Fails the test if anything inside resolves a host name: bad input is refused before any
    lookup (urllib3 resolves even 127.0.0.1, so nothing reaches a store either)."""
    with mock.patch.object(socket, "getaddrinfo", side_effect=AssertionError("a host name was looked up")) as lookup:
        yield
    assert not lookup.called


def write(tmp_path: Path, name: str, content: str | bytes | list) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


# -- every command ----------------------------------------------------------------------------------


def test_every_command_of_the_app_keeps_the_contract():
    commands = app_commands()
    assert {"scrape", "check_store", "add_store", "register_sample_stores", "sync_store_directory",
            "sync_inventories", "load_catalog", "parse_list", "load_rates", "fold_history", "buy_plan",
            "release", "ensure_schedules"} <= set(commands)
    for name, app in commands.items():
        assert isinstance(load_command_class(app, name), AppCommand), name


@pytest.mark.parametrize("name", sorted(app_commands()))
def test_arguments_a_command_does_not_take_are_bad_input(name):
    # Commands with required arguments name those first; the others, the one they do not take.
    assert_refused(run_manage(name, "--no-such-option"), 2, f"(see manage.py {name} --help)")


# -- stores -----------------------------------------------------------------------------------------


def test_scrape_refuses_bad_input_before_any_request_and_exits_1_when_the_store_fails(registered):
    shop = ["--platform", "shopify", "--url", registered.base_url("shopify")]
    with no_lookup():
        assert_refused(run_manage("scrape", "Lightning Bolt", "--store", "nope"), 2, "no store with the slug 'nope'")
        assert_refused(run_manage("scrape", "Lightning Bolt", "--platform", "shopify", "--url", "not-a-url"), 2,
                       "--url: 'not-a-url' is not a web address")
        assert_refused(run_manage("scrape", "Lightning Bolt", *shop, "--settings", "{shop"), 2,
                       "--settings is not valid JSON")
        assert_refused(run_manage("scrape", "Lightning Bolt", *shop, "--currency", "dollars"), 2,
                       "--currency: 'dollars' is not a currency code")
    assert registered.requests("shopify") == 0

    done = run_manage("scrape", "Counterspell", "--store", "sample-shopify")
    assert_done(done)
    assert "Counterspell" in done.out and re.search(r"\(1 request\)|\([0-9]+ requests\)", done.out)
    registered.set_fault("shopify", status=503)
    assert_refused(run_manage("scrape", "Counterspell", "--store", "sample-shopify"), 1,
                   "error: Sample Games (Shopify): ")


def test_check_store_exits_2_for_an_unknown_slug_and_1_when_the_check_is_an_error(registered):
    assert_refused(run_manage("check_store", "nope"), 2, "no store with the slug 'nope'")
    assert_done(run_manage("check_store", "sample-woocommerce", "--card", "Lightning Bolt"))
    registered.set_fault("woocommerce", malformed=True)
    failed = run_manage("check_store", "sample-woocommerce", "--card", "Lightning Bolt")
    assert_refused(failed, 1, "Sample Games (WooCommerce): ")
    assert "Verdict: not recognised" in failed.out  # the diagnosis is still shown above the line


def test_add_store_refuses_a_malformed_address_unlooked_and_exits_1_when_the_shop_cannot_be_added(sample_store):
    with no_lookup():
        assert_refused(run_manage("add_store", "not-a-url", "--yes"), 2,
                       "'not-a-url' is not a web address (like https://www.example-games.com)")
        assert_refused(run_manage("add_store", "https://shop.example", "--currency", "pesos"), 2,
                       "--currency: 'pesos' is not a currency code")

    assert_done(run_manage("add_store", sample_store.base_url("shopify"), "--yes"))
    assert_refused(run_manage("add_store", sample_store.base_url("shopify"), "--yes"), 2,
                   "is already in the directory as Sample Games (sample-games)")
    assert_refused(run_manage("add_store", sample_store.base_url("css"), "--yes"), 1, "nothing saved: unknown platform")
    assert_refused(run_manage("add_store", closed_address(), "--yes"), 1,
                   "nothing saved: the home page could not be read")
    assert Store.objects.count() == 1


def test_register_sample_stores_refuses_a_malformed_server_address(sample_store):
    assert_refused(run_manage("register_sample_stores", "--url", "sample-stores"), 2,
                   "--url: 'sample-stores' is not a web address")
    assert not Store.objects.exists()
    done = run_manage("register_sample_stores", "--url", sample_store.url)
    assert_done(done)
    assert done.out.startswith(f"8 sample stores at {sample_store.url}: 8 created")


def test_sync_store_directory_refuses_a_file_it_cannot_use_and_writes_nothing(tmp_path):
    assert_refused(run_manage("sync_store_directory", "--file", str(tmp_path / "missing.json")), 2,
                   "cannot read", "missing.json: No such file or directory")
    assert_refused(run_manage("sync_store_directory", "--file", write(tmp_path, "bad.json", "[{")), 2,
                   "bad.json is not valid JSON")
    unknown = [{"slug": "x", "name": "X", "homepage": "https://x.example", "platform": "binderpos",
                "settings": {"mode": "scrape"}}]
    assert_refused(run_manage("sync_store_directory", "--file", write(tmp_path, "entry.json", unknown)), 2,
                   "entry.json: store 'x': ")
    assert_refused(run_manage("sync_store_directory", "--file", write(tmp_path, "shape.json", [["x"]])), 2,
                   "shape.json: entry 0: expected an object with a slug and a platform")
    assert not Store.objects.exists()
    done = run_manage("sync_store_directory")
    assert_done(done)
    assert done.out.startswith("store directory: ") and " created, 0 updated, 0 unchanged" in done.out


def test_sync_inventories_exits_2_for_an_unknown_slug_and_1_when_a_sync_fails(registered):
    assert_refused(run_manage("sync_inventories", "sample-shopify", "nope"), 2, "no store with the slug 'nope'")
    done = run_manage("sync_inventories", "sample-shopify")
    assert_done(done)
    assert "sample-shopify: " in done.out and " from 10 pages (" in done.out
    registered.set_fault("shopify", status=404)
    failed = run_manage("sync_inventories", "sample-shopify")
    assert_refused(failed, 1, "sync failed: sample-shopify (")
    assert "sample-shopify: sync failed on " in failed.out


# -- cards ------------------------------------------------------------------------------------------


def test_load_catalog_tells_a_bad_file_from_a_failed_download(tmp_path):
    with no_lookup():
        assert_refused(run_manage("load_catalog", "--file", str(tmp_path / "cards.json")), 2,
                       "cannot read", "cards.json: No such file or directory")
        assert_refused(run_manage("load_catalog", "--file", write(tmp_path, "page.json", "<html>")), 2,
                       "page.json: not Scryfall JSON")
        assert_refused(run_manage("load_catalog", "--file", write(tmp_path, "empty.json", {"object": "list"})), 2,
                       "no cards in", "is it Scryfall's default_cards JSON?")
        assert_refused(run_manage("load_catalog", "--url", "scryfall"), 2, "--url: 'scryfall' is not a web address")
    assert_refused(run_manage("load_catalog", "--url", f"{closed_address()}/default-cards.json"), 1,
                   "cannot download", "could not connect")
    assert_done(run_manage("load_catalog"))


def test_parse_list_refuses_a_missing_or_non_utf8_file(tmp_path):
    assert_refused(run_manage("parse_list", str(tmp_path / "decklist.txt")), 2,
                   "decklist.txt: No such file or directory")
    assert_refused(run_manage("parse_list", write(tmp_path, "latin1.txt", "4 Æther Vial\n".encode("latin-1"))), 2,
                   "latin1.txt: not UTF-8 text")
    done = run_manage("parse_list", str(FIXTURES / "lists" / "moxfield.txt"))
    assert_done(done)
    assert done.out.startswith("format: ")


# -- availability -----------------------------------------------------------------------------------


def test_load_rates_tells_a_bad_file_from_a_failed_download(tmp_path):
    assert_refused(run_manage("load_rates", "--file", str(tmp_path / "eurofxref.xml")), 2,
                   "eurofxref.xml: No such file or directory")
    assert_refused(run_manage("load_rates", "--file", write(tmp_path, "page.xml", "<html></html>")), 2,
                   "cannot load rates from", "eurofxref")
    assert_refused(run_manage("load_rates", "--url", "ecb"), 2, "--url: 'ecb' is not a web address")
    assert_refused(run_manage("load_rates", "--url", f"{closed_address()}/eurofxref-daily.xml"), 1,
                   "cannot fetch", "could not connect")
    done = run_manage("load_rates", "--file", str(ECB_DAILY))
    assert_done(done)
    assert done.out == "loaded 5 ECB rates for 2026-11-27\n"


def test_buy_plan_holds_amounts_to_the_wishlists_rule(tmp_path):
    offers = write(tmp_path, "offers.json", [{"store": "shop-a", "card": "Lightning Bolt", "condition": "NM",
                                               "price": "2.50", "currency": "USD", "quantity": 1000}])

    def plan(wants: list, *extra: str) -> Ran:
        return run_manage("buy_plan", "--wants", write(tmp_path, "wants.json", wants), "--offers", offers, *extra)

    assert_refused(plan([{"card": "Lightning Bolt", "amount": 1000}]), 2,
                   "wants[0].amount: you can want 1 to 999 copies of Lightning Bolt; this would make 1,000")
    two_wants = [{"card": "Lightning Bolt", "amount": 500},
                 {"card": "Lightning Bolt", "amount": 500, "printings": [{"set_code": "M10"}]}]
    assert_refused(plan(two_wants), 2, "wants: you can want 1 to 999 copies of Lightning Bolt; this would make 1,000")
    assert_refused(plan([{"card": "Lightning Bolt", "amount": 0}]), 2, "wants[0].amount: expected a whole number of 1 or more")
    assert_refused(plan([{"card": "Lightning Bolt", "amount": 1}], "--currency", "bucks"), 2,
                   "--currency: 'bucks' is not a currency code")
    done = plan([{"card": "Lightning Bolt", "amount": 999}])
    assert_done(done)
    assert done.out.splitlines()[-1] == "total USD 2497.50 (optimal)"  # as every price is written


BOLT_OFFER = {"store": "shop-a", "card": "Lightning Bolt", "condition": "NM", "price": "2.50", "currency": "USD",
              "quantity": 4}


@pytest.mark.parametrize(("wants", "offers", "fragment"), [
    # JSON nested past Python's recursion limit.
    ("[" * 100_000 + "]" * 100_000, [BOLT_OFFER], "wants: "),  # and "… is nested too deeply to read"
    ([{"card": "Lightning Bolt", "amount": 1}], "[" * 100_000 + "]" * 100_000, "is nested too deeply to read"),
    # Numbers that overflow: a float past its range is infinite, a 5,000-digit integer is refused by
    # Python's parser, a 5,000-digit price in a string is past any price a store may have.
    ([{"card": "Lightning Bolt", "amount": 1}], '[{"store": "a", "card": "Lightning Bolt", "condition": "NM", '
     '"price": 1e999, "quantity": 1}]', "offers[0].price: a price must be from 0 to 9,999,999,999.99"),
    ([{"card": "Lightning Bolt", "amount": 1}], '[{"store": "a", "card": "Lightning Bolt", "condition": "NM", '
     '"price": "2.50", "quantity": ' + "9" * 5000 + "}]", "holds a number too long to read"),
    ([{"card": "Lightning Bolt", "amount": 1}], [{**BOLT_OFFER, "price": "9" * 5000}],
     "offers[0].price: a price must be from 0"),
    ('[{"card": "Lightning Bolt", "amount": 1e999}]', [BOLT_OFFER], "wants[0].amount: expected a whole number"),
    ([{"card": "Lightning Bolt", "amount": 10 ** 4000}], [BOLT_OFFER], "wants[0].amount: expected a whole number of at most"),
    ([{"card": "Lightning Bolt", "amount": 1, "max_price": "1e999999"}], [BOLT_OFFER], "wants[0].max_price"),
    # A lone surrogate, which JSON may write and no terminal or file can.
    ('[{"card": "Lightning \\ud800Bolt", "amount": 1}]', [BOLT_OFFER], "wants[0].card: contains a character that is not valid Unicode"),
    ([{"card": "Lightning Bolt", "amount": 1}], '[{"store": "\\udfff", "card": "Lightning Bolt", "condition": "NM", '
     '"price": "2.50", "quantity": 1}]', "offers[0].store: contains a character that is not valid Unicode"),
])
def test_buy_plan_refuses_input_that_would_overflow_or_cannot_be_written_in_one_line(tmp_path, wants, offers, fragment):
    ran = run_manage("buy_plan", "--wants", write(tmp_path, "wants.json", wants),
                     "--offers", write(tmp_path, "offers.json", offers), "--json")
    assert_refused(ran, 2, fragment)
    assert len(ran.err) < 300  # a line to read, not the number it refused


def test_buy_plan_refuses_a_store_cost_past_the_pages_limit(tmp_path):
    wants = write(tmp_path, "wants.json", [{"card": "Lightning Bolt", "amount": 1}])
    offers = write(tmp_path, "offers.json", [BOLT_OFFER])
    for cost in ("1e999", "9" * 5000):
        ran = run_manage("buy_plan", "--wants", wants, "--offers", offers, "--store-cost", cost)
        assert_refused(ran, 2, "--store-cost: expected an amount from 0 to 10000")
        assert len(ran.err) < 300


def test_buy_plan_drops_a_script_link_from_its_output(tmp_path):
    offers = [{**BOLT_OFFER, "url": "javascript:alert(document.cookie)//products/x", "variant_id": "1",
               "platform": "shopify"},
              {**BOLT_OFFER, "store": "shop-b", "price": "3.00", "url": "https://shop-b.example/products/bolt"}]
    ran = run_manage("buy_plan", "--wants", write(tmp_path, "wants.json", [{"card": "Lightning Bolt", "amount": 5}]),
                     "--offers", write(tmp_path, "offers.json", offers), "--json")
    assert_done(ran)
    plan = json.loads(ran.out)
    links = {store["store"]: ([item["url"] for item in store["items"]], store["cart_url"]) for store in plan["stores"]}
    assert links == {"shop-a": ([""], None), "shop-b": (["https://shop-b.example/products/bolt"], None)}
    assert "javascript" not in ran.out


def test_fold_history_and_ensure_schedules_are_done_when_they_end():
    assert_done(run_manage("fold_history"))
    assert_done(run_manage("ensure_schedules"))


def test_an_unexpected_exception_is_a_bug_and_still_tracebacks():
    with mock.patch("availability.checks.management.commands.fold_history.fold_history",
                    side_effect=RuntimeError("a bug")), pytest.raises(RuntimeError, match="a bug"):
        run_manage("fold_history")


@pytest.mark.django_db(databases="__all__")  # release migrates every database
def test_a_step_of_release_that_fails_ends_it_with_that_steps_code_and_line(tmp_path):
    with mock.patch("stores.management.commands.sync_store_directory.DIRECTORY_FILE", tmp_path / "gone.json"):
        ran = run_manage("release")
    assert_refused(ran, 2, "cannot read", "gone.json: No such file or directory")


# -- real processes: the exit status and the one line a script sees -----------------------------------


def manage_py(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=app_environment(tmp_path),
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize(
    ("args", "code", "line"),
    [
        (["load_rates", "--file", "missing.xml"], 2, "error: cannot read missing.xml: No such file or directory"),
        (["fold_history", "--days", "3"], 2,
         "error: unrecognized arguments: --days 3 (see manage.py fold_history --help)"),
        (["load_rates", "--url", "{closed}/eurofxref-daily.xml"], 1,
         "error: cannot fetch {closed}/eurofxref-daily.xml: could not connect"),
    ],
    ids=["bad input", "wrong argument", "site failed"],
)
@pytest.mark.pinned_configuration("zero-service default")
def test_a_real_process_exits_with_the_code_and_one_line(tmp_path, args, code, line):
    closed = closed_address()
    result = manage_py(tmp_path, *(arg.format(closed=closed) for arg in args))
    assert (result.returncode, result.stdout) == (code, "")
    assert result.stderr.splitlines() == [line.format(closed=closed)]
