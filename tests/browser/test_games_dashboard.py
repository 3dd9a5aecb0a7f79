"""Issue 23 in a real browser: a user tracks Magic, Pokémon and Lorcana cards together at the sample
stores and sees prices for each on the dashboard; the game filter shows only the chosen game, and
keeps it in the address across a reload. One stack, one page load flow."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_to_dashboard
from tests.support.catalog_samples import CATALOG_SAMPLES
from tests.support.stack import SUITE_CONFIGURATION, app_stack

pytestmark = [pytest.mark.browser, pytest.mark.processes]

STORES = ["sample-crystal-commerce", "sample-shopify", "sample-tcgplayer-pro"]
# The catalogs the cards come from, loaded by their loaders in the user's arrangement (the Pokémon
# set list and Sword & Shield's cards; Lorcana's first set).
LOAD_CATALOGS = (
    "from cards.catalog.games import load_game_catalog; "
    f"load_game_catalog('pokemon', [{str(CATALOG_SAMPLES / 'pokemon/sets_en.json')!r}, "
    f"{str(CATALOG_SAMPLES / 'pokemon/cards_en_swsh1.json')!r}]); "
    f"load_game_catalog('lorcana', [{str(CATALOG_SAMPLES / 'lorcana/LorcanaJSON_setdata.1.json')!r}])"
)
CARDS = [("magic", "Magic: The Gathering", "Lightning Bolt"), ("pokemon", "Pokémon TCG", "Pikachu"),
         ("lorcana", "Disney Lorcana", "Elsa - Spirit of Winter")]


@pytest.fixture(params=[SUITE_CONFIGURATION])
def stack(request, tmp_path, sample_store_server):
    sample_store_server.reset()
    with app_stack(tmp_path, request.param, sample_store_server.url) as app:
        app.add_user("alice", "alice password 1", STORES, then=LOAD_CATALOGS)
        yield app


def test_magic_pokemon_and_lorcana_cards_are_priced_together_and_filtered_by_game(page, stack):
    sign_in_to_dashboard(page, stack.url, "alice", "alice password 1")
    # The finish choice speaks each game's words, and offers only the finishes the game has.
    finish_labels = page.locator("select[name=finish] option")
    expect(finish_labels).to_have_text(["Any finish", "Non-foil", "Foil", "Etched foil"])
    page.select_option("select[name=game]", "pokemon")
    expect(finish_labels).to_have_text(["Any finish", "Non-holo", "Holo / reverse holo"])
    for game, game_name, card in CARDS:
        page.select_option("select[name=game]", label=game_name)
        page.fill("input[name=card]", card.lower())
        page.get_by_role("button", name="Track").click()
        expect(page.locator(f'tr[data-card="{card}"][data-game="{game}"]')).to_be_visible()

    for game, _game_name, card in CARDS:
        row = page.locator(f'tr[data-card="{card}"]')
        for slug in STORES:
            cell = row.locator(f'td.cell[data-store="{slug}"]')
            expect(cell).to_have_class(re.compile(r"\bin_stock\b"), timeout=30_000)
            expect(cell.locator(".offers-link")).to_have_text(re.compile(r"^USD \d+\.\d\d$"))
    expect(page.locator('tr[data-card="Pikachu"] .game')).to_have_text("Pokémon")
    expect(page.locator("#progress")).to_have_text("all 9 checked")

    page.select_option("#filter-game", "pokemon")
    expect(page.locator('tr[data-card="Pikachu"]')).to_be_visible()
    expect(page.locator('tr[data-card="Lightning Bolt"]')).to_be_hidden()
    expect(page.locator('tr[data-card="Elsa - Spirit of Winter"]')).to_be_hidden()
    assert page.url.endswith("/?game=pokemon")

    page.reload()
    expect(page.locator("#connection")).to_have_text("live")
    expect(page.locator("#filter-game")).to_have_value("pokemon")
    expect(page.locator('tr[data-card="Lightning Bolt"]')).to_be_hidden()
    expect(page.locator('tr[data-card="Pikachu"]')).to_be_visible()
    page.select_option("#filter-game", "")
    expect(page.locator('tr[data-card="Elsa - Spirit of Winter"]')).to_be_visible()
