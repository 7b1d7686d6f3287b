"""The command line as users run it: typer's runner, the installed command, an installed wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE
from typer.testing import CliRunner

from reportgen import __version__
from reportgen.cli.commands import app

runner = CliRunner()
NAME = "某某市民政局2025年政府信息公开工作年度报告"


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"reportgen {__version__}\n"


@pytest.mark.parametrize("command", [[], ["build"], ["check"]])
def test_help_on_every_command(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_build_prints_only_the_written_paths(tmp_path: Path):
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(tmp_path), "--strict"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        str(tmp_path / f"{NAME}.docx"),
        str(tmp_path / f"{NAME}.html"),
    ]


def test_build_only_html(tmp_path: Path):
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(tmp_path), "--to", "html"])
    assert result.stdout.splitlines() == [str(tmp_path / f"{NAME}.html")]


def test_unknown_output_type(tmp_path: Path):
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(tmp_path), "--to", "odt,rtf"])
    assert result.exit_code == 1
    assert result.stderr == "未知的输出类型 odt, rtf；可选：docx,html,pdf,png,html-fragment\n"
    assert list(tmp_path.iterdir()) == []


def test_build_with_errors_writes_nothing(tmp_path: Path, year_file):
    path = year_file("\n[requests.new]\nnatural_person = -3\n")
    result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "实际为负数 -3" in result.stderr
    assert not (tmp_path / "out").exists()


def test_unwritable_output_is_a_message(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(blocker / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"无法写入 {blocker / 'out'}：")
    assert "Traceback" not in result.stderr


def _command() -> str:
    found = Path(sysconfig.get_path("scripts")) / "reportgen"
    return str(found) if found.exists() else shutil.which("reportgen") or "reportgen"


def test_installed_command_in_a_subprocess(tmp_path: Path):
    result = subprocess.run(
        [_command(), "build", str(SAMPLE), "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / f"{NAME}.docx").stat().st_size > 0
    bad = subprocess.run(
        [_command(), "check", str(tmp_path / "missing.toml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert bad.stderr == f"{tmp_path / 'missing.toml'}: 找不到文件\n1 个错误，0 个警告\n"


def test_python_dash_m(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "reportgen", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout == f"reportgen {__version__}\n"


@pytest.mark.slow
def test_built_wheel_carries_the_templates(tmp_path: Path):
    """Templates live at the top of the checkout; the wheel must carry them inside the package."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    wheel = next(tmp_path.glob("reportgen-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "reportgen/templates/2021/format.toml" in names
    assert "reportgen/templates/base/reference.docx" in names
    target = tmp_path / "installed"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    environment = {**os.environ, "PYTHONPATH": str(target)}
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import reportgen, sys; print(reportgen.__file__); "
            "reportgen.build(sys.argv[1], sys.argv[2])",
            str(SAMPLE),
            str(out),
        ],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(target))
    assert sorted(path.name for path in out.iterdir()) == [f"{NAME}.docx", f"{NAME}.html"]
