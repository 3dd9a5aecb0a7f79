"""How many HTTP requests does one (card, store) check cost on each platform?

    python bench/requests_per_check.py [--card "Lightning Bolt" --card Counterspell] [--page-size 24]

Runs every sample store (one per platform, from `scrapers.sample_store`) on a local server and
prints, per check, the requests our client counted and the requests the server received.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scrapers  # noqa: E402
from scrapers.http import HttpClient  # noqa: E402
from scrapers.sample_store import running_sample_store, sample_store_definitions  # noqa: E402
from scrapers.store import StoreConfig  # noqa: E402

CARDS = ["Lightning Bolt", "Counterspell", "Fire // Ice", "Sol Ring", "Black Lotus"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--card", action="append", help="card to check (repeatable)")
    parser.add_argument("--page-size", type=int, default=24, help="products per results page on the sample store")
    args = parser.parse_args()
    cards = args.card or CARDS

    with running_sample_store(page_size=args.page_size) as server:
        client = HttpClient()
        print(f"sample store page size {args.page_size}; requests per check (client / server), status")
        print(f"{'store':<26}" + "".join(f"{card[:16]:>20}" for card in cards))
        for definition in sample_store_definitions(server.url):
            store = StoreConfig(definition["slug"], definition["name"], definition["platform"], definition["base_url"],
                                definition["settings"], definition["currency"], requests_per_second=1000)
            cells = []
            for card in cards:
                server.reset()
                started = time.perf_counter()
                result = scrapers.search(store, card, client)
                elapsed = (time.perf_counter() - started) * 1000
                cells.append(f"{result.requests}/{server.requests()} {result.status[:5]} {elapsed:4.0f}ms")
            print(f"{definition['slug']:<26}" + "".join(f"{cell:>20}" for cell in cells))


if __name__ == "__main__":
    main()
