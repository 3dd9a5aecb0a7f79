"""Every `docs/….md` the code, the templates or the README points at is in this repository.

A docstring that says "see docs/money.md" is only worth something if the next engineer finds it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("lgs_checker", "stores", "cards", "availability", "scrapers", "templates", "static", "tests",
           "bench", "docs")
SUFFIXES = {".py", ".html", ".js", ".md", ".txt", ".toml", ".css"}
# A docs path of this repository, not one under "../shared/docs/" (the shared notes beside it).
DOC_PATH = re.compile(r"(?<![\w./-])docs/[\w./-]+?\.md\b")


def files():
    yield ROOT / "README.md"
    yield ROOT / "Makefile"
    yield ROOT / "pyproject.toml"
    for source in SOURCES:
        yield from (path for path in (ROOT / source).rglob("*") if path.suffix in SUFFIXES and path.is_file())


def doc_references() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in files():
        for match in DOC_PATH.finditer(path.read_text(errors="replace")):
            found.setdefault(match.group(), []).append(str(path.relative_to(ROOT)))
    return found


def test_every_docs_path_named_anywhere_exists():
    references = doc_references()
    assert {"docs/money.md", "docs/list-formats.md", "docs/platforms.md", "docs/architecture.md"} <= references.keys()
    missing = {doc: sorted(set(where)) for doc, where in references.items() if not (ROOT / doc).is_file()}
    assert missing == {}, f"docs named but not in the repository (write them or fix the pointer): {missing}"


def test_a_path_under_the_shared_docs_is_not_taken_for_one_of_ours():
    assert DOC_PATH.findall("see ../shared/docs/style.md and docs/money.md (docs/platforms.md:)") == [
        "docs/money.md", "docs/platforms.md"]
