"""`manage.py scrape NAME --game GAME --platform P --url U --json` against every platform of the
sample store, for every game it sells (issue 23): each finds its card, and the cards named after it
(Pikachu V, Elsa - Snow Queen, Nami of another id…) never match. One sample server for the module."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

import scrapers
from lgs_checker.commandline import BadInput
from scrapers.http import LocalRateLimiter
from scrapers.sample_store import sample_store_definitions
from tests.test_scrape_command import registered  # noqa: F401 (a fixture)

PLATFORMS = ["crystal_commerce", "shopify", "binderpos", "conduct", "tcgplayer_pro", "woocommerce", "css",
             "binderpos-theme"]
# The card searched, and names of other cards a sloppy matcher would take for it.
SEARCHES = {
    "pokemon": ("Pikachu", ["Pikachu V", "Pikachu VMAX", "Pikachu ex", "Flying Pikachu"]),
    "lorcana": ("Elsa - Spirit of Winter", ["Snow Queen", "Queen Regent"]),
    "onepiece": ("Nami", ["Zoro"]),
    "magic": ("Lightning Bolt", ["Thrum of the Vestige", "Pikachu", "Elsa"]),
}


class NoWaiting(LocalRateLimiter):
    """Every sample store shares one host: the real one-request-a-second spacing would make each
    case wait for the one before (the limiter has tests of its own)."""

    def reserve(self, host: str, interval: float) -> float:
        return 0.0


@pytest.fixture(autouse=True)
def unthrottled(monkeypatch):
    client = scrapers.HttpClient(limiter=NoWaiting())
    monkeypatch.setattr("stores.management.commands.scrape.worker_client", lambda: client)


def definition(server, platform: str) -> dict:
    if platform == "binderpos-theme":
        return next(d for d in sample_store_definitions(server.url) if d["slug"] == "sample-binderpos-theme")
    return next(d for d in sample_store_definitions(server.url) if d["platform"] == platform)


def scrape_json(*args: str) -> list[dict]:
    out = StringIO()
    call_command("scrape", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("game", list(SEARCHES))
@pytest.mark.parametrize("platform", PLATFORMS)
def test_each_platform_finds_each_games_card_and_never_its_near_misses(sample_store, db, platform, game):
    shop = definition(sample_store, platform)
    name, near_misses = SEARCHES[game]

    offers = scrape_json(name, "--game", game, "--platform", shop["platform"], "--url", shop["base_url"],
                         "--platform-settings", json.dumps(shop["settings"]), "--currency", shop["currency"])

    assert offers, (platform, game)
    for offer in offers:
        assert offer["name"].startswith(name), offer["name"]
        assert not any(miss in offer["name"] for miss in near_misses), offer["name"]


def test_a_one_piece_card_id_finds_every_art_of_that_id_only(sample_store, db):
    shop = definition(sample_store, "shopify")
    offers = scrape_json("OP01-016", "--game", "onepiece", "--platform", "shopify", "--url", shop["base_url"])
    assert offers and all(offer["name"].startswith("Nami") for offer in offers)
    assert all(offer["collector_number"] in ("OP01-016", None) for offer in offers)


def test_a_store_that_does_not_sell_the_game_is_refused_before_any_request(registered, db):  # noqa: F811
    from stores.models import Store

    Store.objects.filter(slug="sample-shopify").update(games=["magic"])
    with pytest.raises(BadInput, match="does not sell Pokémon singles"):
        call_command("scrape", "Pikachu", "--store", "sample-shopify", "--game", "pokemon", stdout=StringIO())
    offers = scrape_json("Pikachu", "--store", "sample-tcgplayer-pro", "--game", "pokemon")
    assert offers and all(offer["name"].startswith("Pikachu") for offer in offers)
