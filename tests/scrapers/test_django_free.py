"""`scrapers` is a library without Django, and so are its tests: the worker uses it, but so can a
script or another project. Two checks: no module of `scrapers/` or `tests/scrapers/` imports Django
or the project's Django apps, and a scrapers test file runs with the Django plugin switched off
(which catches fixtures from the root conftest that need Django settings)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DJANGO_PACKAGES = {"django", "channels", "django_q", "cards", "stores", "availability", "inventory", "lgs_checker"}


def imported_packages(path: Path) -> set[str]:
    """The top-level packages a module imports, anywhere in it (inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_no_scrapers_module_or_test_imports_django_or_the_apps() -> None:
    modules = [*sorted((ROOT / "scrapers").rglob("*.py")), *sorted((ROOT / "tests" / "scrapers").rglob("*.py"))]
    assert len(modules) > 30
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & DJANGO_PACKAGES) for path in modules
    }
    assert {path: found for path, found in offenders.items() if found} == {}


def test_the_import_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from cards.models import Card\n    import django.conf\n")
    assert imported_packages(module) == {"cards", "django"}


def test_a_scrapers_test_file_passes_with_the_django_plugin_switched_off() -> None:
    # Uses the sample store, the fixtures of both conftests and the HTTP client. Without the
    # settings module in the environment, as a shell that never ran Django has it: pytest-django
    # puts it there for this process, and a root fixture reaching for settings would pass unseen.
    environment = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/scrapers/test_scrapers_search.py", "-p", "no:django",
         "-p", "no:cacheprovider", "-p", "no:xdist", "-q", "-x", "-W", "ignore::pytest.PytestConfigWarning"],
        cwd=ROOT, env=environment, capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert " passed" in run.stdout
