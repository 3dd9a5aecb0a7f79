"""How fast do our parsers read a saved page?

    python bench/parse_speed.py                                  # Crystal Commerce, 24 products
    python bench/parse_speed.py --platform shopify --card "Sol Ring"
    python bench/parse_speed.py --platform crystal_commerce --page path/to/page.html --card "Counterspell"

Prints pages parsed per second and offers found. For Crystal Commerce it also runs an equivalent
extraction with BeautifulSoup (html.parser), the usual way scrapers read these pages, and prints
how many times faster ours is. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapers import binderpos, conduct, crystal_commerce, shopify, tcgplayer_pro, woocommerce  # noqa: E402
from scrapers import vocabulary  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "scrapers"
BASE = "https://store.example"

# platform -> (default page, default card, parse function taking the raw bytes and card name)
PARSERS: dict[str, tuple[str, str, Callable[[bytes, str], list]]] = {
    "crystal_commerce": ("crystal_commerce/search_24_products.html", "Lightning Bolt",
                         lambda raw, card: crystal_commerce.parse_search_page(raw, card, base_url=BASE).offers),
    "shopify": ("shopify/product_sol_ring_sld.json", "Sol Ring",
                lambda raw, card: shopify.parse_product(json.loads(raw), card, BASE)),
    "binderpos": ("binderpos/api_dockside.json", "Dockside Extortionist",
                  lambda raw, card: binderpos.parse_api_response(json.loads(raw), card, BASE).offers),
    "binderpos_theme": ("binderpos/theme_search.html", "Llanowar Elves",
                        lambda raw, card: binderpos.parse_theme_page(raw, card, BASE).offers),
    "conduct": ("conduct/advanced_search_llanowar.json", "Llanowar Elves",
                lambda raw, card: conduct.parse_listings(json.loads(raw), card, BASE).offers),
    "tcgplayer_pro": ("tcgplayer_pro/search_lightning_bolt.json", "Lightning Bolt",
                      lambda raw, card: tcgplayer_pro.parse_search(json.loads(raw), card, BASE).products),
    "woocommerce": ("woocommerce/products_sol_ring.json", "Sol Ring",
                    lambda raw, card: woocommerce.parse_products(json.loads(raw), card).offers),
}


def rates(
    parsers: dict[str, Callable[[bytes, str], list]], raw: bytes, card: str, seconds: float, rounds: int = 8
) -> dict[str, tuple[float, int]]:
    """(pages per second, items found per page) of each parser, `seconds` of parsing each.

    The parsers take turns in `rounds` short slices rather than one long run each: on a shared
    machine a burst of other work then slows them alike instead of skewing the ratio.
    """
    found = {label: len(parse(raw, card)) for label, parse in parsers.items()}
    runs = dict.fromkeys(parsers, 0)
    spent = dict.fromkeys(parsers, 0.0)
    for _ in range(rounds):
        for label, parse in parsers.items():
            started = time.perf_counter()
            while (elapsed := time.perf_counter() - started) < seconds / rounds:
                parse(raw, card)
                runs[label] += 1
            spent[label] += elapsed
    return {label: (runs[label] / spent[label], found[label]) for label in parsers}


def soup_crystal_commerce(raw: bytes, card: str) -> list:
    """The common theme's extraction (data-vid forms, data-variant, data-price, links under
    "magic_singles"), written with BeautifulSoup: the fixture's offers, without the theme-independent
    fallbacks parse_search_page also tries."""
    from bs4 import BeautifulSoup

    from scrapers import matching

    soup = BeautifulSoup(raw, "html.parser")
    offers, seen = [], set()
    for product in soup.find_all("li", class_="product"):
        heading = product.find("h4", class_="name")
        name = (heading.get("title") or heading.get_text(strip=True)) if heading else ""
        category = product.find("span", class_="category")
        set_name = category.get_text(strip=True) if category else ""
        href = next((a["href"] for a in product.find_all("a", href=True) if "/catalog/" in a["href"]), "")
        if "magic_singles" not in href or not matching.is_same_card(name, card, set_name):
            continue
        for row in product.find_all("div", class_="variant-row"):
            form = row.find("form", attrs={"data-vid": True})
            if "no-stock" in row.get("class", []) or form is None or form["data-vid"] in seen:
                continue
            seen.add(form["data-vid"])
            description = form.get("data-variant", "")
            qty = row.find("span", class_="variant-qty")
            offers.append((
                name, set_name, vocabulary.parse_condition(description.split(",")[0]),
                vocabulary.parse_price(form.get("data-price")),
                vocabulary.parse_quantity(qty.get_text() if qty else ""), vocabulary.parse_finish(name),
            ))
    return offers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--platform", default="crystal_commerce", choices=sorted(PARSERS))
    parser.add_argument("--page", help="a saved page (default: the platform's fixture)")
    parser.add_argument("--card", help="the card to look for (default: the fixture's card)")
    parser.add_argument("--seconds", type=float, default=2.0, help="time to spend per parser")
    args = parser.parse_args()

    default_page, default_card, parse = PARSERS[args.platform]
    page = Path(args.page) if args.page else FIXTURES / default_page
    card = args.card or default_card
    raw = page.read_bytes()
    print(f"{args.platform}: {page.name} ({len(raw) / 1024:.0f} KB), card {card!r}")
    parsers = {"ours (lxml)": parse}
    if args.platform == "crystal_commerce":
        parsers["BeautifulSoup (html.parser)"] = soup_crystal_commerce
    results = rates(parsers, raw, card, args.seconds)
    for label, (pages_per_second, found) in results.items():
        print(f"  {label + ':':28} {pages_per_second:9.1f} pages/s, {found} offers")
    if len(results) == 2:
        (ours, _), (theirs, _) = results.values()
        print(f"  ours is {ours / theirs:.1f}x faster")


if __name__ == "__main__":
    main()
