"""Many year files at once: `reportgen build`/`check` with several files, directories and
patterns, the progress lines, the summary table and file, --fail-fast, clashing report names,
and PDF conversion with one LibreOffice call per chunk."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import MINIMAL
from typer.testing import CliRunner

import reportgen
from reportgen.cli.commands import app
from reportgen.runs.planning import expand
from reportgen.writers import pdf

runner = CliRunner()
REPORT = "{agency}2025年政府信息公开工作年度报告"
NEGATIVE = "\n[requests.new]\nnatural_person = -3\n"


def run(*args: object):
    result = runner.invoke(app, [str(arg) for arg in args])
    assert "Traceback" not in result.output + result.stderr
    return result


def department(directory: Path, name: str, agency: str, extra: str = "") -> Path:
    """A department's year file: MINIMAL under another agency name, plus ``extra``."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(MINIMAL.replace("测试县统计局", agency) + extra, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Two good department files and a bad one, in one directory."""
    depts = tmp_path / "depts"
    department(depts, "a.toml", "甲县民政局")
    department(depts, "b.toml", "乙县民政局", NEGATIVE)
    department(depts, "c.toml", "丙县民政局")
    return depts


def test_a_batch_builds_the_good_and_reports_the_bad(tmp_path: Path, mixed: Path):
    out = tmp_path / "out"
    summary = tmp_path / "summary.json"
    result = run("build", mixed, "-o", out, "--summary", summary, "--jobs", "2")
    assert result.exit_code == 1
    built = [
        out / f"{REPORT.format(agency=agency)}.{ext}"
        for agency in ("甲县民政局", "丙县民政局")
        for ext in ("docx", "html")
    ]
    assert sorted(result.stdout.splitlines()) == sorted(map(str, built))
    assert sorted(out.iterdir()) == sorted(built)
    document = docx.Document(str(built[0]))
    assert document.paragraphs[0].text == "甲县民政局2025年政府信息公开工作年度报告"

    bad = mixed / "b.toml"
    error = (
        f"{bad}:{line_of(bad, '= -3')}: requests.new.natural_person: "
        "「一、本年新收政府信息公开申请数量 / 自然人」应为非负整数，实际为负数 -3"
    )
    stderr = result.stderr.splitlines()
    assert f"失败\t{bad}\t{error}" in stderr
    assert "共 3 个文件：已生成 2 个，失败 1 个；0 个警告" in stderr

    written = json.loads(summary.read_text("utf-8"))
    assert (written["files"], written["succeeded"], written["failed"]) == (3, 2, 1)
    rows = {Path(row["file"]).name: row for row in written["results"]}
    assert rows["b.toml"] == {
        "file": str(bad),
        "status": "failed",
        "errors": 1,
        "warnings": 0,
        "first_problem": error,
        "outputs": [],
    }
    assert rows["a.toml"]["status"] == "built"
    assert rows["a.toml"]["outputs"] == [str(path) for path in built[:2]]


def test_the_summary_as_csv(tmp_path: Path, mixed: Path):
    summary = tmp_path / "summary.csv"
    result = run("build", mixed, "-o", tmp_path / "out", "--summary", summary, "--lang", "en")
    assert result.exit_code == 1
    with summary.open(encoding="utf-8-sig", newline="") as stream:  # with the BOM Excel needs
        rows = list(csv.DictReader(stream))
    assert [(Path(row["file"]).name, row["status"]) for row in rows] == [
        ("a.toml", "built"),
        ("b.toml", "failed"),
        ("c.toml", "built"),
    ]
    assert rows[1]["first_problem"].endswith("found the negative number -3")
    assert rows[0]["outputs"].endswith(".html")


def test_progress_lines_when_stderr_is_not_a_terminal(tmp_path: Path, mixed: Path):
    result = run("build", mixed / "a.toml", mixed / "c.toml", "-o", tmp_path, "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"[1/2] 已生成 {mixed / 'a.toml'}",
        f"[2/2] 已生成 {mixed / 'c.toml'}",
        "共 2 个文件：已生成 2 个，失败 0 个；0 个警告",
    ]


def test_fail_fast_stops_after_the_first_failure(tmp_path: Path):
    depts = tmp_path / "depts"
    department(depts, "a.toml", "甲县民政局", NEGATIVE)
    department(depts, "b.toml", "乙县民政局")
    department(depts, "c.toml", "丙县民政局")
    out = tmp_path / "out"
    result = run("build", depts, "-o", out, "--fail-fast", "-j", "1", "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert not out.exists()
    assert "stopped after the first failure (--fail-fast): 2 file(s) not processed" in (
        result.stderr.splitlines()
    )


def test_directories_and_patterns_are_searched_below_their_top_level(tmp_path: Path):
    depts = tmp_path / "depts"
    department(depts / "north", "a.toml", "北区民政局")
    department(depts / "south", "b.toml", "南区民政局")
    (depts / "north" / "reportgen-2021.schema.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "out"

    result = run("build", str(depts / "**" / "*.toml"), "-o", out)
    assert result.exit_code == 0, result.stderr
    assert {path.name for path in out.iterdir()} == {
        f"{REPORT.format(agency=agency)}.{ext}"
        for agency in ("北区民政局", "南区民政局")
        for ext in ("docx", "html")
    }

    result = run("build", depts / "north", "-o", tmp_path / "north")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2

    result = run("build", depts, "-o", tmp_path / "all")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 4

    result = run("build", tmp_path / "out", "-o", tmp_path / "none")
    assert result.exit_code == 1
    assert f"{tmp_path / 'out'}: 没有找到年度数据文件" in result.stderr


def test_a_search_skips_template_folders_and_toml_files_that_are_not_year_files(
    tmp_path: Path,
):
    depts = tmp_path / "depts"
    department(depts / "civil", "year.toml", "某某市民政局")
    templates = depts / "provincial"
    (templates / "2021").mkdir(parents=True)
    (templates / "2021" / "format.toml").write_text('extends = "!default"\n', encoding="utf-8")
    (templates / "base").mkdir()
    (templates / "base" / "notes.toml").write_text('format = "2021"\n', encoding="utf-8")
    (templates / "base" / "report.html.j2").write_text("", encoding="utf-8")
    (depts / "civil" / "reference.docx").write_bytes(b"")  # an office's copy: not a template folder
    (depts / ".git").mkdir()
    (depts / ".git" / "config.toml").write_text('format = "2021"\n', encoding="utf-8")
    (depts / "civil" / "tool-settings.toml").write_text("[tool]\nx = 1\n", encoding="utf-8")
    broken = depts / "civil" / "broken.toml"
    broken.write_text("format = \n", encoding="utf-8")

    # The year file, and the broken one, which may be a year file: its check says what is wrong.
    files, shared, missing = expand([depts])
    assert (files, shared, missing) == ([broken, depts / "civil" / "year.toml"], [], [])
    result = run("check", depts)
    assert result.exit_code == 1
    assert f"{broken}:1:10: TOML 语法错误" in result.stderr
    assert "共 2 个文件：通过 1 个，未通过 1 个" in result.stderr

    # Named on its own, a TOML file without a format is checked, and says what it lacks.
    result = run("check", depts / "civil" / "tool-settings.toml")
    assert result.exit_code == 1

    # Nothing but templates and settings: no year files.
    result = run("check", templates)
    assert result.exit_code == 1
    assert f"{templates}: 没有找到年度数据文件" in result.stderr


def test_shared_defaults_files_are_not_built(tmp_path: Path):
    depts = tmp_path / "depts"
    depts.mkdir()
    (depts / "defaults.toml").write_text('format = "2021"\nyear = 2025\n', encoding="utf-8")
    for name, agency in (("a.toml", "甲县民政局"), ("b.toml", "乙县民政局")):
        text = MINIMAL.replace("测试县统计局", agency).replace('format = "2021"\nyear = 2025\n', "")
        (depts / name).write_text('extends = "defaults.toml"\n' + text, encoding="utf-8")
    result = run("build", depts, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 4
    assert f"跳过共享文件 {depts / 'defaults.toml'}（本批其他文件通过 extends 引用它）" in (
        result.stderr
    )


def test_two_files_writing_the_same_report_are_refused_before_anything_is_written(
    tmp_path: Path,
):
    first = department(tmp_path / "north", "year.toml", "民政局")
    second = department(tmp_path / "south", "year.toml", "民政局")
    out = tmp_path / "out"
    result = run("build", first, second, "-o", out)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert not out.exists()
    name = REPORT.format(agency="民政局")
    assert result.stderr.splitlines()[0] == (
        f"{first}: 与 {second} 生成同名的报告 {name}，会互相覆盖；"
        "请分别输出到不同目录（-o）。未写入任何文件"
    )
    # Beside each year file, their reports do not clash.
    result = run("build", first, second)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "north" / f"{name}.docx").is_file()
    assert (tmp_path / "south" / f"{name}.docx").is_file()


def test_a_file_broken_below_its_agency_is_planned_from_what_comes_before(tmp_path: Path):
    # The planning reads a file to the end of its [agency] only: one broken further down names
    # its report there, so it clashes with another of that name, and once apart it is built
    # and fails with its own TOML error, the good files written.
    good = department(tmp_path / "north", "year.toml", "民政局")
    broken = department(tmp_path / "south", "year.toml", "民政局", "\nbroken = \n")
    out = tmp_path / "out"
    result = run("build", good, broken, "-o", out)
    assert result.exit_code == 1 and not out.exists()
    assert result.stderr.splitlines()[0].startswith(f"{good}: 与 {broken} 生成同名的报告")
    result = run("build", good, broken)
    assert result.exit_code == 1
    assert f"{broken}:{line_of(broken, 'broken = ')}:10: TOML 语法错误" in result.stderr
    name = REPORT.format(agency="民政局")
    assert (tmp_path / "north" / f"{name}.docx").is_file()
    assert not (tmp_path / "south" / f"{name}.docx").exists()


def test_check_takes_the_same_inputs(mixed: Path):
    result = run("check", mixed, "-j", "2")
    assert result.exit_code == 1
    bad = mixed / "b.toml"
    lines = result.stderr.splitlines()
    # Files finish in any order; each file's findings come just before its line.
    found = next(i for i, line in enumerate(lines) if line.startswith(f"{bad}:"))
    assert lines[found].startswith(f"{bad}:{line_of(bad, '= -3')}: requests.new.natural_person:")
    assert lines[found + 1].endswith(f"已检查 {bad}：1 个错误，0 个警告")
    assert sum(line.endswith("：0 个错误，0 个警告") for line in lines) == 2
    assert lines[-1] == "共 3 个文件：通过 2 个，未通过 1 个；1 个错误，0 个警告"


def test_previous_is_for_one_file(mixed: Path):
    result = run("check", mixed, "--previous", mixed / "a.toml")
    assert result.exit_code == 1
    assert result.stderr == "--previous 只能用于单个文件\n"


def test_the_library_yields_one_result_per_file(tmp_path: Path, mixed: Path):
    batch = reportgen.build_many([mixed], tmp_path / "out", to=["html"], jobs=1)
    assert len(batch) == 3
    results = {result.path.name: result for result in batch}
    assert results["b.toml"].failed
    assert [finding.code for finding in results["b.toml"].errors] == ["wrong_type"]
    assert results["a.toml"].written == (
        tmp_path / "out" / f"{REPORT.format(agency='甲县民政局')}.html",
    )
    assert "甲县民政局" in results["a.toml"].written[0].read_text("utf-8")

    checked = {result.path.name: result.failed for result in reportgen.check_many([mixed])}
    assert checked == {"a.toml": False, "b.toml": True, "c.toml": False}


INSTALLED = pdf.find_soffice() is not None and shutil.which("pdftotext") is not None


@pytest.mark.libreoffice
@pytest.mark.skipif(
    not INSTALLED and not os.environ.get("CI"),
    reason="LibreOffice (soffice) and poppler-utils are not installed",
)
def test_pdfs_of_a_batch_take_one_libreoffice_call(tmp_path: Path, monkeypatch):
    assert INSTALLED, "CI installs LibreOffice and poppler-utils"
    depts = tmp_path / "depts"
    for index, agency in enumerate(("甲县民政局", "乙县民政局", "丙县民政局")):
        department(depts, f"{index}.toml", agency)
    calls: list[int] = []
    convert = pdf.Converter.convert

    def counting(self: pdf.Converter, documents: list[bytes]) -> list[bytes]:
        calls.append(len(documents))
        return convert(self, documents)

    monkeypatch.setattr(pdf.Converter, "convert", counting)
    out = tmp_path / "out"
    results = list(reportgen.build_many([depts], out, to=["pdf"], jobs=1))
    assert calls == [3]
    assert all(not result.failed for result in results)
    pdfs = sorted(out.iterdir())
    assert [path.suffix for path in pdfs] == [".pdf"] * 3  # the .docx was only a step
    for path, agency in zip(pdfs, ("丙县民政局", "乙县民政局", "甲县民政局"), strict=True):
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert f"{agency}2025年" in "".join(text.split())


@pytest.mark.libreoffice
@pytest.mark.skipif(
    not INSTALLED and not os.environ.get("CI"),
    reason="LibreOffice (soffice) and poppler-utils are not installed",
)
def test_one_libreoffice_serves_every_chunk_of_a_batch(tmp_path: Path, monkeypatch):
    assert INSTALLED, "CI installs LibreOffice and poppler-utils"
    from reportgen.runs import batch

    depts = tmp_path / "depts"
    agencies = ("甲县民政局", "乙县民政局", "丙县民政局", "丁县民政局", "戊县民政局")
    for index, agency in enumerate(agencies):
        department(depts, f"{index}.toml", agency)
    monkeypatch.setattr(batch, "PDF_CHUNK", 2)
    started: list[subprocess.Popen[bytes]] = []
    start = pdf.Converter._start

    def counting(self: pdf.Converter) -> None:
        start(self)
        assert self._resident is not None, "the resident LibreOffice did not come up"
        started.append(self._resident)

    monkeypatch.setattr(pdf.Converter, "_start", counting)
    out = tmp_path / "out"
    results = list(reportgen.build_many([depts], out, to=["pdf"], jobs=1))
    assert [result.failed for result in results] == [False] * 5
    assert len(started) == 1  # three chunks, one LibreOffice
    assert started[0].poll() is not None  # and it is gone once the batch is done
    for index, agency in enumerate(agencies):
        path = out / f"{agency}2025年政府信息公开工作年度报告.pdf"
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert f"{agency}2025年" in "".join(text.split()), index
