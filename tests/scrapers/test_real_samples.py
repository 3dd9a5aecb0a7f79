"""Real store responses (../shared/real-samples/, see its README and PROVENANCE files), searched
end to end over HTTP, checked field by field against what a buyer reads off each page.

Each expected row is (name, set name, set code, collector number, finish, condition, language,
price, currency, quantity). A blank ("" or None) is a field the page does not give: the parser
must leave it blank rather than guess.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from saved_site import HTML, REAL_SAMPLES, Saved, real_sample, saved_site

import scrapers
from scrapers import StoreConfig
from scrapers.result import NOT_FOUND, OK


def row(offer: scrapers.Offer) -> tuple:
    return (offer.name, offer.set_name, offer.set_code, offer.collector_number, offer.finish, offer.condition,
            offer.language, offer.price, offer.currency, offer.quantity)


def store(platform: str, url: str, currency: str = "USD", **settings: object) -> StoreConfig:
    return StoreConfig(f"real-{platform}", "Real store", platform, url, dict(settings), currency, 1000.0)


def shopify_routes(case: str, suggest: str = "suggest.json") -> dict[str, Saved]:
    """The case's suggest answer, and each captured product answer at its handle's path."""
    routes = {"/search/suggest.json": Saved(real_sample(f"shopify/{case}/{suggest}"))}
    for product in (REAL_SAMPLES / "shopify" / case).glob("*.js"):
        routes[f"/products/{product.name}"] = Saved(product.read_bytes())
    return routes


def test_the_real_samples_folder_is_there() -> None:
    # A clean clone without ../shared/real-samples must fail here, not skip the cases below.
    assert sorted(path.name for path in REAL_SAMPLES.iterdir() if path.is_dir()) == [
        "binderpos", "crystal_commerce", "robots", "shopify", "tcgplayer_pro", "woocommerce",
    ]


# -- Crystal Commerce ---------------------------------------------------------------------------

# (card, store currency, requests, expected offers), read by hand from each page. The requests:
# one per results page; the UK pages link a page 2, which the saved site answers with the same
# page again, so the search reads it, finds no product it had not seen and stops. No set and
# finish has two products here, so no product page is read for a collector number.
CRYSTAL_COMMERCE = {
    "gamescube_army_of_the_damned": ("Army of the Damned", "AUD", 1, [
        ("Army of the Damned", "Commander 2016", "", None, "nonfoil", "LP", "English", Decimal("1.86"), "AUD", 4),
        ("Army of the Damned", "Commander 2016", "", None, "nonfoil", "NM", "English", Decimal("1.96"), "AUD", 12),
    ]),
    # The set is Italian Revised, but the store's variant says "English": that is what it states.
    "mtgseattle_lightning_bolt": ("Lightning Bolt", "USD", 1, [
        ("Lightning Bolt", "Italian Revised FBB", "", None, "nonfoil", "LP", "English", Decimal("59.99"), "USD", 1),
        ("Lightning Bolt", "Italian Revised FBB", "", None, "nonfoil", "NM", "English", Decimal("69.99"), "USD", 1),
    ]),
    # The older theme: "NM-Mint, English" in one span, the price only in `span.regular.price` (£ as
    # &#163;), the form has only `data-vid`. Two products' links have no "magic_singles"
    # (`/catalog/guilds_of_ravnica/…`, `/catalog/unfinity/…`). The two Promo Pack printings are
    # sold out; "Restless Vents" and "Phantasmagorian" are other cards.
    "skywardfire_steam_vents": ("Steam Vents", "GBP", 2, [
        ("Steam Vents", "Guilds of Ravnica", "", None, "nonfoil", "NM", "English", Decimal("13.25"), "GBP", 3),
        ("Steam Vents", "Return to Ravnica", "", None, "nonfoil", "NM", "English", Decimal("15.95"), "GBP", 1),
        ("Steam Vents", "Guilds of Ravnica", "", None, "foil", "NM", "English", Decimal("17.95"), "GBP", 1),
        ("Steam Vents", "Guildpact", "", None, "nonfoil", "NM", "English", Decimal("20.95"), "GBP", 1),
        ("Steam Vents - Foil - Borderless", "Unfinity", "", None, "foil", "NM", "English", Decimal("53.06"), "GBP", 1),
    ]),
    # Dragons of Tarkir has three conditions, shown only in the detail view; the list view puts the
    # product's total ("17 In Stock") beside the Near Mint row, whose own count is 14 (the detail
    # view's "14 In Stock" and its quantity select's max). The foil is sold out.
    "skywardfire_dromokas_command": ("Dromoka's Command", "GBP", 2, [
        ("Dromoka's Command", "Double Masters 2022", "", None, "nonfoil", "NM", "English", Decimal("0.95"), "GBP", 3),
        ("Dromoka's Command", "Dragons of Tarkir", "", None, "nonfoil", "HP", "English", Decimal("1.69"), "GBP", 1),
        ("Dromoka's Command", "Dragons of Tarkir", "", None, "nonfoil", "LP", "English", Decimal("2.14"), "GBP", 2),
        ("Dromoka's Command", "Dragons of Tarkir", "", None, "nonfoil", "NM", "English", Decimal("2.25"), "GBP", 14),
        ("Dromoka's Command - Foil - Prerelease Promo", "Pre-Release Promos", "", None, "foil", "NM", "English",
         Decimal("5.95"), "GBP", 1),
    ]),
    # The common theme with every variant in the grid, list and detail views. The foil is a variant
    # of the same product, "Foil, English": the store states no condition for it, so none is given.
    "magiccardtrader_restless_spire": ("Restless Spire", "GBP", 2, [
        ("Restless Spire", "Wilds of Eldraine", "", None, "nonfoil", "NM", "English", Decimal("0.80"), "GBP", 2),
        ("Restless Spire", "Wilds of Eldraine", "", None, "foil", "", "English", Decimal("1.04"), "GBP", 1),
    ]),
}


@pytest.mark.parametrize("case", CRYSTAL_COMMERCE)
def test_crystal_commerce_real_pages_read_field_by_field(make_client, case) -> None:
    card, currency, requests, expected = CRYSTAL_COMMERCE[case]
    page = Saved(real_sample(f"crystal_commerce/{case}/search.html"), HTML)
    client = make_client(max_bytes=1024 * 1024)  # the UK pages are up to 0.35 MB
    with saved_site({"/products/search": page}) as site:
        # Default settings, as a store gets them when added.
        result = scrapers.search(store("crystal_commerce", site.url, currency), card, client)
        asked = dict(site.requests)
    assert result.status == OK, result.reason
    assert [row(offer) for offer in result.offers] == expected
    assert result.requests == requests
    assert asked == {"/products/search": requests}


# -- Shopify --------------------------------------------------------------------------------------

SHOPIFY = {
    # "[3ED - N/A]" is a set code and "no number"; the set name is the vendor.
    "pandemonium_sol_ring": ("Sol Ring", 6, [
        ("Sol Ring [3ED - N/A]", "Revised Edition", "3ED", None, "nonfoil", "MP", "English", Decimal("29.74"), "USD", None),
        ("Sol Ring [3ED - N/A]", "Revised Edition", "3ED", None, "nonfoil", "LP", "English", Decimal("33.46"), "USD", None),
    ]),
    "tabletop_sol_ring": ("Sol Ring", 11, [
        ("Sol Ring (0912) (Rainbow Foil) [Secret Lair Drop Series]", "Secret Lair Drop Series", "SLD", "912", "foil",
         "NM", "English", Decimal("14.40"), "USD", None),
    ]),
    "tabletop_cloudshift": ("Cloudshift", 3, [
        ("Cloudshift [Avacyn Restored]", "Avacyn Restored", "AVR", "12", "nonfoil", "LP", "English", Decimal("1.80"), "USD", None),
        ("Cloudshift [Avacyn Restored]", "Avacyn Restored", "AVR", "12", "nonfoil", "NM", "English", Decimal("2.10"), "USD", None),
    ]),
    "dynamic_sol_ring": ("Sol Ring", 2, [
        ("Sol Ring (0057) [Aetherdrift Commander]", "Aetherdrift Commander", "DRC", "57", "nonfoil", "NM", "English",
         Decimal("2.00"), "USD", None),
    ]),
    # Axion Now (UK) files every game under type "Singles" and says the game in its tags: seven
    # Magic printings of the card are asked for; the Lorcana "Zeus - Mr. Lightning Bolts" and the
    # double-faced "Emeritus of Conflict // Lightning Bolt" (another card) are not. Titles carry
    # the number and set code ("(401) - CLB"), the vendor is the shop's name, not a set. Only the
    # CLB answer was captured (the others answer 404): Foil / Near Mint is its one available variant
    # (Non-Foil / Near Mint and Non-Foil / Excellent are sold out); prices are pence.
    "axionnow_lightning_bolt": ("Lightning Bolt", 8, [
        ("Lightning Bolt (401) - CLB", "", "CLB", "401", "foil", "NM", None, Decimal("2.26"), "GBP", None),
    ]),
}
SHOPIFY_CURRENCY = {"axionnow_lightning_bolt": "GBP"}


@pytest.mark.parametrize("case", SHOPIFY)
def test_shopify_real_answers_read_field_by_field(client, case) -> None:
    card, requests, expected = SHOPIFY[case]
    suggest = "suggest.SYNTHESIZED.json" if case == "dynamic_sol_ring" else "suggest.json"
    with saved_site(shopify_routes(case, suggest)) as site:
        result = scrapers.search(store("shopify", site.url, SHOPIFY_CURRENCY.get(case, "USD")), card, client)
    assert result.status == OK, result.reason
    assert [row(offer) for offer in result.offers] == expected
    # One suggest request and one per matching available product (uncaptured ones answer 404).
    assert result.requests == requests


def test_shopify_pandemonium_brackets_give_codes_and_numbers() -> None:
    data = json.loads(real_sample("shopify/pandemonium_sol_ring/suggest.json"))
    titles = {item["title"]: item["vendor"] for item in data["resources"]["results"]["products"]}
    sets = {title: scrapers.shopify.set_of(title, vendor) for title, vendor in titles.items()}
    assert sets["Sol Ring (1696) [SLD - 1696]"] == scrapers.shopify.SetOfTitle("Secret Lair Drop Series", "SLD", "1696")
    assert sets["Sol Ring (Halo Foil) [SLC - 46]"] == scrapers.shopify.SetOfTitle("Secret Lair Countdown Kit", "SLC", "46")
    assert sets["Sol Ring [3ED - N/A]"] == scrapers.shopify.SetOfTitle("Revised Edition", "3ED", None)


@pytest.mark.parametrize("case", ["webway_sol_ring_empty", "webway_sol_ring_unquoted_noise"])
def test_shopify_real_answers_without_an_available_copy_are_not_found(client, case) -> None:
    # Empty, or other games plus sold-out Magic printings: a genuine "no copies", in one request.
    with saved_site(shopify_routes(case)) as site:
        result = scrapers.search(store("shopify", site.url), "Sol Ring", client)
    assert (result.status, result.requests) == (NOT_FOUND, 1), result.reason


# -- BinderPOS ------------------------------------------------------------------------------------

BOSEIJU_SET = ("Kamigawa: Neon Dynasty", "NEO", "177")
BINDERPOS_API = {
    ("progamers_boseiju_api/forStore.json", "Boseiju Reaches Skyward"): [
        ("Boseiju Reaches Skyward // Branch of Boseiju [Kamigawa: Neon Dynasty]", *BOSEIJU_SET, "nonfoil", "NM",
         "English", Decimal("0.50"), "AUD", 16),
        ("Boseiju Reaches Skyward // Branch of Boseiju [Kamigawa: Neon Dynasty]", *BOSEIJU_SET, "foil", "NM",
         "English", Decimal("0.50"), "AUD", 9),
    ],
    # The derived case puts one "Near Mint Non English" copy (SKU still -EN-) in stock.
    ("progamers_non_english_DERIVED/forStore.DERIVED.json", "Boseiju Reaches Skyward"): [
        ("Boseiju Reaches Skyward // Branch of Boseiju [Kamigawa: Neon Dynasty]", *BOSEIJU_SET, "nonfoil", "NM",
         "English", Decimal("0.50"), "AUD", 16),
        ("Boseiju Reaches Skyward // Branch of Boseiju [Kamigawa: Neon Dynasty]", *BOSEIJU_SET, "nonfoil", "NM",
         "Non English", Decimal("0.50"), "AUD", 1),
        ("Boseiju Reaches Skyward // Branch of Boseiju [Kamigawa: Neon Dynasty]", *BOSEIJU_SET, "foil", "NM",
         "English", Decimal("0.50"), "AUD", 9),
    ],
    ("progamers_boseiju_api/forStore.json", "Boon of Boseiju"): [
        ("Boon of Boseiju [Kamigawa: Neon Dynasty]", "Kamigawa: Neon Dynasty", "NEO", "176", "nonfoil", "NM",
         "English", Decimal("0.50"), "AUD", 2),
    ],
    ("progamers_boseiju_api/forStore.json", "Boseiju, Who Shelters All"): [
        ("Boseiju, Who Shelters All (Neon Ink Yellow) [Secret Lair Drop Series]", "Secret Lair Drop Series", "SLD",
         "426", "foil", "NM", "English", Decimal("21.60"), "AUD", 5),
    ],
}


@pytest.mark.parametrize("case", BINDERPOS_API, ids=[f"{path.split('/')[0]}-{card}" for path, card in BINDERPOS_API])
def test_binderpos_real_api_answers_read_field_by_field(client, case) -> None:
    path, card = case
    with saved_site({"/external/shopify/products/forStore": Saved(real_sample(f"binderpos/{path}"))}) as api:
        config = store("binderpos", "https://progamers.example", "AUD", shop="pro-gamers-and-collectables", api_url=api.url)
        result = scrapers.search(config, card, client)
    assert result.status == OK, result.reason
    assert [row(offer) for offer in result.offers] == BINDERPOS_API[case]
    assert result.requests == 1  # count 3 fits in one page


def test_binderpos_real_grid_theme_page_reads_the_shown_variant_of_each_printing(make_client) -> None:
    page = Saved(real_sample("binderpos/progamers_mox_jasper_theme/search.html"), HTML)
    client = make_client(max_bytes=1024 * 1024)  # the real page is 0.7 MB
    with saved_site({"/search": page}) as site:
        result = scrapers.search(store("binderpos", site.url, "AUD", mode="html"), "Mox Jasper", client)
        asked = dict(site.requests)
    assert result.status == OK, result.reason
    # The page shows Near Mint preselected and does not say which other variants are in stock;
    # their Shopify answers were not captured (404), so each printing gives its shown variant.
    assert [row(offer) for offer in result.offers] == [
        ("Mox Jasper [Tarkir: Dragonstorm]", "Tarkir: Dragonstorm", "", None, "nonfoil", "NM", None,
         Decimal("22.70"), "AUD", None),
        ("Mox Jasper (Showcase) [Tarkir: Dragonstorm]", "Tarkir: Dragonstorm", "", None, "nonfoil", "NM", None,
         Decimal("38.40"), "AUD", None),
    ]
    assert [offer.variant_id for offer in result.offers] == ["49934343110953", "49934341701929"]
    assert asked == {"/search": 1, "/products/mox-jasper-tarkir-dragonstorm.js": 1,
                     "/products/mox-jasper-showcase-tarkir-dragonstorm.js": 1}


# Real server HTML of two UK BinderPOS stores' own search pages, searched as a store added with its
# defaults and html mode is: every in-stock copy the page shows, field by field.
BINDERPOS_THEMES = {
    # The BinderPOS "productCard" theme as served: chips spell data-variantId, data-price (pence),
    # data-variantTitle, data-variantQuantity. One of ten printings is in stock, in two conditions;
    # the other nine say "Out of Stock". No set code, number or language on the page.
    "boardsandswords_steam_vents": ("Steam Vents", 1, [
        ("Steam Vents", "Guilds of Ravnica", "", None, "nonfoil", "NM", None, Decimal("11.40"), "GBP", 1),
        ("Steam Vents", "Guilds of Ravnica", "", None, "nonfoil", "LP", None, Decimal("11.40"), "GBP", 2),
    ]),
    # A regular Shopify theme: each product's variants sit in its option lists (data-available,
    # disabled) and a hidden data-product-variants JSON whose SKUs give set, number and language
    # ("RVR-412-RETRO-EN-FO-1"). Two of ten printings have a copy; no quantity is shown. The page
    # links a page 2 (13 results), which the capture does not have: the saved site answers the
    # same page again, and a page of listings already read ends the paging.
    "dicesaloon_steam_vents": ("Steam Vents", 2, [
        ("Steam Vents [Guilds of Ravnica]", "Guilds of Ravnica", "GRN", "257", "nonfoil", "NM", "English",
         Decimal("11.60"), "GBP", None),
        ("Steam Vents (Retro) [Ravnica Remastered]", "Ravnica Remastered", "RVR", "412", "foil", "NM", "English",
         Decimal("41.60"), "GBP", None),
    ]),
}


@pytest.mark.parametrize("case", BINDERPOS_THEMES)
def test_binderpos_real_theme_pages_read_field_by_field(make_client, case) -> None:
    card, requests, expected = BINDERPOS_THEMES[case]
    page = Saved(real_sample(f"binderpos/{case}/search.html"), HTML)
    client = make_client(max_bytes=1024 * 1024)  # Dice Saloon's page is 0.4 MB
    with saved_site({"/search": page}) as site:
        result = scrapers.search(store("binderpos", site.url, "GBP", mode="html"), card, client)
        asked = dict(site.requests)
    assert result.status == OK, result.reason
    assert [row(offer) for offer in result.offers] == expected
    # Every variant's stock is on the page: no product answer is asked for.
    assert asked == {"/search": requests}


# -- TCGplayer Pro --------------------------------------------------------------------------------

LIGHTNING_BOLT_TCG = [
    ("Lightning Bolt (A25)", "The List Reprints", "", None, "nonfoil", "MP", "English", Decimal("1.11"), "USD", 1),
    ("Lightning Bolt", "Commander Legends: Battle for Baldur's Gate", "", None, "foil", "LP", "English",
     Decimal("1.22"), "USD", 1),
    ("Lightning Bolt", "Revised Edition", "", None, "nonfoil", "LP", "English", Decimal("1.61"), "USD", 1),
    ("Lightning Bolt (Borderless)", "Double Masters 2022", "", None, "foil", "LP", "English", Decimal("2.11"), "USD", 1),
    ("Lightning Bolt", "Fourth Edition", "", None, "nonfoil", "HP", "English", Decimal("2.63"), "USD", 4),
    ("Lightning Bolt", "Revised Edition", "", None, "nonfoil", "MP", "English", Decimal("3.11"), "USD", 1),
    ("Lightning Bolt", "Revised Edition", "", None, "nonfoil", "HP", "English", Decimal("3.17"), "USD", 2),
    ("Lightning Bolt (083)", "Secret Lair Drop Series", "", "083", "foil", "LP", "English", Decimal("4.35"), "USD", 1),
    ("Lightning Bolt (085)", "Secret Lair Drop Series", "", "085", "foil", "LP", "English", Decimal("4.74"), "USD", 1),
    ("Lightning Bolt (084)", "Secret Lair Drop Series", "", "084", "foil", "LP", "English", Decimal("4.93"), "USD", 1),
]
SOL_RING_TCG = [
    ("Sol Ring", "Universes Beyond: Fallout", "", None, "nonfoil", "NM", "English", Decimal("1.41"), "USD", 1),
    ("Sol Ring", "Commander: Tarkir: Dragonstorm", "", None, "nonfoil", "NM", "English", Decimal("1.41"), "USD", 1),
    ("Sol Ring", "Commander 2021", "", None, "nonfoil", "NM", "English", Decimal("1.49"), "USD", 1),
    ("Sol Ring", "Commander: Outlaws of Thunder Junction", "", None, "nonfoil", "NM", "English", Decimal("1.66"), "USD", 1),
    ("Sol Ring (249)", "Universes Beyond: Warhammer 40,000", "", "249", "nonfoil", "NM", "English", Decimal("2.29"), "USD", 1),
]


@pytest.mark.parametrize("case, card, expected", [
    # Artist-signed custom listings and "Thrum of the Vestige - Lightning Bolt" are not the card.
    ("lightning_bolt", "Lightning Bolt", LIGHTNING_BOLT_TCG),
    ("elegantoctopus_sol_ring", "Sol Ring", SOL_RING_TCG),
])
def test_tcgplayer_pro_real_answers_read_field_by_field(client, case, card, expected) -> None:
    routes = {"/api/catalog/search": Saved(real_sample(f"tcgplayer_pro/{case}/search.json")),
              "/api/inventory/skus": Saved(real_sample(f"tcgplayer_pro/{case}/skus.json"))}
    with saved_site(routes) as site:
        # One results page: the capture answers every page alike (Sol Ring has 110 results).
        result = scrapers.search(store("tcgplayer_pro", site.url, max_pages=1), card, client)
    assert result.status == OK, result.reason
    assert [row(offer) for offer in result.offers] == expected
    assert result.requests == 2


# -- WooCommerce ----------------------------------------------------------------------------------

def test_woocommerce_real_answer_leaves_unstated_fields_blank(client) -> None:
    routes = {"/wp-json/wc/store/v1/products": Saved(real_sample("woocommerce/lacripta_sol_ring/products.json"))}
    with saved_site(routes) as site:
        result = scrapers.search(store("woocommerce", site.url, "CLP"), "Sol Ring", client)
    assert result.status == OK, result.reason
    # No condition, set, language or stock count on the page: blank, not "NM" or "English".
    assert [row(offer) for offer in result.offers] == [
        ("Sol Ring", "", "", None, "nonfoil", "", None, Decimal("3000"), "CLP", None),
    ]
    assert result.offers[0].url == "https://lacripta.cl/producto/sol-ring-8/"


def test_every_real_sample_file_is_used_by_a_test() -> None:
    used = {
        *(f"crystal_commerce/{case}/search.html" for case in CRYSTAL_COMMERCE),
        *(f"binderpos/{path}" for path, _ in BINDERPOS_API),
        "binderpos/progamers_mox_jasper_theme/search.html",
        *(f"binderpos/{case}/search.html" for case in BINDERPOS_THEMES),
        *(f"tcgplayer_pro/{case}/{name}" for case in ("lightning_bolt", "elegantoctopus_sol_ring")
          for name in ("search.json", "skus.json")),
        "woocommerce/lacripta_sol_ring/products.json",
        *(str(path.relative_to(REAL_SAMPLES)) for path in (REAL_SAMPLES / "shopify").glob("*/*")),
    }
    on_disk = {str(path.relative_to(REAL_SAMPLES)) for path in REAL_SAMPLES.glob("*/*/*") if path.is_file()}
    assert on_disk == used, "a new real sample needs a field-by-field case here"


def test_binderpos_grid_theme_offers_come_from_the_products_shopify_answer_when_it_answers(make_client) -> None:
    # Hand-made product answer for the first printing (the capture has none): two variants
    # available, one of them a foreign copy whose SKU still says EN; the showcase one answers 404.
    product = {"title": "Mox Jasper [Tarkir: Dragonstorm]", "handle": "mox-jasper-tarkir-dragonstorm",
               "vendor": "Magic: The Gathering", "variants": [
                   {"id": 49934343110953, "title": "Near Mint", "option1": "Near Mint", "price": 2270,
                    "available": False, "sku": "TDM-246-EN-NF-1"},
                   {"id": 49934343143721, "title": "Lightly Played", "option1": "Lightly Played", "price": 2155,
                    "available": True, "sku": "TDM-246-EN-NF-2"},
                   {"id": 49934343274793, "title": "Near Mint Non English", "option1": "Near Mint Non English",
                    "price": 2270, "available": True, "sku": "TDM-246-EN-NF-1"},
               ]}
    routes = {"/search": Saved(real_sample("binderpos/progamers_mox_jasper_theme/search.html"), HTML),
              "/products/mox-jasper-tarkir-dragonstorm.js": Saved(json.dumps(product).encode())}
    with saved_site(routes) as site:
        result = scrapers.search(store("binderpos", site.url, "AUD", mode="html"), "Mox Jasper", make_client(max_bytes=1 << 20))
    assert [(o.name, o.set_code, o.collector_number, o.condition, o.language, o.price) for o in result.offers] == [
        ("Mox Jasper [Tarkir: Dragonstorm]", "TDM", "246", "LP", "English", Decimal("21.55")),
        ("Mox Jasper [Tarkir: Dragonstorm]", "TDM", "246", "NM", "Non English", Decimal("22.70")),
        ("Mox Jasper (Showcase) [Tarkir: Dragonstorm]", "", None, "NM", None, Decimal("38.40")),
    ]
