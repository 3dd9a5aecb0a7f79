"""The apps' import contracts (pyproject.toml, [tool.importlinter]; docs/architecture.md): the build
keeps them, and a wrong-way import, a cycle or Django in `scrapers` breaks them, even one hidden in a
function body.

Each broken case writes one import into a copy of the code (nothing in the repository changes) and
runs `lint-imports` on the copy, as a developer would on their checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["lgs_checker", "availability", "stores", "cards", "scrapers"]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(checkout: Path) -> subprocess.CompletedProcess:
    # The checkout's packages, found from its own folder (lint-imports puts the working directory on
    # the path); --no-cache leaves no cache folder behind.
    env = {**os.environ, "PYTHONPATH": str(checkout), "COLUMNS": "400"}  # one line per contract
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(checkout / "pyproject.toml"), "--no-cache"],
        cwd=checkout, env=env, capture_output=True, text=True, timeout=120,
    )


def test_the_code_keeps_every_contract():
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A copy of the packages' Python files and of pyproject.toml."""
    copy = tmp_path_factory.mktemp("checkout")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, copy / package, ignore=shutil.ignore_patterns(
            "__pycache__", "templates", "static", "*.json", "*.html", "*.txt"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


@pytest.mark.parametrize("module, wrong_import, contract", [
    # The worker rendering cells again: checks are below the live dashboard.
    ("availability/checks/pipeline.py", "from availability.live.cells import render_best",
     "availability's apps are layered"),
    # The checks deciding alerts again: checks are below the alerts.
    ("availability/checks/pipeline.py", "from availability.alerts.detection import on_check_completed",
     "availability's apps are layered"),
    # The stores app reaching up into the inventory built on it.
    ("stores/admin.py", "from stores.inventory.admin import inventory_summary",
     "Inventory sync builds on the stores app"),
    # Inventory queueing checks itself instead of announcing that its sync ended.
    ("stores/inventory/tasks.py", "from availability.checks.pipeline import queue_check",
     "The apps are layered"),
    # The catalog reaching up into what users track.
    ("cards/catalog/validation.py", "from cards.wishlist.changes import SpecValues",
     "cards' apps are layered"),
    # Process infrastructure importing an app.
    ("lgs_checker/push.py", "from availability.live.consumers import AvailabilityConsumer",
     "The apps are layered"),
    # The live dashboard importing the alerts (they subscribe to the checks side by side).
    ("availability/live/cells.py", "from availability.alerts.models import Notification",
     "live imports nothing of alerts"),
    # Django in the plain library.
    ("scrapers/http.py", "from django.conf import settings", "scrapers is a plain library"),
    # A cycle between two modules of one app, each importing the other.
    ("availability/checks/latest.py", "from availability.checks.pipeline import queue_check",
     "No import cycles"),
])
def test_a_wrong_way_import_inside_a_function_breaks_its_contract(checkout, module, wrong_import, contract):
    path = checkout / module
    original = path.read_text(encoding="utf-8")
    path.write_text(f"{original}\n\ndef _wrong_way():\n    {wrong_import}\n", encoding="utf-8")
    try:
        run = lint_imports(checkout)
    finally:
        path.write_text(original, encoding="utf-8")
    assert run.returncode == 1, run.stdout + run.stderr
    broken = [line for line in run.stdout.splitlines() if " BROKEN" in line]
    assert any(contract in line for line in broken), run.stdout
    # The report names the module the import is in.
    assert Path(module).stem in run.stdout.split("Broken contracts", 1)[1], run.stdout
