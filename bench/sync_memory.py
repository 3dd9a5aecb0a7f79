"""Memory of one inventory sync of a listing that never ends: products kept to the end, or streamed.

    python bench/sync_memory.py [--products 100000]

The sample store's `endless` mode answers 250 products on every `/products.json` page, for ever (a
runaway store did: 2,000 pages, 500,000 rows, 757 MB of worker memory). A sync now stops at the
product cap (`--products`, the site's INVENTORY_MAX_PRODUCTS, 100,000) with an error, and hands each
page's products to the caller as it is read (`read_inventory(on_products=…)`, which the Django side
writes to its staging index) instead of keeping them. This prints, for the same listing read to the
cap, the peak of Python memory (tracemalloc) with the products kept in the sync (as every sync did)
and streamed page by page (as a sync does now), and the time.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapers.http import ClientSettings, HttpClient  # noqa: E402
from scrapers.sample_store import running_sample_store  # noqa: E402
from scrapers.sync import read_inventory  # noqa: E402


def read(server, cap: int, stream: bool) -> tuple[float, float, str, int]:
    store = server.store_config("shopify", requests_per_second=100_000)
    client = HttpClient(ClientSettings(retries=0))
    kept: list = []
    tracemalloc.start()
    started = time.perf_counter()
    # Streamed: each page goes to a sink (here it is dropped; the Django side writes it to the
    # staging index). Kept: what a sync held before, every product until the end.
    sink = (lambda page: None) if stream else kept.extend
    result = read_inventory(store, client, on_products=sink, max_products=cap)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6, seconds, result.reason, result.pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000, help="the product cap (default 100,000)")
    args = parser.parse_args()
    with running_sample_store() as server:
        server.set_fault("shopify", hostile="endless")
        print(f"An endless listing (250 products a page), read to the cap of {args.products:,} products:")
        for stream in (False, True):
            peak, seconds, reason, pages = read(server, args.products, stream)
            how = "streamed page by page" if stream else "kept to the end      "
            print(f"  {how}: peak {peak:,.0f} MB (tracemalloc), {pages} pages in {seconds:.1f} s; {reason}")


if __name__ == "__main__":
    main()
