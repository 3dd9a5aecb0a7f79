"""`manage.py add_store URL`: detect the platform from the home page, probe one search, show it,
save only when told to. Against the sample store server, every platform, and an unknown site."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scrapers.sample_store import sample_store_definitions
from stores.models import Store

PLATFORMS = ["crystal_commerce", "shopify", "binderpos", "conduct", "tcgplayer_pro", "woocommerce"]


def add_store(*args: str) -> str:
    out = StringIO()
    call_command("add_store", *args, stdout=out)
    return out.getvalue()


def expected_settings(server, platform: str) -> dict:
    definition = next(d for d in sample_store_definitions(server.url) if d["platform"] == platform)
    return definition["settings"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_it_detects_the_platform_fills_its_settings_probes_and_saves(sample_store, db, platform) -> None:
    out = add_store(sample_store.base_url(platform), "--name", f"Probe {platform}", "--yes")
    assert f"Platform: {platform} (" in out
    assert "Verdict: recognised: 2 offers in stock" in out  # Sol Ring: NM and DMG copies
    assert "Sol Ring" in out and "GET " in out and " -> 200" in out
    store = Store.objects.get(name=f"Probe {platform}")
    assert (store.platform, store.homepage) == (platform, sample_store.base_url(platform))
    # The settings the sample stores are registered with by hand, found from the home page alone.
    assert store.settings == expected_settings(sample_store, platform)


def test_it_saves_nothing_without_a_yes(sample_store, db) -> None:
    out = add_store(sample_store.base_url("shopify"))
    assert "Platform: shopify" in out and "Verdict: recognised" in out
    assert "Not saved" in out
    assert not Store.objects.exists()


def test_it_takes_the_shop_name_and_currency_from_the_page(sample_store, db) -> None:
    add_store(sample_store.base_url("binderpos"), "--yes")
    store = Store.objects.get()
    assert (store.name, store.slug, store.currency) == ("Sample Games", "sample-games", "USD")
    add_store(sample_store.base_url("shopify"), "--yes")
    assert Store.objects.filter(slug="sample-games-2").exists()  # a second shop of the same name


def test_an_unknown_site_says_so_and_points_to_the_selector_form(sample_store, db) -> None:
    out = StringIO()
    with pytest.raises(CommandError, match="unknown platform"):
        call_command("add_store", sample_store.base_url("css"), "--yes", stdout=out)
    assert "Platform: unknown" in out.getvalue() and "CSS-selector" in out.getvalue()
    assert not Store.objects.exists()


def test_a_site_that_does_not_answer_saves_nothing(db) -> None:
    with pytest.raises(CommandError, match="home page could not be read"):
        call_command("add_store", "http://127.0.0.1:9/", "--yes", stdout=StringIO())
    assert not Store.objects.exists()


def test_a_probe_that_finds_no_copies_still_shows_the_platform(sample_store, db) -> None:
    out = add_store(sample_store.base_url("woocommerce"), "--card", "Black Lotus")
    assert "Platform: woocommerce" in out
    assert "Verdict: recognised: the store answered and has no Black Lotus in stock" in out


def test_the_currency_a_platform_states_with_its_prices_is_kept(sample_store, db) -> None:
    add_store(sample_store.base_url("woocommerce"), "--yes")  # a Chilean shop: prices in CLP
    assert Store.objects.get().currency == "CLP"
