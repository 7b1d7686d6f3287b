"""Every benchmark starts: its imports hold and its options parse (`--help`). The benchmarks
are not run by the tests (they time things; see README, Performance), so a module one of them
imports from another could otherwise drift away unnoticed, as importing.py once did."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
RUNNABLE = sorted(path for path in BENCHMARKS.glob("*.py") if path.name != "measure.py")


def test_the_benchmarks_are_found():
    names = {path.name for path in RUNNABLE}
    assert names >= {"batch.py", "importing.py", "stages.py", "startup.py"}


@pytest.mark.parametrize("script", RUNNABLE, ids=[path.name for path in RUNNABLE])
def test_a_benchmark_starts(script: Path):
    result = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout
