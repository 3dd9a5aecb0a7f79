"""Every benchmark under bench/ still starts: it imports what it uses (test helpers included) and
answers --help. They run for minutes, so CI does not run them; this keeps them from rotting."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.mark.parametrize("script", sorted(path.name for path in BENCH.glob("*.py")))
def test_the_benchmark_answers_help(script, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", [str(BENCH / script), "--help"])
    with pytest.raises(SystemExit) as exit:
        runpy.run_path(str(BENCH / script), run_name="__main__")
    assert exit.value.code == 0
    assert "usage:" in capsys.readouterr().out
