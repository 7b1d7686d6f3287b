"""Times `reportgen import` against `reportgen build`, and `reportgen audit` of many published
reports against the batch build.

1. Import vs build, in one process (no start-up): for each national sample, rounds of: build
   it (.docx + .html), import the .html, import the .docx; the ratio import / build of each
   round, and the median of those ratios. Target: import costs no more than a build (≤ 1).
2. Audit vs batch build: N department files (default 1,000, as benchmarks/batch.py makes them)
   are built to .html once; then rounds of `reportgen build DEPTS -o OUT -j J` and
   `reportgen audit OUT/*.html -j J`, interleaved; reports/s of each and the median of the
   per-round ratios audit rate / build rate. Target: ≥ 1 (audit at the batch build's rate).

Run: python benchmarks/importing.py [--n 1000] [--rounds 3] [--jobs 2]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure
from batch import REPORTGEN, generate

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [
    ROOT / "samples" / "2021-city-civil-affairs.toml",
    ROOT / "samples" / "2019-hanzhong-civil-affairs-2020.toml",
    ROOT / "samples" / "twelve-part-linyi-civil-affairs-2017.toml",
]


def import_vs_build(rounds: int, work: Path) -> None:
    import reportgen
    from reportgen.importers.report import import_report

    print("import vs build (one process, ms per report; ratio = import / build, median)")
    for sample in SAMPLES:
        out = work / sample.stem
        built = reportgen.build(sample, out, to=["html", "docx"])
        html = next(path for path in built.paths if path.suffix == ".html")
        docx = next(path for path in built.paths if path.suffix == ".docx")
        import_report(html), import_report(docx)  # warm: imports, caches
        times: dict[str, list[float]] = {"build": [], "html": [], "docx": []}
        for _ in range(rounds):
            start = time.perf_counter()
            reportgen.build(sample, out, to=["html", "docx"])
            times["build"].append(time.perf_counter() - start)
            for kind, source in (("html", html), ("docx", docx)):
                start = time.perf_counter()
                import_report(source)
                times[kind].append(time.perf_counter() - start)
        ratios = {
            kind: statistics.median(
                imported / building
                for imported, building in zip(times[kind], times["build"], strict=True)
            )
            for kind in ("html", "docx")
        }
        print(
            f"  {sample.stem:<40} build {statistics.median(times['build']) * 1000:6.1f}"
            f"  import .html {statistics.median(times['html']) * 1000:6.1f}"
            f" ({ratios['html']:.2f}×)  import .docx {statistics.median(times['docx']) * 1000:6.1f}"
            f" ({ratios['docx']:.2f}×)"
        )


def audit_vs_build(count: int, rounds: int, jobs: int, work: Path) -> None:
    depts = generate(work / "city", count)
    published = work / "published"
    measure.run(
        [*REPORTGEN, "build", str(depts), "-o", str(published), "--to", "html", "-j", str(jobs)]
    )
    pattern = str(published / "*.html")
    builds, audits = [], []
    for _ in range(rounds):
        out = work / "out"
        shutil.rmtree(out, ignore_errors=True)
        build = [*REPORTGEN, "build", str(depts), "-o", str(out), "-j", str(jobs)]
        builds.append(count / measure.run(build).seconds)
        audits.append(count / measure.run([*REPORTGEN, "audit", pattern, "-j", str(jobs)]).seconds)
    ratio = statistics.median(a / b for a, b in zip(audits, builds, strict=True))
    print(f"audit vs batch build ({count} reports, --jobs {jobs}, {rounds} rounds, reports/s)")
    print(f"  build (.docx + .html)  {statistics.median(builds):7.1f}")
    print(f"  audit (.html)          {statistics.median(audits):7.1f}  ({ratio:.2f}× build)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--import-rounds", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as directory:
        work = Path(directory)
        import_vs_build(options.import_rounds, work)
        audit_vs_build(options.n, options.rounds, options.jobs, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
