"""The limits on input (issue 11): extends chains, template sizes, --jobs, init's options. Each
is a message with an exit code, never a traceback or exit 70."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import MINIMAL, SAMPLE
from typer.testing import CliRunner

from reportgen.cli.commands import app
from reportgen.read.inherit import MAX_CHAIN
from reportgen.runs.batch import JOBS_PER_CORE, cpu_count

runner = CliRunner()


def chain(tmp_path: Path, length: int) -> Path:
    """A year file at the end of an extends chain of ``length`` shared files."""
    (tmp_path / "s0.toml").write_text('format = "2021"\n', "utf-8")
    for number in range(1, length):
        (tmp_path / f"s{number}.toml").write_text(f'extends = "s{number - 1}.toml"\n', "utf-8")
    year = tmp_path / "year.toml"
    year.write_text(
        f'extends = "s{length - 1}.toml"\n' + MINIMAL.replace('format = "2021"\n', ""), "utf-8"
    )
    return year


def test_an_extends_chain_within_the_limit_is_read(tmp_path: Path):
    year = chain(tmp_path, MAX_CHAIN - 1)
    result = runner.invoke(app, ["check", str(year)])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("length", [MAX_CHAIN + 1, 1200])
def test_an_extends_chain_too_long_is_refused(tmp_path: Path, length: int):
    year = chain(tmp_path, length)
    result = runner.invoke(app, ["check", str(year)])
    assert result.exit_code == 1
    # The year file and MAX_CHAIN - 1 shared files are read; the last of them names one more.
    deepest = tmp_path / f"s{length - MAX_CHAIN}.toml"
    assert result.stderr.splitlines()[0] == (
        f"{tmp_path / f's{length - MAX_CHAIN + 1}.toml'}:1: extends: "
        f"extends 层层继承超过 {MAX_CHAIN} 层：{deepest}"
    )


def test_an_extends_chain_too_long_fails_its_file_in_a_batch(tmp_path: Path):
    year = chain(tmp_path, 1200)
    other = tmp_path / "other" / "b.toml"
    other.parent.mkdir()
    other.write_text(MINIMAL.replace("测试县统计局", "测试县民政局"), "utf-8")
    result = runner.invoke(app, ["build", str(year), str(other), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "extends 层层继承超过" in result.stderr and "内部错误" not in result.stderr
    assert sorted(path.suffix for path in (tmp_path / "out").iterdir()) == [".docx", ".html"]


def test_a_template_too_large_is_refused(tmp_path: Path):
    templates = tmp_path / "t" / "2021"
    templates.mkdir(parents=True)
    template = templates / "report.html.j2"
    template.write_text("{# " + "x" * 3 * 2**20 + " #}", "utf-8")
    result = runner.invoke(
        app, ["build", str(SAMPLE), "-o", str(tmp_path / "out"), "--templates", str(tmp_path / "t")]
    )
    assert result.exit_code == 1
    assert result.stderr == f"模板错误：{template}: 文件过大：上限为 2 MB\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_below_one_is_a_usage_error(tmp_path: Path, jobs: str):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(SAMPLE), str(SAMPLE), "--jobs", jobs, "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"--jobs 应为 1 或更大的整数，实际为 {jobs}\n"
    assert not out.exists()


def test_jobs_below_one_said_in_english_when_asked(tmp_path: Path):
    # The language is read from the command line before the options are parsed: a real process.
    command = [sys.executable, "-m", "reportgen", "check", str(SAMPLE), "-j", "0", "--lang", "en"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "--jobs must be a whole number of 1 or more, not 0\n"


def test_jobs_are_capped_with_a_notice(tmp_path: Path):
    files = []
    for number in range(3):
        path = tmp_path / f"{number}.toml"
        path.write_text(MINIMAL.replace("测试县统计局", f"测试县第{number}局"), "utf-8")
        files.append(str(path))
    result = runner.invoke(app, ["check", *files, "--jobs", "10000"])
    assert result.exit_code == 0, result.stderr
    jobs = min(3, JOBS_PER_CORE * cpu_count())
    assert result.stderr.splitlines()[0] == (
        f"--jobs 10000 已降为 {jobs}（3 个文件，{cpu_count()} 个处理器核）"
    )


@pytest.mark.parametrize("year", ["-5", "99999", "2007", str(date.today().year + 1)])
def test_init_validates_the_year(tmp_path: Path, year: str):
    target = tmp_path / "year.toml"
    result = runner.invoke(app, ["init", f"--year={year}", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"--year 应为 2008 至 {date.today().year} 之间的年份，实际为 {int(year)}\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_init_refuses_a_blank_agency(tmp_path: Path):
    result = runner.invoke(app, ["init", "--agency", " \u3000", "-o", str(tmp_path / "y.toml")])
    assert result.exit_code == 2
    assert result.stderr == ("机关名称（agency.name）去掉空格后为空：报告标题和文件名都需要它\n")
    assert list(tmp_path.iterdir()) == []


def test_a_reference_document_too_large_is_refused(tmp_path: Path):
    base = tmp_path / "t" / "base"
    base.mkdir(parents=True)
    reference = base / "reference.docx"
    with reference.open("wb") as stream:
        stream.truncate(33 * 2**20)  # sparse: no disk used
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", str(SAMPLE), "-o", str(out), "--templates", str(tmp_path / "t")]
    )
    assert result.exit_code == 1
    assert result.stderr == f"模板错误：{reference}: 文件过大：上限为 32 MB\n"
    assert not out.exists()


def test_aggregate_refuses_a_blank_agency(tmp_path: Path):
    target = tmp_path / "city.toml"
    result = runner.invoke(app, ["aggregate", str(SAMPLE), "-o", str(target), "--agency", "  "])
    assert result.exit_code == 2
    assert result.stderr == ("机关名称（agency.name）去掉空格后为空：报告标题和文件名都需要它\n")
    assert not target.exists()


@pytest.mark.parametrize(
    "command", [["formats"], ["schema"], ["templates", "list"], ["init", "-o", "y.toml"]]
)
def test_every_command_refuses_templates_that_are_not_a_folder(tmp_path: Path, command):
    missing = tmp_path / "nope"
    result = runner.invoke(app, [*command, "--templates", str(missing)])
    assert result.exit_code == 1
    assert (
        result.stderr == f"{missing}: --templates 给出的不是一个已有的文件夹\n1 个错误，0 个警告\n"
    )
