"""Fixtures for the catalog, validation and list import/export tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from cards.catalog import LoadReport, load_catalog

LISTS = Path(__file__).resolve().parent.parent / "fixtures" / "lists"


@pytest.fixture
def catalog(db) -> LoadReport:
    """The sample catalog shipped in cards/data (real cards, sets and collector numbers)."""
    return load_catalog()


@pytest.fixture
def list_text():
    def read(name: str) -> str:
        return (LISTS / name).read_text(encoding="utf-8")

    return read

