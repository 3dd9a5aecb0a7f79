"""robots.txt files for tests: Shopify's real default (from the real samples) and an older one."""

from __future__ import annotations

import re

from saved_site import REAL_SAMPLES

SHOPIFY_DEFAULT = (REAL_SAMPLES / "robots" / "shopify-default.txt").read_text(encoding="utf-8")
# Shopify's default before `Allow: /search/` was added: the predictive search is disallowed there.
OLDER_SHOPIFY = "User-agent: *\nDisallow: /admin\nDisallow: /cart\nDisallow: /search\nDisallow: /checkout\n"


def under(prefix: str, text: str) -> str:
    """The file as a store living under `prefix` would serve it (each sample store has its own path,
    and the sample server one robots.txt at its root)."""
    return re.sub(r"^((?:Dis)?[Aa]llow:\s*)/", rf"\1{prefix}/", text, flags=re.M)
