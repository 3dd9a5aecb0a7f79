"""Apps depend one way: `availability` uses `cards`, never the reverse (issue 12)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_module_in_cards_imports_from_availability():
    offenders = {
        str(path.relative_to(ROOT)): sorted(name for name in imported_modules(path) if name.split(".")[0] == "availability")
        for path in (ROOT / "cards").rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_import_check_sees_an_import_of_availability(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from availability.results import cached_answers\n")
    assert "availability.results" in imported_modules(sample)
