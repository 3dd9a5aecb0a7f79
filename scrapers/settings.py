"""Describing and checking a platform's per-store settings.

Each platform module declares `SETTINGS`, a tuple of `Setting`. The Django admin validates a store's
settings JSON with `scrapers.validate_settings()`, and platform modules read values (with defaults
filled in) through `resolve()`. Messages are written for the person editing the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scrapers.errors import InvalidSettings
from scrapers.games import GAMES, MAGIC

_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", dict: "an object", list: "a list"}


@dataclass(frozen=True)
class Setting:
    name: str
    kind: type  # str, int, bool, dict or list: what the JSON value must be
    help: str
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    # Extra check on the value; returns an error message or None.
    check: Callable[[Any], str | None] | None = None


ExtraCheck = Callable[[dict[str, Any]], list[str]]


def validate(
    platform: str, spec: tuple[Setting, ...], settings: object, extra: ExtraCheck | None = None
) -> list[str]:
    """Readable problems with `settings` for `platform`; empty when they are fine.

    `extra` checks rules that involve several settings (a platform module's `extra_errors`).
    """
    if not isinstance(settings, dict):
        return [f"settings for {platform} must be a JSON object"]
    known = {setting.name: setting for setting in spec}
    errors = [f"unknown setting '{name}' for {platform}" for name in settings if name not in known]
    for setting in spec:
        value = settings.get(setting.name)
        if value is None:
            if setting.required:
                errors.append(f"{platform} needs '{setting.name}', {setting.help}")
            continue
        # bool is an int in Python; a JSON true is not a page count.
        if not isinstance(value, setting.kind) or (setting.kind is int and isinstance(value, bool)):
            errors.append(f"'{setting.name}' must be {_TYPE_NAMES.get(setting.kind, setting.kind.__name__)}")
            continue
        if setting.choices and value not in setting.choices:
            options = ", ".join(f"'{choice}'" for choice in setting.choices)
            errors.append(f"'{setting.name}' must be one of {options}")
            continue
        problem = setting.check(value) if setting.check else None
        if problem:
            errors.append(f"'{setting.name}' {problem}")
    if extra is not None and not errors:
        errors.extend(extra(settings))
    return errors


def resolve(
    platform: str, spec: tuple[Setting, ...], settings: dict[str, Any], extra: ExtraCheck | None = None
) -> dict[str, Any]:
    """Settings with defaults filled in; raises `InvalidSettings` when they do not validate."""
    errors = validate(platform, spec, settings, extra)
    if errors:
        raise InvalidSettings("the store's settings are invalid: " + "; ".join(errors))
    values = {setting.name: setting.default for setting in spec}
    values.update({name: value for name, value in settings.items() if value is not None})
    return values


def positive(value: int) -> str | None:
    return None if value > 0 else "must be at least 1"


def http_url(value: str) -> str | None:
    return None if value.startswith(("http://", "https://")) else "must start with http:// or https://"


# -- per-game filters ---------------------------------------------------------------------------------
#
# A store sells several games (`StoreConfig.games`). What a platform filters a search by (a Shopify
# product type, a WooCommerce category, a TCGplayer product line) comes for each game from the game
# registry (`scrapers.games`); a platform's top-level settings are Magic's, as they always were. A
# store that files a game otherwise says so in `game_filters`: {"pokemon": {"product_types": "pkmn"}}.


def game_filters_setting(fields: dict[str, type]) -> Setting:
    """The `game_filters` setting of a platform whose per-game filters are `fields` (name -> JSON type)."""
    def check(value: dict[str, Any]) -> str | None:
        for code, overrides in value.items():
            if code not in GAMES:
                return f"names an unknown game '{code}' (one of {', '.join(GAMES)})"
            if not isinstance(overrides, dict):
                return f"for '{code}' must be an object"
            for name, given in overrides.items():
                kind = fields.get(name)
                if kind is None:
                    return f"for '{code}' has an unknown filter '{name}' (one of {', '.join(fields)})"
                if not isinstance(given, kind) or (kind is int and isinstance(given, bool)):
                    return f"for '{code}': '{name}' must be {_TYPE_NAMES.get(kind, kind.__name__)}"
        return None

    names = ", ".join(fields)
    return Setting("game_filters", dict, f"per game, the {names} where the store files the game otherwise than usual",
                   check=check)


def for_game(values: dict[str, Any], game: str, defaults: dict[str, Any]) -> dict[str, Any]:
    """Resolved settings for searching `game`: its filters from the registry (`defaults`), except that
    Magic keeps the platform's own top-level settings, then the store's `game_filters` for the game."""
    result = dict(values)
    for name, default in defaults.items():
        if game != MAGIC or name not in values:
            result[name] = default
    result.update((values.get("game_filters") or {}).get(game) or {})
    return result
