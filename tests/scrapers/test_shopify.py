from __future__ import annotations

import re
from decimal import Decimal

import pytest

from scraper_fixtures import saved_json
from scrapers import shopify
from scrapers.errors import UnreadablePage

BASE = "https://shop.example"


def test_it_keeps_available_magic_products_named_exactly_like_the_card() -> None:
    found = shopify.parse_suggestions(saved_json("shopify", "suggest_sol_ring.json"), "Sol Ring").available
    assert [s.handle for s in found] == ["sol-ring-commander-2021", "sol-ring-0912-rainbow-foil"]


def test_it_counts_every_product_and_the_printings_of_the_card_available_or_not() -> None:
    suggestions = shopify.parse_suggestions(saved_json("shopify", "suggest_sol_ring.json"), "Sol Ring")
    # Seven products; three Magic Sol Rings, the Revised one sold out (no product request for it).
    assert (suggestions.products_seen, suggestions.products_matched, len(suggestions.available)) == (7, 3, 2)


def test_it_can_be_told_to_accept_every_product_type() -> None:
    answer = saved_json("shopify", "suggest_sol_ring.json")
    found = shopify.parse_suggestions(answer, "Sol Ring", product_types="").available
    assert "fab-sol-ring" in [s.handle for s in found]


def test_it_refuses_a_suggest_answer_without_results() -> None:
    with pytest.raises(UnreadablePage):
        shopify.parse_suggestions({"error": "nope"}, "Sol Ring")


def test_it_decodes_binderpos_skus_for_set_number_and_finish() -> None:
    offers = shopify.parse_product(saved_json("shopify", "product_sol_ring_sld.json"), "Sol Ring", BASE)
    nm = next(o for o in offers if o.variant_id == "41001")
    assert (nm.set_code, nm.collector_number, nm.finish, nm.language) == ("SLD", "912", "foil", "English")
    assert (nm.price, nm.condition, nm.quantity) == (Decimal("14.40"), "NM", None)
    assert nm.set_name == "Secret Lair Drop Series"
    assert nm.url == f"{BASE}/products/sol-ring-0912-rainbow-foil?variant=41001"


def test_it_skips_unavailable_and_malformed_variants_and_keeps_the_rest() -> None:
    offers = shopify.parse_product(saved_json("shopify", "product_sol_ring_sld.json"), "Sol Ring", BASE)
    assert [o.variant_id for o in offers] == ["41001", "41004"]
    assert offers[1].condition == "HP"


def test_it_reads_condition_language_and_finish_from_separate_options() -> None:
    offers = shopify.parse_product(saved_json("shopify", "product_three_options.json"), "Sol Ring", BASE)
    by_id = {o.variant_id: o for o in offers}
    assert set(by_id) == {"52001", "52002"}  # "Graded" has no condition we sell by
    assert (by_id["52001"].condition, by_id["52001"].finish, by_id["52001"].set_code) == ("NM", "nonfoil", "")
    assert (by_id["52002"].condition, by_id["52002"].finish, by_id["52002"].language) == ("MP", "foil", "Japanese")
    assert by_id["52001"].set_name == "Commander 2021"


def test_it_uses_the_vendor_as_set_only_when_it_names_a_set() -> None:
    assert shopify.set_of("Sol Ring", "Revised Edition").name == "Revised Edition"
    assert shopify.set_of("Sol Ring", "Magic: The Gathering").name == ""
    # A code and number in the brackets: the set name is the vendor (real titles: ../shared/real-samples).
    assert shopify.set_of("Sol Ring [3ED - N/A]", "Revised Edition") == shopify.SetOfTitle("Revised Edition", "3ED", None)
    assert shopify.set_of("Sol Ring (Halo Foil) [SLC - 46]", "Secret Lair Countdown Kit") == shopify.SetOfTitle(
        "Secret Lair Countdown Kit", "SLC", "46"
    )


def test_it_ignores_skus_in_other_formats() -> None:
    assert shopify.decode_sku("333134") is None
    assert shopify.decode_sku("SLD-912-EN-XX-1") is None
    sku = shopify.decode_sku("2X2-117-JP-NF-3")
    assert sku is not None and (sku.set_code, sku.language, sku.condition) == ("2X2", "Japanese", "MP")


def product(title: str, *variants: tuple[str, str]) -> dict:
    return {"title": title, "handle": "h", "vendor": "Magic: The Gathering", "variants": [
        {"id": index, "title": variant_title, "option1": variant_title, "price": 150, "available": True, "sku": sku}
        for index, (variant_title, sku) in enumerate(variants, 1)
    ]}


def test_foil_etched_in_the_title_is_the_etched_finish_and_leaves_the_name() -> None:
    offers = shopify.parse_product(
        product("Lightning Bolt (Foil Etched) [Commander Masters]", ("Near Mint", "")), "Lightning Bolt", BASE
    )
    assert [(o.name, o.set_name, o.finish) for o in offers] == [
        ("Lightning Bolt [Commander Masters]", "Commander Masters", "etched")
    ]


def test_a_non_english_variant_is_not_english_though_its_sku_says_en() -> None:
    offers = shopify.parse_product(
        product("Boseiju Reaches Skyward // Branch of Boseiju [Kamigawa: Neon Dynasty]",
                ("Near Mint", "NEO-177//177-EN-NF-1"), ("Near Mint Non English", "NEO-177//177-EN-NF-1")),
        "Boseiju Reaches Skyward", BASE,
    )
    assert [(o.language, o.set_code, o.collector_number) for o in offers] == [
        ("English", "NEO", "177"), ("Non English", "NEO", "177"),
    ]


def test_it_decodes_double_faced_skus() -> None:
    sku = shopify.decode_sku("NEO-177//177-EN-FO-2")
    assert sku == shopify.Sku("NEO", "177", "English", "foil", "LP")


def test_it_decodes_skus_with_a_printing_tag() -> None:
    assert shopify.decode_sku("RVR-412-RETRO-EN-FO-1") == shopify.Sku("RVR", "412", "English", "foil", "NM")


def test_a_finish_and_a_condition_option_read_whatever_the_options_are_named() -> None:
    # Axion Now's shape: options "Card Finish" x "Condition", its played grade "Excellent", pence.
    answer = {"title": "Lightning Bolt (401) - CLB", "handle": "mtg-singles-clb-lightningbolt-401", "vendor": "Axion Now",
              "options": [{"name": "Card Finish"}, {"name": "Condition"}], "variants": [
                  {"id": 1, "title": "Non-Foil / Excellent", "option1": "Non-Foil", "option2": "Excellent",
                   "price": 114, "available": True, "sku": "cc-clb-lightningbolt-401-e-nf"},
                  {"id": 2, "title": "Foil / Near Mint", "option1": "Foil", "option2": "Near Mint",
                   "price": 226, "available": True, "sku": "cc-clb-lightningbolt-401-nm-f"}]}
    offers = shopify.parse_product(answer, "Lightning Bolt", BASE, "GBP")
    assert [(o.set_name, o.set_code, o.collector_number, o.finish, o.condition, o.price) for o in offers] == [
        ("", "CLB", "401", "nonfoil", "LP", Decimal("1.14")),
        ("", "CLB", "401", "foil", "NM", Decimal("2.26")),
    ]


@pytest.mark.parametrize("product_type, tags, kept", [
    ("MTG Single", [], True),
    ("Singles", ["Instant", "Magic", "Singles"], True),  # the type names no game: the tags do
    ("Singles", ["Character", "Lorcana", "Singles"], False),
    ("", "Magic, Rare", True),  # products.json may send tags as one string
    ("Flesh and Blood Single", ["Magic"], False),  # another game's type is never overruled by a tag
    ("Sealed Product", [], False),
])
def test_a_product_type_that_names_no_game_is_decided_by_the_tags(product_type, tags, kept) -> None:
    assert shopify.is_wanted_type(product_type, tags, re.compile("magic|mtg", re.I)) is kept


@pytest.mark.parametrize("title, card, printing", [
    # Axion Now: number and set code after the name; the vendor is the shop's own name.
    ("Lightning Bolt (401) - CLB", "Lightning Bolt (401)", shopify.SetOfTitle("", "CLB", "401")),
    # Highlander Games: a set code only, the store's own codes included.
    ("Steam Vents - RTR", "Steam Vents", shopify.SetOfTitle("", "RTR", None)),
    ("Steam Vents -  XUNF (Full Art)", "Steam Vents (Full Art)", shopify.SetOfTitle("", "XUNF", None)),
    # London Magic Traders: printing words in capitals first, the set after " ~ ".
    ("FOIL Hallowed Fountain ~ Ravnica Allegiance [ NearMint ] [ Magic MTG ]", "Hallowed Fountain [ NearMint ] [ Magic MTG ]",
     shopify.SetOfTitle("Ravnica Allegiance")),
    # Not set codes or printing words: a condition after " - ", a name in capitals.
    ("Lightning Bolt - NM", "Lightning Bolt - NM", shopify.SetOfTitle("Axion Now")),
    ("AEther Vial [Darksteel]", "AEther Vial [Darksteel]", shopify.SetOfTitle("Darksteel")),
])
def test_titles_that_state_the_printing_around_the_name(title, card, printing) -> None:
    assert (shopify.matching_title(title), shopify.set_of(title, "Axion Now")) == (card, printing)


def test_a_product_per_condition_takes_its_condition_and_finish_from_the_title() -> None:
    answer = {"title": "FOIL Hallowed Fountain ~ Ravnica Allegiance [ NearMint ] [ Magic MTG ]", "handle": "h",
              "vendor": "London Magic Traders", "variants": [
                  {"id": 1, "title": "Default Title", "option1": "Default Title", "price": 1998, "available": True}]}
    offers = shopify.parse_product(answer, "Hallowed Fountain", BASE, "GBP")
    assert [(o.set_name, o.finish, o.condition, o.price) for o in offers] == [
        ("Ravnica Allegiance", "foil", "NM", Decimal("19.98"))]
