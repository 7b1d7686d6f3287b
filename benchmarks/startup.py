"""Times a whole `reportgen build` of the sample against the import floor of its libraries.

Target (issue 2): the build costs at most 1.5 × `python -c "import typer, jinja2, docx, babel"`
on the same machine, so start-up, not rendering, dominates; `reportgen check` must not import
python-docx at all. Run: python benchmarks/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "2021-city-civil-affairs.toml"
TARGET = 1.5


def medians(commands: list[list[str]], runs: int) -> list[float]:
    """Median wall time of each command; runs are interleaved so that a load on this shared
    machine falls on all of them alike."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, samples in zip(commands, times, strict=True):
            start = time.perf_counter()
            subprocess.run(
                command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            samples.append(time.perf_counter() - start)
    return [statistics.median(samples) for samples in times]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    python = sys.executable
    # pip byte-compiles an installed wheel, as it did the libraries of the floor; an editable
    # checkout under PYTHONDONTWRITEBYTECODE would otherwise recompile reportgen on every run.
    compileall.compile_dir(ROOT / "reportgen", quiet=1)
    with tempfile.TemporaryDirectory() as out:
        build = [python, "-m", "reportgen", "build", str(SAMPLE), "-o", out]
        check = [python, "-m", "reportgen", "check", str(SAMPLE)]
        floor = [python, "-c", "import typer, jinja2, docx, babel"]
        subprocess.run(build, check=True, stdout=subprocess.DEVNULL)  # warm the caches
        floor_s, build_s, check_s = medians([floor, build, check], runs)
    probe = (
        "import sys; from reportgen.cli import app; "
        f"app(['check', {str(SAMPLE)!r}], standalone_mode=False); "
        "print('docx' in sys.modules, 'babel' in sys.modules)"
    )
    imported = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True)
    docx_loaded, babel_loaded = imported.stdout.split()
    ratio = build_s / floor_s
    print(
        f"import floor (typer, jinja2, docx, babel): {floor_s * 1000:6.1f} ms  (median of {runs})"
    )
    print(f"reportgen build sample (.docx + .html):     {build_s * 1000:6.1f} ms")
    print(f"reportgen check sample:                     {check_s * 1000:6.1f} ms")
    print(f"build / floor: {ratio:.2f} (target ≤ {TARGET})")
    print(f"check imports python-docx: {docx_loaded}; babel: {babel_loaded}")
    return 0 if ratio <= TARGET and docx_loaded == "False" else 1


if __name__ == "__main__":
    sys.exit(main())
