from __future__ import annotations

from decimal import Decimal

import pytest

from scraper_fixtures import saved_page
from scrapers import crystal_commerce
from scrapers.detect import detect
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


# -- pages written for these tests: one product per listing, the markup each case needs --------------

def product(name: str, href: str, rows: str, set_name: str = "Guilds of Ravnica", category: str = "") -> str:
    category_link = f'<a href="{category}"><span class="category">{set_name}</span></a>' if category else \
        f'<span class="category">{set_name}</span>'
    return (f'<li class="product"><a href="{href}" itemprop="url"><h4 class="name" title="{name}">{name}</h4></a>'
            f'{category_link}{rows}</li>')


def results(*products: str, tree: str = "", after: str = "") -> bytes:
    return (f'<html><body><ul class="category-tree">{tree}</ul><div class="products-container">'
            f'<ul class="products">{"".join(products)}</ul>{after}</div></body></html>').encode()


IN_STOCK_ROW = ('<div class="variant-row"><span class="variant-short-info">NM-Mint, English</span>'
                '<form class="add-to-cart-form" data-vid="{vid}"><span class="regular price">£13.25</span>'
                '<select class="qty" max="3"><option>1</option><option>2</option><option>3</option></select></form></div>')


def in_stock(vid: str) -> str:
    return IN_STOCK_ROW.replace("{vid}", vid)


def test_it_keeps_magic_singles_whose_link_does_not_say_magic() -> None:
    page = results(product("Steam Vents", "/catalog/guilds_of_ravnica/steam_vents/1548453", in_stock("1")))
    offers = crystal_commerce.parse_search_page(page, "Steam Vents", base_url=BASE, currency="GBP").offers
    assert [(o.set_name, o.condition, o.language, o.price, o.currency, o.quantity) for o in offers] == [
        ("Guilds of Ravnica", "NM", "English", Decimal("13.25"), "GBP", 3)]


def test_it_reads_another_game_or_sealed_product_from_the_pages_own_category_tree() -> None:
    # Neither slug names a game; the sidebar tree files one under Pokémon, the other under Magic.
    tree = ('<li class="category depth-1" data-id="8" data-name="Magic Singles"><a href="/catalog/magic_singles/8">'
            'Magic Singles</a><ul><li class="category depth-2" data-id="13223" data-name="Guilds of Ravnica">'
            '<a href="/catalog/guilds_of_ravnica/13223">Guilds of Ravnica</a></li></ul></li>'
            '<li class="category depth-1" data-id="226" data-name="Pokemon Singles"><a href="/catalog/pokemon_singles/226">'
            'Pokemon Singles</a><ul><li class="category depth-2" data-id="9843" data-name="Steam Siege">'
            '<a href="/catalog/steam_siege/9843">Steam Siege</a></li></ul></li>')
    page = results(
        product("Steam Vents", "/catalog/steam_siege/steam_vents/1", in_stock("1"), "Steam Siege", "/catalog/steam_siege/9843"),
        product("Steam Vents", "/catalog/guilds_of_ravnica/steam_vents/2", in_stock("2"), "Guilds of Ravnica",
                "/catalog/guilds_of_ravnica/13223"),
        product("Steam Vents", "/catalog/magic_sealed_product-booster_boxes/steam_vents/3", in_stock("3")),
        product("Steam Vents", "/catalog/yugioh_singles-x/steam_vents/4", in_stock("4")),
        tree=tree,
    )
    result = crystal_commerce.parse_search_page(page, "Steam Vents", base_url=BASE)
    assert [o.variant_id for o in result.offers] == ["2"]
    assert result.products_matched == 1  # other games' products are not listings of the card


def test_a_listing_it_cannot_read_is_counted_as_unread_and_a_sold_out_one_as_sold_out() -> None:
    # A theme that renders its cart button with a script: a price, no form, no word of stock.
    scripted = '<div class="variant-row"><span>NM, English</span><span class="price">£20.00</span></div>'
    sold_out = ('<div class="variant-row no-stock"><span class="variant-short-info">All variants</span>'
                '<span class="variant-qty">Out of stock.</span><span class="price">£12.45</span></div>')
    page = results(product("Tarmogoyf", "/catalog/magic_singles-mm3/tarmogoyf/1", scripted),
                   product("Tarmogoyf", "/catalog/magic_singles-uma/tarmogoyf/2", sold_out))
    readout = crystal_commerce.parse_search_page(page, "Tarmogoyf", base_url=BASE).readout
    assert (readout.named, readout.offers, readout.sold_out, readout.unread) == (2, 0, 1, 1)


def test_a_variant_without_a_condition_is_kept_blank_and_a_promotional_one_is_skipped() -> None:
    rows = ('<div class="variant-row"><form class="add-to-cart-form" data-vid="1" data-variant="Foil, English" '
            'data-price="£1.04"><input class="qty" max="1"></form></div>'
            '<div class="variant-row"><form class="add-to-cart-form" data-vid="2" data-variant="Graded" '
            'data-price="£9.00"><input class="qty" max="1"></form></div>')
    page = results(product("Restless Spire", "/catalog/magic_singles-woe/restless_spire/1", rows))
    result = crystal_commerce.parse_search_page(page, "Restless Spire", base_url=BASE, currency="GBP")
    assert [(o.variant_id, o.finish, o.condition, o.language) for o in result.offers] == [("1", "foil", "", "English")]


def test_views_that_disagree_on_the_count_give_the_variants_own() -> None:
    # Skyward Fire's list view shows the product's total beside its first variant.
    grid = ('<div class="variant-row"><span class="variant-short-info">NM-Mint, English</span>'
            '<form class="add-to-cart-form" data-vid="1101"><span class="regular price">£2.25</span>'
            '<select class="qty" max="14"><option>1</option><option>10</option></select></form></div>')
    listed = grid.replace("</span><form", '</span><span class="drop-qty">17 In Stock</span><form')
    detail = ('<div class="variant-row row"><span class="variant-short-info">NM-Mint, English, <em>14 In Stock</em></span>'
              '<form class="add-to-cart-form" data-vid="1101"><span class="regular price">£2.25</span></form></div>'
              '<div class="variant-row row"><span class="variant-short-info">Light Play, English, <em>2 In Stock</em>'
              '</span><form class="add-to-cart-form" data-vid="1102"><span class="regular price">£2.14</span></form></div>')
    page = results(product("Dromoka's Command", "/catalog/magic_singles-dtk/dromokas_command/1", grid + listed + detail))
    offers = crystal_commerce.parse_search_page(page, "Dromoka's Command", base_url=BASE).offers
    assert [(o.variant_id, o.condition, o.quantity) for o in offers] == [("1101", "NM", 14), ("1102", "LP", 2)]


@pytest.mark.parametrize("page, reason", [
    (results(after='<div class="loading-spinner"></div>'), "the results had not loaded"),
    (results(), "an empty product list that does not say there are no results"),
    (results('<li class="product"><div class="placeholder"></div></li>'), "had not loaded"),
], ids=["spinner", "empty list", "placeholder items"])
def test_a_results_page_saved_before_its_results_rendered_is_not_read_as_no_results(page, reason) -> None:
    with pytest.raises(UnreadablePage, match=reason):
        crystal_commerce.parse_search_page(page, "Steam Vents", base_url=BASE)


def test_an_empty_results_page_that_says_so_is_no_results() -> None:
    page = results(after='<p class="no-results">No products found matching "steam vents".</p>')
    assert crystal_commerce.parse_search_page(page, "Steam Vents", base_url=BASE).offers == []
    said = results(after="<p>Sorry, no products matched your search.</p>")
    assert crystal_commerce.parse_search_page(said, "Steam Vents", base_url=BASE).offers == []


def test_a_stores_own_menu_names_its_magic_singles_category_for_the_sync() -> None:
    menu = ('<html><head><link href="https://crystalcommerce.com/themes/clients/x/app.css"></head><body><ul>'
            '<li><a href="/catalog/magic_the_gathering_singles/8">Magic: The Gathering Singles</a></li>'
            '<li><a href="/catalog/magic_the_gathering_sealed_products/12">Magic: The Gathering Sealed Products</a></li>'
            '</ul></body></html>')
    assert detect(menu, "https://harlequins.example").settings == {
        "catalog_path": "/catalog/magic_the_gathering_singles/8"}
    # Only a search form's option: the id from it, the slug from the page's Magic links.
    form = ('<html><body><a href="https://crystalcommerce.com/x.css"></a><select name="c"><option value="1">My Store'
            '</option><option value="8">Magic: The Gathering Singles</option></select>'
            '<a href="/catalog/mtg_singles-double_masters_2022/go_for_the_throat/2070365">Go for the Throat</a>'
            '</body></html>')
    assert detect(form, "https://x.example").settings == {"catalog_path": "/catalog/mtg_singles/8"}
    # The default path needs no setting.
    assert detect(menu.replace("magic_the_gathering_singles/8", "magic_singles/8"), "https://x.example").settings == {}
