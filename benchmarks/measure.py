"""What the benchmarks share: running a command while recording the peak memory of every
process it starts, and medians of pairwise ratios.

The machine the benchmarks run on is shared and noisy, so no benchmark compares two medians
taken at different moments: commands run interleaved, round after round, each round yields
the ratio of two commands run side by side, and what is reported is the median of those
ratios (with the spread across rounds beside it).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

POLL = 0.05  # seconds between looks at the process tree


@dataclass
class Run:
    seconds: float
    peaks: dict[int, float] = field(default_factory=dict)  # pid → peak resident MB
    root: int = 0  # the command's own pid

    @property
    def main_mb(self) -> float:
        return self.peaks.get(self.root, 0.0)

    @property
    def others_mb(self) -> float:
        """The largest peak of any process the command started (a worker, LibreOffice)."""
        return max((mb for pid, mb in self.peaks.items() if pid != self.root), default=0.0)


def run(
    command: Sequence[str], env: Mapping[str, str] | None = None, cwd: Path | None = None
) -> Run:
    """Wall time of ``command`` and the peak resident memory (VmHWM) of it and of every
    process below it, polled from /proc while it runs (where there is no /proc, only the
    command's own peak, from wait4)."""
    with tempfile.TemporaryFile() as stderr:  # a file, not a pipe nobody reads until the end
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command), stdout=subprocess.DEVNULL, stderr=stderr, env=env, cwd=cwd
        )
        peaks: dict[int, float] = {}
        while process.poll() is None:
            for pid in _tree(process.pid):
                peak = _peak(pid)
                if peak is not None:
                    peaks[pid] = max(peaks.get(pid, 0.0), peak)
            time.sleep(POLL)
        seconds = time.perf_counter() - start
        if process.returncode != 0:
            stderr.seek(0)
            message = stderr.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{message}")
    return Run(seconds, peaks, process.pid)


def _tree(root: int) -> list[int]:
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    queue.extend(int(child) for child in children.read().split())
            except OSError:
                continue
    return found


def _peak(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def median_ratio(pairs: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """The median of a / b over the rounds, and the lowest and highest."""
    ratios = [a / b for a, b in pairs]
    return statistics.median(ratios), min(ratios), max(ratios)


def show_ratio(what: str, pairs: Sequence[tuple[float, float]], target: str = "") -> float:
    middle, low, high = median_ratio(pairs)
    spread = f"(rounds: {low:.2f}–{high:.2f}, n={len(pairs)})"
    print(f"{what:<52} {middle:6.2f}×  {spread}{'  target ' + target if target else ''}")
    return middle
