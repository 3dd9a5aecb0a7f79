"""`manage.py add_store URL`: detect the platform from the home page, probe one search, show it,
save only when told to. Against the sample store server, every platform, and an unknown site."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scrapers.sample_store import sample_store_definitions
from stores.models import Store
from tests.scrapers.saved_site import HTML, Saved, real_sample, saved_site

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
    assert "Offers read: 2 (below)" in out
    assert "Sol Ring" in out and "GET " in out and " -> 200" in out
    store = Store.objects.get(name=f"Probe {platform}")
    assert (store.platform, store.homepage) == (platform, sample_store.base_url(platform))
    # The settings the sample stores are registered with by hand, found from the home page alone.
    assert store.settings == expected_settings(sample_store, platform)
    # The games its home page links to: every sample store sells the four sample games (the
    # WooCommerce one links Flesh and Blood too).
    assert "Games: Magic: The Gathering, Pokémon TCG, Disney Lorcana, One Piece Card Game" in out
    assert store.games[:4] == ["magic", "pokemon", "lorcana", "onepiece"]


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
    assert "Offers read: none, because the store answered and has no Black Lotus in stock" in out


def test_the_currency_a_platform_states_with_its_prices_is_kept(sample_store, db) -> None:
    add_store(sample_store.base_url("woocommerce"), "--yes")  # a Chilean shop: prices in CLP
    assert Store.objects.get().currency == "CLP"


def test_the_currency_line_says_where_the_currency_came_from(sample_store, db) -> None:
    assert "currency: USD (from Shopify.currency)" in add_store(sample_store.base_url("shopify"))
    assert "currency: CLP (as the shop's prices state it)" in add_store(sample_store.base_url("woocommerce"))
    out = add_store(sample_store.base_url("tcgplayer_pro"))
    assert "currency: USD (assumed: the page states no currency)" in out


# --- a real shop's page as its home page -----------------------------------------------------------


def test_a_real_crystal_commerce_page_fills_the_currency_and_says_why_no_offers_were_read(db) -> None:
    """Skyward Fire's page (a full page, menu and all) served as a home page; its search address
    answers 404 here, which the output says instead of a silent "no copies"."""
    home = Saved(real_sample("crystal_commerce/skywardfire_steam_vents/search.html"), HTML)
    with saved_site({"/": home}) as site:
        out = add_store(site.url)
    assert "Platform: crystal_commerce (Crystal Commerce asset addresses)" in out
    assert "Name: Skyward Fire Games   slug: skyward-fire-games   currency: GBP (from " in out and " prices in GBP on the page)" in out
    assert "Settings: {}" in out and "Note:" not in out  # its menu names the usual Magic Singles category
    assert "Offers read: none, because store failed: " in out and "404" in out
    assert not Store.objects.exists()


def test_a_real_page_says_where_its_currency_came_from(db) -> None:
    home = Saved(real_sample("crystal_commerce/magiccardtrader_restless_spire/search.html"), HTML)
    with saved_site({"/": home}) as site:
        out = add_store(site.url)
    assert "currency: GBP (from " in out and " prices in GBP on the page)" in out
    assert "Note: no Magic singles category" not in out  # its search form names "Magic Singles"


def test_a_real_page_without_a_magic_singles_category_says_the_default_is_kept(db) -> None:
    home = Saved(real_sample("crystal_commerce/mtgseattle_lightning_bolt/search.html"), HTML)
    with saved_site({"/": home}) as site:
        out = add_store(site.url)
    assert "Note: no Magic singles category link on the page: inventory sync reads the default" in out


# --- the same address twice -----------------------------------------------------------------------


@pytest.mark.parametrize("spelling", [
    lambda url: url, lambda url: url + "/", lambda url: url.upper().replace("HTTP://", "https://"),
])
def test_an_address_already_in_the_directory_is_refused_before_any_request(sample_store, make_store, spelling) -> None:
    make_store("hairy-tarantula", name="Hairy Tarantula", homepage=sample_store.base_url("shopify") + "/")
    sample_store.reset()
    with pytest.raises(CommandError) as refused:
        call_command("add_store", spelling(sample_store.base_url("shopify")), "--yes", stdout=StringIO())
    assert "already in the directory as Hairy Tarantula (hairy-tarantula)" in str(refused.value)
    assert sample_store.requests() == 0
    assert Store.objects.count() == 1


def test_www_and_the_scheme_do_not_make_another_shop(make_store) -> None:
    make_store("hairy-tarantula", name="Hairy Tarantula", homepage="https://www.hairyt.com")
    with pytest.raises(CommandError, match=r"already in the directory as Hairy Tarantula \(hairy-tarantula\)"):
        call_command("add_store", "http://HairyT.com/", "--yes", stdout=StringIO())
