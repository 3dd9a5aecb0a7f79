"""Judging what the sample store received against a store's robots.txt, with the app's own parser.

The sample store serves a store's own robots.txt under the store's path prefix
(`scrapers/sample_store/store_robots.py`). A request is judged here twice: its path below the
store's prefix against the store's file as written (what a real shop at its host's root would
answer), and its full path against the file the sample host really served. Both must allow it.
"""

from __future__ import annotations

import requests

from scrapers.robots import parse_robots
from scrapers.sample_store import SampleStoreServer
from scrapers.sample_store.server import store_prefixes
from tests.scrapers.saved_site import REAL_SAMPLES

SHOP = "https://shop.example"  # where the store's own file is read as if it lived at the root


def shopify_default() -> str:
    """Shopify's default robots.txt (../shared/real-samples/robots/shopify-default.txt)."""
    return (REAL_SAMPLES / "robots" / "shopify-default.txt").read_text(encoding="utf-8")


def older_shopify_default() -> str:
    """Shopify's default before it allowed `/search/`: the same file without `Allow: /search/`."""
    lines = shopify_default().splitlines(keepends=True)
    kept = [line for line in lines if line.strip() != "Allow: /search/"]
    assert len(kept) == len(lines) - 1, "shopify-default.txt no longer has its `Allow: /search/` line"
    return "".join(kept)


def below_store(platform: str, path: str) -> str | None:
    """The path as the store would see it at its own host's root; None: not the store's own page
    (its platform's API host)."""
    for prefix in store_prefixes(platform):
        if path == prefix or path.startswith((prefix + "/", prefix + "?")):
            return path[len(prefix):] if path[len(prefix):].startswith("/") else "/" + path[len(prefix):]
    return None


def disallowed_requests(server: SampleStoreServer, platform: str, own_robots: str) -> list[str]:
    """The requests `platform` received that its own robots.txt, or the host's served one, disallows."""
    own = parse_robots(f"{SHOP}/robots.txt", 200, own_robots)
    served_answer = requests.get(f"{server.url}/robots.txt", timeout=10)
    served = parse_robots(f"{server.url}/robots.txt", served_answer.status_code, served_answer.text)
    refused = []
    for request in server.request_log(platform):
        relative = below_store(platform, request.path)
        if (relative is not None and not own.allows(SHOP + relative)) or not served.allows(server.url + request.path):
            refused.append(f"{request.method} {request.path}")
    return refused
