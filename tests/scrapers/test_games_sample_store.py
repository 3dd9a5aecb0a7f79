"""More than Magic, end to end: every sample platform sells Pokémon, Lorcana and One Piece singles
beside Magic, and a search for each game finds exactly that game's copies of the card, over real HTTP."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from scraper_fixtures import FAST

import scrapers
from scrapers import binderpos, detect
from scrapers.game_offers import read_offer
from scrapers.http import HttpClient
from scrapers.listing import offers_for
from scrapers.offer import Offer
from scrapers.result import ERROR, NOT_FOUND, OK
from scrapers.sample_store import sample_store_definitions
from scrapers.sample_store.inventory import OTHER_GAMES, SAMPLE_GAMES
from scrapers.sample_store.pages_json import CLP_PER_USD
from scrapers.store import StoreConfig
from scrapers.sync import read_inventory

DEFINITIONS = {d["slug"]: d for d in sample_store_definitions("http://127.0.0.1:1")}
SEARCHES = [("pokemon", "Pikachu"), ("pokemon", "Charizard ex"), ("pokemon", "Charizard"),
            ("lorcana", "Elsa - Spirit of Winter"), ("lorcana", "Elsa - Snow Queen"), ("onepiece", "Nami"),
            ("onepiece", "OP01-016"), ("onepiece", "Roronoa Zoro")]


def store_for(server, slug: str, *, settings: dict | None = None, **changes) -> StoreConfig:
    """The sample store `slug` as registered (every sample game), with `settings` added and `changes` made."""
    definition = next(d for d in sample_store_definitions(server.url) if d["slug"] == slug)
    store = StoreConfig(slug, definition["name"], definition["platform"], definition["base_url"],
                        {**definition["settings"], **(settings or {})}, definition["currency"],
                        requests_per_second=1000, games=tuple(definition["games"]))
    return dataclasses.replace(store, **changes)


def shelf(game: str, card: str, currency: str) -> list[tuple]:
    """What a buyer sees of the card on the shelf: every copy in stock of that card of that game (a
    card id: every printing with that id), as (set, finish, condition, price)."""
    factor = CLP_PER_USD if currency == "CLP" else 1
    return sorted(
        (p.set_name, s.finish, s.condition, s.price * factor)
        for p in OTHER_GAMES if p.game == game and card in (p.name, p.collector_number)
        for s in p.stock if s.quantity > 0
    )


def read(offers: list[Offer]) -> list[tuple]:
    return sorted((o.set_name, o.finish, o.condition, o.price) for o in offers)


@pytest.mark.parametrize("slug", list(DEFINITIONS))
@pytest.mark.parametrize("game, card", SEARCHES)
def test_every_platform_finds_the_card_of_the_game_and_none_of_its_near_misses(
    sample_store, client, slug, game, card
) -> None:
    store = store_for(sample_store, slug)
    result = scrapers.search(store, card, client, game=game)
    assert result.status == OK, result.reason
    assert read(result.offers) == shelf(game, card, store.currency)


@pytest.mark.parametrize("slug", list(DEFINITIONS))
def test_a_store_that_sells_several_games_answers_magic_as_before(sample_store, client, slug) -> None:
    magic_only = scrapers.search(store_for(sample_store, slug, games=("magic",)), "Lightning Bolt", client)
    every_game = scrapers.search(store_for(sample_store, slug), "Lightning Bolt", client)
    assert every_game.status == OK
    assert [o.to_json() for o in every_game.offers] == [o.to_json() for o in magic_only.offers]


@pytest.mark.parametrize("slug", ["sample-shopify", "sample-crystal-commerce", "sample-tcgplayer-pro"])
def test_offers_carry_the_printing_in_the_games_own_terms(sample_store, client, slug) -> None:
    store = store_for(sample_store, slug)
    pikachu = scrapers.search(store, "Pikachu", client, game="pokemon").offers
    assert {(o.collector_number, o.finish) for o in pikachu} == {("65", "nonfoil"), ("65", "foil")}
    nami = scrapers.search(store, "Nami", client, game="onepiece").offers
    assert {o.collector_number for o in nami} == {"OP01-016", "ST14-006"}
    elsa = scrapers.search(store, "Elsa - Spirit of Winter", client, game="lorcana").offers
    enchanted = [o for o in elsa if o.price == Decimal("150.00")]
    assert [(o.finish, "Enchanted" in o.name) for o in enchanted] == [("foil", True)]


def test_a_parallel_art_is_found_by_its_id_with_the_parallel_suffix(sample_store, client) -> None:
    result = scrapers.search(store_for(sample_store, "sample-shopify"), "OP01-016_p1", client, game="onepiece")
    assert [(o.collector_number, o.price, "Parallel" in o.name) for o in result.offers] == \
        [("OP01-016", Decimal("25.00"), True)]


def test_a_game_the_store_does_not_sell_is_not_asked_and_says_so(sample_store, client) -> None:
    store = store_for(sample_store, "sample-shopify", games=("magic",))
    result = scrapers.search(store, "Pikachu", client, game="pokemon")
    assert (result.status, result.offers, result.carried) == (NOT_FOUND, [], False)
    assert result.reason == "Sample Games (Shopify) does not sell Pokémon singles"
    assert result.requests == 0 and sample_store.requests("shopify") == 0


def test_an_unknown_game_is_an_error_naming_it(sample_store, client) -> None:
    result = scrapers.search(store_for(sample_store, "sample-shopify"), "Agumon", client, game="digimon")
    assert (result.status, result.reason) == (ERROR, "unknown game 'digimon'")
    assert sample_store.requests("shopify") == 0


# -- inventory sync --------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["sample-shopify", "sample-woocommerce", "sample-crystal-commerce"])
def test_a_sync_indexes_every_game_the_store_sells_as_a_search_would_find_it(sample_store, slug) -> None:
    store = store_for(sample_store, slug)
    synced = read_inventory(store, HttpClient(FAST))
    assert synced.status == OK, synced.reason
    assert {product.game for product in synced.products} == set(SAMPLE_GAMES)
    for game, card in SEARCHES + [("magic", "Lightning Bolt")]:
        from_index = sorted((o.to_json() for o in offers_for(card, synced.products, game)), key=str)
        searched = sorted((o.to_json() for o in scrapers.search(store, card, HttpClient(), game=game).offers), key=str)
        assert from_index == searched and searched, (game, card)


def test_a_magic_only_store_syncs_magic_only(sample_store) -> None:
    synced = read_inventory(store_for(sample_store, "sample-shopify", games=("magic",)), HttpClient(FAST))
    assert {product.game for product in synced.products} == {"magic"}
    assert offers_for("Pikachu", synced.products, "pokemon") == []


def test_a_crystal_commerce_store_is_synced_game_by_game_from_the_categories_its_home_page_names(sample_store) -> None:
    read_inventory(store_for(sample_store, "sample-crystal-commerce", games=("magic", "lorcana")), HttpClient(FAST))
    paths = [logged.path.split("?")[0] for logged in sample_store.request_log("crystal_commerce")]
    assert "/crystal_commerce/catalog/lorcana_singles/231" in paths and "/crystal_commerce/" in paths
    assert "/crystal_commerce/catalog/pokemon_singles/226" not in paths


def test_a_crystal_commerce_game_whose_category_is_named_nowhere_fails_the_sync_saying_what_to_set(sample_store) -> None:
    store = store_for(sample_store, "sample-crystal-commerce", games=("magic", "yugioh"))
    synced = read_inventory(store, HttpClient(FAST))
    assert synced.status == ERROR and synced.products == []
    assert "Yu-Gi-Oh! page 1" in synced.reason and "game_filters.yugioh.catalog_path" in synced.reason
    given = store_for(sample_store, "sample-crystal-commerce", games=("magic", "lorcana"),
                      settings={"game_filters": {"lorcana": {"catalog_path": "/catalog/lorcana_singles/231"}}})
    assert read_inventory(given, HttpClient(FAST)).status == OK


# -- what each platform is asked -------------------------------------------------------------------


def test_conduct_finds_a_games_product_type_in_the_stores_own_settings_once_a_day(sample_store) -> None:
    client = HttpClient(FAST)
    store = store_for(sample_store, "sample-conduct")
    for card in ("Pikachu", "Charizard ex"):
        assert scrapers.search(store, card, client, game="pokemon").status == OK
    operations = [logged.path.rsplit("/", 1)[-1] for logged in sample_store.request_log("conduct")]
    assert operations.count("getStoreSettings") == 1 and operations.count("advancedSearch") == 2


def test_conduct_takes_a_games_product_type_from_the_stores_settings_when_given(sample_store, client) -> None:
    store = store_for(sample_store, "sample-conduct", settings={"game_filters": {"lorcana": {"product_type_id": 9}}})
    assert scrapers.search(store, "Elsa - Snow Queen", client, game="lorcana").status == OK
    operations = [logged.path.rsplit("/", 1)[-1] for logged in sample_store.request_log("conduct")]
    assert "getStoreSettings" not in operations


def test_binderpos_asks_its_api_for_the_games_own_value() -> None:
    assert binderpos.api_query("x.myshopify.com", "Pikachu", offset=0, limit=30)["game"] == "mtg"
    assert binderpos.game_settings({"shop": "x"}, "pokemon")["api_game"] == "pokemon"
    overridden = binderpos.game_settings({"shop": "x", "game_filters": {"onepiece": {"api_game": "onepiece"}}}, "onepiece")
    assert overridden["api_game"] == "onepiece"


@pytest.mark.parametrize("platform", ["shopify", "binderpos", "crystal_commerce", "woocommerce", "conduct",
                                      "tcgplayer_pro"])
def test_game_filters_name_known_games_and_the_platforms_own_filters(platform) -> None:
    assert scrapers.validate_settings(platform, {"game_filters": {}}) == []
    errors = scrapers.validate_settings(platform, {"game_filters": {"digimon": {}}})
    assert errors == [("'game_filters' names an unknown game 'digimon' (one of magic, pokemon, lorcana, onepiece, "
                       "yugioh, fab)")]
    assert "unknown filter 'colour'" in scrapers.validate_settings(platform, {"game_filters": {"pokemon": {"colour": 1}}})[0]


# -- what a store sells, from its home page -----------------------------------------------------------


@pytest.mark.parametrize("platform", ["crystal_commerce", "shopify", "binderpos", "conduct", "tcgplayer_pro",
                                      "woocommerce", "css"])
def test_detection_reads_the_games_a_home_page_names(sample_store, client, platform) -> None:
    home = client.get(sample_store.base_url(platform) + "/")
    found = detect.detect(home.text, sample_store.base_url(platform))
    expected = ("magic", "pokemon", "lorcana", "onepiece", "fab") if platform == "woocommerce" else SAMPLE_GAMES
    assert found.games == expected
    # A link to sealed product alone ("Yu-Gi-Oh! Sealed") is no singles a store sells.
    assert "yugioh" not in found.games


def test_a_page_naming_no_game_detects_none() -> None:
    assert detect.games_named("<html><body><a href='/collections/all'>Everything</a></body></html>") == ()


# -- reading an offer the game's way -------------------------------------------------------------------


def _offer(name: str, variant: str = "Near Mint") -> Offer:
    return Offer(name, "", "", None, "nonfoil", "NM", variant, None, Decimal("1.00"), "USD", 1, "", None)


@pytest.mark.parametrize("game, name, variant, finish", [
    ("pokemon", "Pikachu - 065/202 (Reverse Holo)", "Near Mint", "foil"),
    ("pokemon", "Charizard - 4/102 - Base", "Lightly Played Holofoil", "foil"),
    ("pokemon", "Pikachu - 065/202", "Near Mint Non-Holo", "nonfoil"),
    ("lorcana", "Elsa - Spirit of Winter (Enchanted)", "Near Mint", "foil"),
    ("lorcana", "Enchanted Rose", "Near Mint", "nonfoil"),
    ("fab", "Snatch (Red) - Cold Foil", "Near Mint", "foil"),
    ("magic", "Pikachu - 065/202 (Reverse Holo)", "Near Mint", "nonfoil"),
])
def test_each_games_finish_words_map_onto_the_apps_finishes(game, name, variant, finish) -> None:
    assert read_offer(_offer(name, variant), game).finish == finish


@pytest.mark.parametrize("game, name, printing", [
    ("pokemon", "Charizard ex - 125/197 - Obsidian Flames", ("", "125")),
    ("pokemon", "Charizard ex - OBF 125", ("OBF", "125")),
    ("pokemon", "Pikachu (065/202)", ("", "65")),
    ("lorcana", "Elsa - Spirit of Winter - 207/204 - Enchanted", ("", "207")),
    ("onepiece", "Nami - OP01-016 (Parallel)", ("OP01", "OP01-016")),
    ("yugioh", "Ash Blossom & Joyous Spring - MAGO-EN010", ("MAGO", "MAGO-EN010")),
    ("fab", "Snatch (Red) - ARC159", ("ARC", "ARC159")),
])
def test_a_titles_printing_fills_what_the_platform_did_not_read(game, name, printing) -> None:
    offer = read_offer(_offer(name), game)
    assert (offer.set_code, offer.collector_number) == printing
