"""Which URLs from a store may become a link: absolute http(s) URLs only.

A store writes its own product links, so a link can be `javascript:…`, `data:…` or something a
browser reads as one after stripping tabs and spaces. The scrapers drop such links when they read a
page; this rule guards every place that renders a stored link (pages, admin, emails), so rows saved
before that, or by any other path, cannot become a clickable script either. The dashboard's
JavaScript applies the same rule (`webUrl` in static/js/dashboard.js).
"""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = {"http", "https"}


def web_url(value: object) -> str:
    """`value` when it is an absolute http(s) URL with a host, else the empty string."""
    if not isinstance(value, str) or not value:
        return ""
    # Browsers ignore surrounding whitespace and control characters and drop tabs and newlines
    # anywhere ("java\tscript:"); refuse any such character rather than guess how one reads it.
    if any(ord(char) <= 0x20 or ord(char) == 0x7F for char in value):
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return ""
    return value
