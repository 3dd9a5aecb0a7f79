"""Stores the app ships (the directory, the sample stores), written again on every start without
undoing an admin.

`release` adds the store directory on every deploy and `make run` registers the sample stores on
every start. Both call `provision`, the one rule for what a restart may change:

- A store that does not exist is created with the shipped values.
- A field of an existing store is brought up to date only while it still holds the value the app
  last wrote there (`Store.shipped_values`): then nobody changed it, and the new value (a sample
  store server on another port, a corrected directory entry) is the app's to write. A field holding
  anything else was changed by an admin (in the admin's form, or its enable/disable actions) and
  is kept, whatever the app ships now. So a sample store an admin disabled stays disabled, with its
  settings, after `make run`; a directory store an admin edited stays as edited after `release`.
- A field the app has no record of (a store made before it kept one) is the admin's, unless it
  already holds the value shipped: from then on it is recorded as the app's.
- `overwrite` (`sync_store_directory --overwrite`) is an admin asking for the shipped values back:
  every field is written.

A deleted store is created again: to stop checking a shipped store, an admin disables it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from stores.models import Store


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"  # fields nobody changed were brought up to date
    KEPT = "kept"  # an admin's value differs from what the app ships, and stays
    UNCHANGED = "unchanged"


def provision(slug: str, values: dict[str, Any], *, overwrite: bool = False) -> Outcome:
    """Create the store `slug` with `values`, or update the fields of it nobody else changed."""
    store = Store.objects.filter(slug=slug).first()
    if store is None:
        Store.objects.create(slug=slug, shipped_values=values, **values)
        return Outcome.CREATED
    written = store.shipped_values or {}
    ours = {
        name: value for name, value in values.items()
        if overwrite or getattr(store, name) == value
        or (name in written and getattr(store, name) == written[name])
        or (written and name not in written and _holds_default(store, name))
    }
    changes = {name: value for name, value in ours.items() if getattr(store, name) != value}
    kept = any(getattr(store, name) != value for name, value in values.items() if name not in ours)
    shipped = {**written, **ours}
    if changes or shipped != written:
        for name, value in changes.items():
            setattr(store, name, value)
        store.shipped_values = shipped
        store.save(update_fields=[*changes, "shipped_values"])
    if changes:
        return Outcome.UPDATED
    return Outcome.KEPT if kept else Outcome.UNCHANGED


def _holds_default(store: Store, name: str) -> bool:
    """A field the app did not write yet (one added since, like `games`) still holding the model's
    default on a store the app did write: nobody changed it, so the app may."""
    field = Store._meta.get_field(name)
    return field.has_default() and getattr(store, name) == field.get_default()


@dataclass
class Report:
    """What one run did, store by store (by slug)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # an admin's values differ from the shipped ones, and stay
    unchanged: list[str] = field(default_factory=list)

    def add(self, slug: str, outcome: Outcome) -> None:
        getattr(self, outcome.value).append(slug)

    def __str__(self) -> str:
        counts = f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged"
        if self.kept:
            kept = len(self.kept)
            counts += f", {kept} kept as an admin changed {'it' if kept == 1 else 'them'}"
        return counts
