"""Nothing half-written: a build killed at any moment leaves each output as it was or as the
killed build made it, never truncated; the temporary files a killed build leaves are removed by
the next build; the year files are never written."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL
from typer.testing import CliRunner

import reportgen
from reportgen.cli.commands import app
from reportgen.errors import InputError
from reportgen.writers.output import STALE_AFTER, write_all

NAME = "测试县统计局2025年政府信息公开工作年度报告"
# Version B is long (about 2 MB of prose) so that writing it takes long enough to be killed in.
VERSION_B = (
    MINIMAL + 'matters = """\n' + ("本年度无其他需要报告的事项。" * 50 + "\n") * 1400 + '"""\n'
)
ROUNDS = 12


def contents(path: Path) -> bytes:
    """What a built file says: an .html's bytes; a .docx's document part (the package records
    the time it was made, so its bytes differ from build to build). A truncated .docx is no
    longer a readable ZIP, and testzip() finds a part that does not match its checksum."""
    if path.suffix != ".docx":
        return path.read_bytes()
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None
        return package.read("word/document.xml")


def temporary(directory: Path) -> list[str]:
    return [name for name in os.listdir(directory) if name.endswith(".tmp")]


def build(year: Path, output: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "reportgen", "build", str(year), "-o", str(output)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="kills a process group with SIGKILL")
def test_a_killed_build_leaves_the_old_or_the_new_file(tmp_path: Path):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(MINIMAL, "utf-8")
    b.write_text(VERSION_B, "utf-8")
    inputs = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in (a, b)}
    known = {}
    for year in (a, b):
        built = reportgen.build(year, tmp_path / year.stem)
        for path in built.paths:
            known.setdefault(path.suffix, set()).add(contents(path))
    output = tmp_path / "out"
    assert build(a, output).returncode == 0
    targets = [output / f"{NAME}.docx", output / f"{NAME}.html"]

    # Builds of B and A in turn, killed with every process they started: at a random moment,
    # or (every other round) while one of them is writing, its temporary file just made.
    build_b = f'"$0" -m reportgen build "{b}" -o "{output}"'
    build_a = f'"$0" -m reportgen build "{a}" -o "{output}"'
    loop = f"while :; do {build_b}; {build_a}; done"
    chance = random.Random(6)
    littered = 0
    for turn in range(ROUNDS):
        process = subprocess.Popen(
            ["sh", "-c", loop, sys.executable],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(chance.uniform(0.05, 1.2))
        if turn % 2:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not temporary(output):
                pass
            time.sleep(chance.uniform(0, 0.002))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for target in targets:
            assert contents(target) in known[target.suffix], target.name
        littered += bool(temporary(output))
    assert littered  # some builds were killed in the middle of writing

    assert build(a, output).returncode == 0  # the next build sweeps the killed ones' litter
    assert sorted(output.iterdir()) == targets
    assert {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in (a, b)} == inputs


def test_litter_of_dead_and_old_writes_is_swept(tmp_path: Path):
    target = tmp_path / "report.html"
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = int(finished.stdout)  # a process that has ended
    live = os.getpid()
    dead_litter = tmp_path / f".report.html.{dead}.abcd1234.tmp"
    old_litter = tmp_path / f".report.html.{live}.efgh5678.tmp"
    unnumbered = tmp_path / ".report.html.ijkl9012.tmp"  # named before process ids were
    in_progress = tmp_path / f".report.html.{live}.mnop3456.tmp"
    others = [tmp_path / ".other.html.1.abcd1234.tmp", tmp_path / "report.html.tmp"]
    for path in (dead_litter, old_litter, unnumbered, in_progress, *others):
        path.write_bytes(b"half")
    long_ago = time.time() - STALE_AFTER - 5
    for path in (old_litter, unnumbered):
        os.utime(path, (long_ago, long_ago))

    write_all({target: b"whole"})

    assert target.read_bytes() == b"whole"
    # A live process's recent temporary file may be a write in progress: it stays.
    left = {path.name for path in tmp_path.iterdir()}
    assert left == {"report.html", in_progress.name, *(path.name for path in others)}


def test_input_files_are_never_written(tmp_path: Path, year_file):
    path = year_file('\n[requests.new]\nnatural_person = "3件"\n')
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    for action in (reportgen.check, lambda year: reportgen.build(year, tmp_path / "out")):
        with contextlib.suppress(InputError):
            action(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert not (tmp_path / "out").exists()


def test_output_directories_missing_are_made_and_blocked_ones_said(tmp_path: Path, year_file):
    path = year_file()
    nested = tmp_path / "a" / "b" / "c"
    made = CliRunner().invoke(app, ["build", str(path), "-o", str(nested)])
    assert made.exit_code == 0, made.stderr
    assert sorted(p.name for p in nested.iterdir()) == [f"{NAME}.docx", f"{NAME}.html"]
    (tmp_path / "file").write_text("not a directory")
    blocked = CliRunner().invoke(app, ["build", str(path), "-o", str(tmp_path / "file" / "out")])
    assert blocked.exit_code == 1
    assert blocked.stderr == f"无法写入 {tmp_path / 'file' / 'out'}：Not a directory\n"


SLOW = (
    '{% extends "!default/2021/report.html.j2" %}\n{% block intro %}'
    "{% for i in range(600) %}{% for j in range(1000) %}{% endfor %}{% endfor %}"
    "{% endblock %}\n"
)


def slow_batch(tmp_path: Path, count: int) -> list[str]:
    """A batch of ``count`` year files whose template takes a while to render each: the
    command that builds it, with two workers."""
    folder = tmp_path / "depts"
    folder.mkdir()
    for number in range(count):
        text = MINIMAL.replace("测试县统计局", f"测试县第{number}局")
        (folder / f"{number:03}.toml").write_text(text, "utf-8")
    templates = tmp_path / "templates" / "2021"
    templates.mkdir(parents=True)
    (templates / "report.html.j2").write_text(SLOW, "utf-8")
    return [
        sys.executable, "-m", "reportgen", "build", str(folder), "-o", str(tmp_path / "out"),
        "--templates", str(tmp_path / "templates"), "--jobs", "2",
    ]  # fmt: skip


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
                if int(fields[1]) == pid:
                    found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for_workers(process: subprocess.Popen[str]) -> set[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = children(process.pid)
        if len(workers) >= 2:
            return workers
        time.sleep(0.05)
    raise AssertionError("the batch started no workers")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_the_batch_is_killed(tmp_path: Path):
    for _ in range(3):
        process = subprocess.Popen(
            slow_batch(tmp_path, 40), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        workers = wait_for_workers(process)
        time.sleep(0.3)
        process.kill()  # SIGKILL: no chance to stop its workers itself
        process.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(map(alive, workers)):
            time.sleep(0.05)
        assert not any(map(alive, workers)), "a worker outlived its batch"
        shutil.rmtree(tmp_path)
        tmp_path.mkdir()


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc, sends SIGINT")
def test_ctrl_c_stops_the_batch_and_says_how_far_it_got(tmp_path: Path):
    process = subprocess.Popen(
        slow_batch(tmp_path, 40),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "REPORTGEN_LANG": "zh"},
    )
    workers = wait_for_workers(process)
    out = tmp_path / "out"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.is_dir() and any(out.glob("*.html"))):
        time.sleep(0.02)  # a file or two built, most not
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    done = len(stdout.splitlines()) // 2  # each file built prints its .docx and .html
    assert 0 < done < 40
    assert stderr.splitlines()[-1] == (
        f"已中断：{done}/40 个文件已完成，其余未处理；没有留下写了一半的文件"
    )
    assert len(list(out.iterdir())) == 2 * done
    assert temporary(out) == [] and not [p for p in os.listdir(out) if p.endswith(".old")]
    assert not any(map(alive, workers))
