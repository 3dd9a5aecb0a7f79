"""`scrapers.probe.diagnose` and the product counts parsers may report (`scrapers.diagnostics`)."""

from __future__ import annotations

from scrapers.diagnostics import open_tally, tally
from scrapers.probe import diagnose
from scrapers.sample_store import sample_store_definitions
from scrapers.store import StoreConfig


def test_counts_a_parser_reports_are_shown_and_none_is_said_when_it_reports_none() -> None:
    with open_tally() as counts:
        tally(seen=12, matched=3)
        tally(seen=4, matched=0)  # a second results page
    assert (counts.products_seen, counts.products_matched, counts.reported) == (16, 3, True)
    tally(seen=1)  # nobody is watching: nothing to do, nothing raised
    with open_tally() as quiet:
        pass
    assert not quiet.reported


def test_a_diagnosis_records_each_request_with_its_verdict(sample_store, client) -> None:
    definition = next(d for d in sample_store_definitions(sample_store.url) if d["platform"] == "woocommerce")
    store = StoreConfig("woo", "Woo", "woocommerce", definition["base_url"], definition["settings"], "CLP", 1000)
    diagnosis = diagnose(store, "Sol Ring", client)
    assert diagnosis.verdict == "recognised: 2 offers in stock"
    assert [r.status for r in diagnosis.requests] == [200]
