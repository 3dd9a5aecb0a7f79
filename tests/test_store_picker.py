"""The store picker: every directory store under its country (and region where known), with a search."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from stores.directory import load_directory, sync_directory


def test_every_directory_store_has_a_country_matching_its_currency():
    countries = {"USD": "United States", "CAD": "Canada", "CLP": "Chile"}
    entries = load_directory()
    assert [e["slug"] for e in entries if e.get("country") != countries[e["currency"]]] == []
    # A country is not a region ("Chile" used to stand in the region field).
    assert [e["slug"] for e in entries if e.get("region") == e.get("country")] == []


@pytest.mark.django_db
def test_the_picker_groups_directory_stores_by_place_and_none_is_left_unplaced(alice_client):
    sync_directory(load_directory())
    page = BeautifulSoup(alice_client.get(reverse("account")).content, "html.parser")
    legends = [legend.text for legend in page.select("fieldset.store-group legend")]
    assert "Other stores" not in legends and "Region not set" not in legends
    assert "Ontario, Canada" in legends and "Chile" in legends
    assert page.select_one("input#store-search[type=search]") is not None
    # Each option carries what the search matches against: name, city, region and country.
    option = next(o for o in page.select(".store-option") if "Kanata" in o.text)
    assert "kanata collectibles" in option["data-search"] and "ontario, canada" in option["data-search"]


@pytest.mark.django_db
def test_each_store_says_which_games_it_sells_and_the_search_finds_stores_by_game(alice_client, make_store):
    make_store("pokemon-place", name="Pokemon Place", games=["magic", "pokemon"])
    make_store("magic-only", name="Magic Only")
    page = BeautifulSoup(alice_client.get(reverse("account")).content, "html.parser")
    options = {o.select_one("input")["value"]: o for o in page.select(".store-option")}
    place = next(o for o in options.values() if "Pokemon Place" in o.text)
    # Typed with or without the accent: the game's code is there too.
    assert place.select_one(".games").text == "· Magic, Pokémon"
    assert "pokémon" in place["data-search"] and "pokemon" in place["data-search"]
    only = next(o for o in options.values() if "Magic Only" in o.text)
    assert only.select_one(".games").text == "· Magic" and "pokemon" not in only["data-search"]
