"""Fixtures for the catalog, validation and list import/export tests."""

from __future__ import annotations

from pathlib import Path

import pytest

LISTS = Path(__file__).resolve().parent.parent / "fixtures" / "lists"


@pytest.fixture
def list_text():
    def read(name: str) -> str:
        return (LISTS / name).read_text(encoding="utf-8")

    return read

