"""Every third-party package the code imports is named in a requirements file.

A package that only arrives as another's dependency (certifi and urllib3 came with requests)
disappears the day that dependency stops needing it, and the app then fails at import. The app's
modules must be covered by requirements.txt; tests and benches by requirements-dev.txt (which
includes it)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
APP_PACKAGES = ("lgs_checker", "stores", "cards", "availability", "scrapers")


def named_distributions(requirements: Path) -> set[str]:
    names = set()
    for line in requirements.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r"):
            names |= named_distributions(requirements.parent / line[2:].strip())
        elif line:
            names.add(normalized(re.split(r"[\[<>=!~;\s]", line, maxsplit=1)[0]))
    return names


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def is_first_party(module: str, importer: Path) -> bool:
    """Our own code: a package or module at the top of the repository, or beside the importer
    (pytest puts a test's folder on sys.path)."""
    folders = [ROOT, *[folder for folder in importer.parents if ROOT in folder.parents]]
    return any((folder / module).is_dir() or (folder / f"{module}.py").exists() for folder in folders)


def imported_modules(files) -> dict[str, set[str]]:
    """Top-level third-party module -> files importing it (absolute imports only)."""
    found: dict[str, set[str]] = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and not is_first_party(top, path):
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def unnamed(modules: dict[str, set[str]], requirements: Path) -> list[str]:
    named = named_distributions(requirements)
    provided_by = importlib.metadata.packages_distributions()
    problems = []
    for module, importers in sorted(modules.items()):
        distributions = {normalized(d) for d in provided_by.get(module, [])}
        if not distributions:
            problems.append(f"{module} (imported by {sorted(importers)[0]}) is not installed at all")
        elif not distributions & named:
            problems.append(f"{module} (imported by {sorted(importers)[0]}) comes from {sorted(distributions)}, "
                            f"which {requirements.name} does not name")
    return problems


def app_files():
    for package in APP_PACKAGES:
        yield from (ROOT / package).rglob("*.py")
    yield ROOT / "manage.py"


def test_requirements_txt_names_every_package_the_app_imports():
    modules = imported_modules(app_files())
    # What settings load by name rather than by import: apps, middleware, backends.
    dotted = [*settings.INSTALLED_APPS, *settings.MIDDLEWARE,
              *(config["BACKEND"] for config in settings.CACHES.values()),
              *(config["BACKEND"] for config in settings.CHANNEL_LAYERS.values())]
    for name in dotted:
        top = name.split(".")[0]
        if top not in sys.stdlib_module_names and not (ROOT / top).is_dir():
            modules.setdefault(top, set()).add("lgs_checker/settings.py")
    assert {"certifi", "urllib3", "asgiref", "django", "whitenoise"} <= modules.keys()  # the scan sees them
    assert unnamed(modules, ROOT / "requirements.txt") == []


def test_requirements_dev_txt_names_every_package_the_tests_and_benches_import():
    modules = imported_modules([*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")])
    assert {"pytest", "playwright"} <= modules.keys()
    assert unnamed(modules, ROOT / "requirements-dev.txt") == []


def test_a_package_left_out_of_requirements_is_reported_by_name(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("requests==2.34.2\n")
    problems = unnamed({"urllib3": {"availability/alerts/webhooks.py"}, "requests": {"x.py"}}, requirements)
    assert problems == ["urllib3 (imported by availability/alerts/webhooks.py) comes from ['urllib3'], "
                        "which requirements.txt does not name"]
