"""One shop, one store: the same web address given twice is the store already in the directory.

Addresses are compared by what names the shop, not by how it was typed: the scheme (http or
https), a leading `www.`, a trailing slash, a query or fragment and letter case do not make
another shop. The port and the path do (one host may serve several shops, as the sample store
server does under /shopify, /binderpos, …).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from stores.models import Store


def address_key(url: str) -> str:
    """"https://www.Hairy-T.com/" and "hairy-t.com" give the same key."""
    url = url.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I):
        url = "https://" + url
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1].lower().removeprefix("www.")  # with its port, if any
    return f"{host}{parts.path.rstrip('/').lower()}"


def store_at(url: str) -> Store | None:
    """The store whose homepage is this address, however either was written."""
    key = address_key(url)
    # Every homepage is read: the directory holds hundreds of stores, and the rule is Python's.
    for store in Store.objects.only("pk", "name", "slug", "homepage"):
        if address_key(store.homepage) == key:
            return store
    return None


def already_listed(store: Store) -> str:
    """How a refusal names the store the address belongs to."""
    return f"already in the directory as {store.name} ({store.slug})"
