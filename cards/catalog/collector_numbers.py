"""Comparing collector numbers as stores and lists write them. Plain Python without Django, so the
buy plan's offer rule (`cards.wishlist.wanted`) uses it without a database."""

from __future__ import annotations


def same_collector_number(a: str, b: str) -> bool:
    """Stores and lists write "0146" for 146 and "24P" for 24p."""
    return a.strip().lstrip("0").casefold() == b.strip().lstrip("0").casefold()
