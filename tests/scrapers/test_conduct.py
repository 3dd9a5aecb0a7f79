from __future__ import annotations

from decimal import Decimal

import pytest

from scraper_fixtures import saved_json
from scrapers import conduct
from scrapers.errors import ScraperError, UnreadablePage

BASE = "https://www.magicstronghold.example"


def offers():
    answer = saved_json("conduct", "advanced_search_llanowar.json")
    return conduct.parse_listings(answer, "Llanowar Elves", BASE).offers


def test_it_keys_variants_without_an_id_on_inventory_and_combination() -> None:
    foil_nm = next(o for o in offers() if o.finish == "foil" and o.condition == "NM")
    assert foil_nm.variant_id == "53448-7"
    assert foil_nm.url == f"{BASE}/store/item/53448"


def test_it_reads_sleeve_playable_as_heavily_played() -> None:
    hp = next(o for o in offers() if o.condition_raw == "Sleeve Playable")
    assert (hp.condition, hp.variant_id, hp.quantity) == ("HP", "99120", 3)


def test_it_reads_set_code_from_the_image_key_and_finish_from_the_name() -> None:
    by_variant = {o.variant_id: o for o in offers()}
    assert by_variant["53448-7"].set_code == "DOM"
    assert by_variant["99130"].finish == "nonfoil" and by_variant["99130"].price == Decimal("0.15")
    assert by_variant["99140"].set_name == "Foundations Jumpstart"


def test_it_skips_tokens_similar_names_sold_out_and_malformed_variants() -> None:
    assert sorted(o.variant_id for o in offers()) == ["53448-7", "99120", "99130", "99140"]


def test_it_turns_an_invalid_store_answer_into_an_error() -> None:
    with pytest.raises(ScraperError, match="Invalid store"):
        conduct.parse_listings(saved_json("conduct", "invalid_store.json"), "Llanowar Elves", BASE)


def test_it_refuses_an_answer_without_listings() -> None:
    with pytest.raises(UnreadablePage):
        conduct.parse_listings({"success": True, "result": {}}, "Llanowar Elves", BASE)


def test_it_reads_the_collector_number_from_product_details() -> None:
    assert conduct.parse_collector_number(saved_json("conduct", "product_details.json")) == "168"
    assert conduct.set_code_from_image("nothing.jpg") == ""
