"""No function of the app exists only for the tests.

A public module-level function that nothing in the app calls (no module, template, script or
Procfile names it) is either dead or kept alive by tests alone, where it tests a path the app
does not take (`checks.save_check`, `add_to_wishlist` and `require_list` were such). Tests must
go through the app's real paths. Decorated functions (template filters, tasks, receivers
registered by decorator) are reached by their decorator and not counted; a wrapping decorator
(`transaction.atomic`) does not make a function used."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_PACKAGES = ("lgs_checker", "stores", "cards", "availability", "scrapers")
SUFFIXES = {".py", ".html", ".txt", ".js"}

# Hooks that exist for the tests on purpose, and why.
TEST_HOOKS = {
    "lgs_checker/db_threads.py:close_connections":
        "each test closes the pool threads' connections, or PostgreSQL cannot drop the test database",
    "availability/live/wishlist_reply.py:drop_kept_renderings":
        "each test has a cache and users of its own; this process's kept renderings belong to the last",
    "availability/checks/rechecks.py:forget_noted_pairs":
        "each test has a database of its own; the pairs this process noted as watched belong to the last",
    "availability/live/cells.py:forget_fragments":
        "tests that change a template's inputs behind its back (a store renamed in place) drop the kept fragments",
}


def app_texts(root: Path) -> dict[Path, str]:
    texts = {}
    for package in APP_PACKAGES:
        for path in (root / package).rglob("*"):
            if path.suffix in SUFFIXES and path.is_file() and "migrations" not in path.parts:
                texts[path] = path.read_text(errors="replace")
    for folder, pattern in (("templates", "*.html"), ("static", "*.js")):
        texts.update({path: path.read_text(errors="replace") for path in (root / folder).rglob(pattern)})
    for name in ("Procfile", "Procfile.dev", "Makefile", "pyproject.toml", "manage.py"):
        if (root / name).exists():
            texts[root / name] = (root / name).read_text()
    return texts


# A decorator that registers the function somewhere (a template library, a signal, the admin, a
# task queue) is a use; one that only wraps it (transaction.atomic, cache) is not.
REGISTERING = re.compile(r"\b(register|receiver|admin|action|display|task|hook|route)\b")


def unused_functions(root: Path) -> list[str]:
    texts = app_texts(root)
    words = Counter(word for text in texts.values() for word in re.findall(r"\w+", text))
    unused = []
    for path, text in texts.items():
        if path.suffix != ".py":
            continue
        for node in ast.parse(text).body:
            if (isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_")
                    and not any(REGISTERING.search(ast.unparse(decorator)) for decorator in node.decorator_list)
                    and words[node.name] == 1):  # its own def
                unused.append(f"{path.relative_to(root)}:{node.name}")
    return sorted(unused)


def test_every_public_function_of_the_app_is_used_by_the_app():
    unused = [name for name in unused_functions(ROOT) if name not in TEST_HOOKS]
    assert unused == [], f"used by nothing in the app (remove, or make the tests use the real path): {unused}"


def test_the_test_hooks_are_still_there_and_still_unused_by_the_app():
    assert sorted(TEST_HOOKS) == [name for name in unused_functions(ROOT) if name in TEST_HOOKS]
