"""Reading untrusted JSON without a KeyError or TypeError at every step.

Store APIs change shape without notice. These helpers return a safe empty value for anything of
the wrong type, so a parser can skip one malformed product and keep the rest.
"""

from __future__ import annotations

import json
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


def read_json(content: bytes, what: str) -> Any:
    """The parsed JSON of a store's answer; `UnreadablePage` saying so when it is not JSON at all
    (an HTML home page, a login or maintenance page, an empty 200)."""
    if not content.strip():
        raise UnreadablePage(f"{what} not recognised: the store sent an empty answer")
    try:
        try:
            return json.loads(content)
        except UnicodeDecodeError:
            # Invalid UTF-8 inside strings: keep what is readable, mark the rest with U+FFFD.
            return json.loads(content.decode("utf-8", errors="replace"))
    except ValueError as exc:  # JSONDecodeError
        raise UnreadablePage(f"{what} not recognised: not JSON") from exc


def require_object_with_list(value: Any, key: str, what: str) -> list[Any]:
    """`value[key]`, which must be a list inside a JSON object; a reason naming it otherwise."""
    found = value.get(key) if isinstance(value, dict) else None
    if not isinstance(found, list):
        raise UnreadablePage(f"{what} not recognised: no '{key}' list")
    return found
