"""`python -m scrapers.sample_store --port 8765 [--latency-ms N] [--robots shopify=FILE …]`: serve the
sample stores; `--robots` gives a platform's store its own robots.txt (see `store_robots.py`)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from scrapers.sample_store.server import SampleStoreServer, sample_store_definitions


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve sample game stores for every supported platform.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency-ms", type=int, default=0, help="delay every answer by this long")
    parser.add_argument("--page-size", type=int, default=3, help="products per results page")
    parser.add_argument("--robots", action="append", default=[], metavar="PLATFORM=FILE",
                        help="serve FILE as that platform's store's own robots.txt (repeatable)")
    args = parser.parse_args()
    server = SampleStoreServer(args.port, host=args.host, latency_ms=args.latency_ms, page_size=args.page_size)
    for given in args.robots:
        platform, _, path = given.partition("=")
        server.set_robots(Path(path).read_text(encoding="utf-8"), platform=platform)
    print(f"Sample stores at {server.url} (control: POST {server.url}/_control)")
    for definition in sample_store_definitions(server.url):
        print(json.dumps(definition))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
