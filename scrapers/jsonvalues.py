"""Reading untrusted JSON without a KeyError or TypeError at every step.

Store APIs change shape without notice. These helpers return a safe empty value for anything of
the wrong type, so a parser can skip one malformed product and keep the rest.
"""

from __future__ import annotations

from typing import Any

from scrapers.errors import UnreadablePage


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_text(value: Any) -> str:
    """Strings as they are, numbers as their digits, anything else as ""."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def dig(value: Any, *keys: str) -> Any:
    """value[k1][k2]... or None when any step is missing or not an object."""
    for key in keys:
        value = as_dict(value).get(key)
    return value


def require_list(value: Any, what: str) -> list[Any]:
    """The list a response must contain; raise `UnreadablePage` when it is not there at all."""
    if not isinstance(value, list):
        raise UnreadablePage(f"the store returned {what} we could not read")
    return value
