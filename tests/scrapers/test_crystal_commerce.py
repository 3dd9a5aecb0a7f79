from __future__ import annotations

from decimal import Decimal

import pytest

from scraper_fixtures import saved_page
from scrapers import crystal_commerce
from scrapers.errors import RateLimited, UnreadablePage

BASE = "https://kanatacg.example"


def parse(name: str = "search_lightning_bolt.html", card: str = "Lightning Bolt", **kwargs):
    return crystal_commerce.parse_search_page(saved_page("crystal_commerce", name), card, base_url=BASE, **kwargs)


def test_it_deduplicates_forms_repeated_across_grid_list_and_detail_views() -> None:
    offers = parse().offers
    assert [o.variant_id for o in offers].count("900001") == 1


def test_it_returns_only_in_stock_offers_of_exactly_the_card() -> None:
    offers = parse().offers
    assert sorted(o.variant_id for o in offers) == ["900001", "900003", "900006", "900007", "900009"]
    assert all(o.name.startswith("Lightning Bolt") for o in offers)


def test_it_keeps_reading_past_a_non_matching_product() -> None:
    # The etched printing sits after "Lightning Helix" on the page.
    assert "900009" in [o.variant_id for o in parse().offers]


def test_it_skips_other_games_by_the_category_in_the_product_link() -> None:
    # "/catalog/pokemon_singles-base/lightning_bolt/44444": another game's card of the same name.
    assert "900005" not in [o.variant_id for o in parse().offers]


def test_href_contains_is_an_override_that_keeps_only_links_containing_it() -> None:
    assert [o.variant_id for o in parse(href_contains="secret_lair").offers] == ["900006", "900007"]
    assert "900005" in [o.variant_id for o in parse(href_contains="pokemon").offers]


def test_it_reads_condition_language_price_and_quantity_of_a_row() -> None:
    offer = next(o for o in parse().offers if o.variant_id == "900001")
    assert (offer.condition, offer.condition_raw, offer.language) == ("NM", "NM-Mint, English", "English")
    assert (offer.price, offer.currency, offer.quantity) == (Decimal("2.50"), "CAD", 3)
    assert offer.set_name == "Magic 2010" and offer.finish == "nonfoil"
    assert offer.url == f"{BASE}/catalog/magic_singles-core_sets-magic_2010/lightning_bolt/11111"


def test_it_reads_finish_from_the_name_and_strips_thousands_separators() -> None:
    foil = next(o for o in parse(currency="USD").offers if o.variant_id == "900003")
    assert (foil.finish, foil.price, foil.currency, foil.quantity) == ("foil", Decimal("1234.50"), "USD", 2)
    etched = next(o for o in parse().offers if o.variant_id == "900009")
    assert (etched.finish, etched.condition, etched.language) == ("etched", "NM", "Japanese")


def test_it_takes_the_collector_number_from_the_title_and_quantity_from_fallbacks() -> None:
    offers = {o.variant_id: o for o in parse().offers}
    assert offers["900006"].collector_number == "435"
    assert (offers["900006"].condition, offers["900006"].quantity, offers["900006"].language) == ("MP", 4, "French")
    # No data-price and no qty text: the price text and the quantity selector are used.
    assert (offers["900007"].price, offers["900007"].quantity, offers["900007"].condition) == (Decimal("5.00"), 2, "HP")


def test_it_skips_promotional_rows_without_a_condition() -> None:
    assert "900004" not in [o.variant_id for o in parse().offers]


def test_it_reports_whether_the_page_matched_and_has_a_next_page() -> None:
    page = parse()
    assert page.related and page.has_next_page
    other = parse(card="Black Lotus")
    assert not other.related and other.offers == []


def test_it_reads_an_empty_results_page_as_no_offers() -> None:
    page = parse("search_no_results.html", "Black Lotus")
    assert page.offers == [] and not page.related and not page.has_next_page


def test_it_flags_the_too_many_searches_page_before_parsing() -> None:
    with pytest.raises(RateLimited):
        parse("too_many_searches.html")


def test_it_refuses_a_page_that_is_not_a_search_page() -> None:
    with pytest.raises(UnreadablePage):
        parse("maintenance.html")
    with pytest.raises(UnreadablePage):
        crystal_commerce.parse_search_page(b"", "Lightning Bolt", base_url=BASE)


def test_it_reads_the_collector_number_on_a_product_page() -> None:
    assert crystal_commerce.parse_collector_number(saved_page("crystal_commerce", "product_page.html")) == "084"
    assert crystal_commerce.parse_collector_number(saved_page("crystal_commerce", "search_no_results.html")) is None
