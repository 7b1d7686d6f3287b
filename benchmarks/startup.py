"""Times a whole `reportgen build` and `reportgen check` of the sample against two floors.

- the card's floor: ``python -c "import typer, jinja2, docx, babel"``, the libraries the
  project's card names;
- the true floor: importing just the third-party modules a build really loads (found by
  running one and looking at ``sys.modules``);
- for reference, the interpreter alone and ``import typer`` alone: what every command pays
  before it reads its arguments, and so how much of each target is left for reportgen.

Every round runs the floors, the build with a warm template cache, the build with a cold one
(a fresh ``XDG_CACHE_HOME``: the first build after installing) and the check, one after the
other; each ratio is taken within a round, and the median over the rounds is reported.
reportgen is byte-compiled first, as an installed wheel is.

Targets (issue 15): the build at most 1.0× the card's floor, the check at most 0.6×.
Run: python benchmarks/startup.py [--rounds 21]
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import show_ratio

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "2021-city-civil-affairs.toml"
BUILD_TARGET, CHECK_TARGET = 1.0, 0.6

PROBE = """\
import sys, tempfile
from reportgen.cli.commands import app
try:
    app(["build", sys.argv[1], "-o", tempfile.mkdtemp()], standalone_mode=False)
except SystemExit:
    pass
own = {"reportgen", "__main__", "sitecustomize", "usercustomize", "_distutils_hack"}
names = sorted(name for name in sys.modules
               if name.split(".")[0] not in set(sys.stdlib_module_names) | own)
print("MODULES", *names)
"""


def reportgen_command() -> list[str]:
    """The installed console script beside this Python, as a user runs it."""
    script = Path(sys.executable).with_name("reportgen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reportgen"]


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)  # fmt: skip
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=21)
    rounds = parser.parse_args().rounds
    python = sys.executable
    compileall.compile_dir(ROOT / "reportgen", quiet=1)
    printed = subprocess.run(
        [python, "-c", PROBE, str(SAMPLE)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    needed = next(line for line in printed if line.startswith("MODULES")).split()[1:]
    reportgen = reportgen_command()
    card = [python, "-c", "import typer, jinja2, docx, babel"]
    floor = [python, "-c", f"import {', '.join(needed)}"]
    # What no command can go below: the interpreter, and the command-line library every
    # command imports before it reads its arguments.
    bare = [python, "-c", "pass"]
    typer_only = [python, "-c", "import typer"]
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "out"
        warm = {**os.environ, "XDG_CACHE_HOME": str(Path(work) / "cache")}
        build = [*reportgen, "build", str(SAMPLE), "-o", str(out)]
        check = [*reportgen, "check", str(SAMPLE)]
        timed(build, warm)  # fill the template cache
        rows: dict[str, list[float]] = {}
        for number in range(rounds):
            cold = {**os.environ, "XDG_CACHE_HOME": str(Path(work) / f"cold{number}")}
            for name, command, env in (
                ("card", card, None),
                ("floor", floor, None),
                ("python", bare, None),
                ("typer", typer_only, None),
                ("build", build, warm),
                ("cold", build, cold),
                ("check", check, warm),
            ):
                rows.setdefault(name, []).append(timed(command, env))
    probe = (
        "import sys; from reportgen.cli.commands import app; "
        f"app(['check', {str(SAMPLE)!r}], standalone_mode=False); "
        "print('docx' in sys.modules, 'babel' in sys.modules)"
    )
    imported = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True)
    docx_loaded, babel_loaded = imported.stdout.split()

    def pairs(a: str, b: str) -> list[tuple[float, float]]:
        return list(zip(rows[a], rows[b], strict=True))

    medians = {name: sorted(times)[len(times) // 2] * 1000 for name, times in rows.items()}
    print(f"{rounds} rounds, interleaved; medians for reference: " + ", ".join(
        f"{name} {ms:.0f} ms" for name, ms in medians.items()))  # fmt: skip
    packages = sorted({name.split(".")[0] for name in needed})
    print(f"true floor: import {', '.join(packages)} (the {len(needed)} modules a build loads)")
    build_ratio = show_ratio("build (warm cache) / card floor", pairs("build", "card"),
                             f"≤ {BUILD_TARGET}")  # fmt: skip
    show_ratio("build (cold cache) / card floor", pairs("cold", "card"))
    show_ratio("build (warm cache) / true floor", pairs("build", "floor"))
    show_ratio("true floor / card floor", pairs("floor", "card"))
    show_ratio("python alone / card floor", pairs("python", "card"))
    show_ratio("import typer alone / card floor", pairs("typer", "card"))
    check_ratio = show_ratio("check / card floor", pairs("check", "card"), f"≤ {CHECK_TARGET}")
    print(f"check imports python-docx: {docx_loaded}; babel: {babel_loaded}")
    met = build_ratio <= BUILD_TARGET and check_ratio <= CHECK_TARGET and docx_loaded == "False"
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
