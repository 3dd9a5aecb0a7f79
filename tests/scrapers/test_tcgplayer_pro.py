from __future__ import annotations

from decimal import Decimal

from scraper_fixtures import saved_json
from scrapers import tcgplayer_pro

BASE = "https://dmcomics.tcgplayerpro.example"


def products():
    answer = saved_json("tcgplayer_pro", "search_lightning_bolt.json")
    page = tcgplayer_pro.parse_search(answer, "Lightning Bolt", BASE)
    assert page.related
    return page.products, page.total


def test_it_keeps_magic_printings_of_exactly_the_card() -> None:
    found, total = products()
    assert [p.id for p in found] == ["214901", "33000", "240000"]
    assert total == 6
    assert found[0].url == f"{BASE}/catalog/magic/secret-lair-drop-series/lightning-bolt-084/214901"


def test_it_splits_condition_finish_and_language_and_skips_custom_and_empty_skus() -> None:
    found, _ = products()
    offers = tcgplayer_pro.parse_skus(saved_json("tcgplayer_pro", "skus_lightning_bolt.json"), found)
    by_sku = {o.variant_id: o for o in offers}
    assert set(by_sku) == {"7001", "7002", "7101", "7201"}
    assert (by_sku["7001"].condition, by_sku["7001"].finish, by_sku["7001"].collector_number) == ("NM", "foil", "084")
    assert (by_sku["7002"].condition, by_sku["7002"].language, by_sku["7002"].finish) == ("LP", "Japanese", "nonfoil")
    assert (by_sku["7101"].condition, by_sku["7101"].price, by_sku["7101"].quantity) == ("MP", Decimal("2.25"), 1)
    assert by_sku["7201"].collector_number is None and by_sku["7201"].condition == "HP"


def test_it_pages_with_from_and_size() -> None:
    query = tcgplayer_pro.search_query("Lightning Bolt", "Magic: The Gathering", start=50, size=50)
    assert (query["from"], query["size"], query["query"]) == (50, 50, "Lightning Bolt")
    assert query["context"] == {"productLineName": "Magic: The Gathering"}
