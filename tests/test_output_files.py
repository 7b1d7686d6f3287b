"""All or nothing on disk: names, permissions, atomic replacement, input never written."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

import pytest
from conftest import SAMPLE
from typer.testing import CliRunner

import reportgen
from reportgen.cli.commands import app
from reportgen.errors import InputError, OutputError, TemplateError
from reportgen.writers.output import write_all

NAME = "某某市民政局2025年政府信息公开工作年度报告"


def test_outputs_are_named_after_agency_and_year(tmp_path: Path):
    built = reportgen.build(SAMPLE, tmp_path)
    assert sorted(path.name for path in built.paths) == [f"{NAME}.docx", f"{NAME}.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{NAME}.docx", f"{NAME}.html"]


def test_outputs_are_readable_by_others(tmp_path: Path):
    built = reportgen.build(SAMPLE, tmp_path, to=["html"])
    assert stat.S_IMODE(built.paths[0].stat().st_mode) == 0o666 & ~_umask()


def test_default_output_directory_is_beside_the_year_file(tmp_path: Path, year_file):
    path = year_file()
    built = reportgen.build(path, to=["html"])
    assert built.paths[0].parent == path.parent


def test_failed_build_leaves_earlier_outputs_untouched(tmp_path: Path):
    year = tmp_path / "year.toml"
    year.write_text(SAMPLE.read_text("utf-8"), encoding="utf-8")
    first = reportgen.build(year, tmp_path / "out")
    before = {path: path.read_bytes() for path in first.paths}
    year.write_text(year.read_text("utf-8").replace("decisions = 126", "decisions = -126"), "utf-8")
    digest = hashlib.sha256(year.read_bytes()).hexdigest()
    with pytest.raises(InputError):
        reportgen.build(year, tmp_path / "out")
    assert {path: path.read_bytes() for path in first.paths} == before
    assert sorted(os.listdir(tmp_path / "out")) == sorted(p.name for p in first.paths)
    assert hashlib.sha256(year.read_bytes()).hexdigest() == digest  # input never written


def test_a_write_failure_leaves_no_temporary_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "a.html"
    target.write_bytes(b"old")

    def refuse(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError) as caught:
        write_all({target: b"new", tmp_path / "b.docx": b"new"})
    assert caught.value.reason == "No space left on device"
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html"]


def test_output_directory_that_is_a_file(tmp_path: Path):
    blocker = tmp_path / "out"
    blocker.write_text("not a directory")
    with pytest.raises(OutputError):
        reportgen.build(SAMPLE, blocker / "sub", to=["html"])


def test_missing_output_directory_is_created(tmp_path: Path):
    built = reportgen.build(SAMPLE, tmp_path / "a" / "b", to=["html"])
    assert built.paths[0].parent == tmp_path / "a" / "b"


def test_unknown_template_lists_the_directories_searched(tmp_path: Path):
    from reportgen.render.templating import SearchPath

    with pytest.raises(TemplateError) as caught:
        SearchPath((tmp_path,)).find("2021/missing.html.j2")
    assert str(tmp_path) in str(caught.value) and "templates" in str(caught.value)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_a_failed_rename_puts_back_the_previous_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The .docx is renamed into place, then the .html rename fails: the old .docx comes back,
    so the folder holds the old set, whole, and no temporary or kept file."""
    year = tmp_path / "year.toml"
    year.write_text(SAMPLE.read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    first = reportgen.build(year, out)
    before = {path.name: path.read_bytes() for path in first.paths}
    year.write_text(SAMPLE.read_text("utf-8").replace("。", "！", 1), "utf-8")
    renamed: list[str] = []
    real_replace = os.replace

    def second_fails(source: str, target: str | Path) -> None:
        if renamed:
            raise OSError(errno.EIO, "Input/output error")
        renamed.append(str(target))
        real_replace(source, target)

    monkeypatch.setattr("reportgen.writers.output.os.replace", second_fails)
    with pytest.raises(OutputError) as caught:
        reportgen.build(year, out, to=["docx", "html"])
    monkeypatch.undo()
    assert renamed == [str(out / f"{NAME}.docx")]  # the first rename did happen
    assert caught.value.path == str(out / f"{NAME}.html")
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_a_first_build_that_fails_half_way_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    real_replace = os.replace
    calls = []

    def second_fails(source: str, target: str | Path) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr("reportgen.writers.output.os.replace", second_fails)
    with pytest.raises(OutputError):
        reportgen.build(SAMPLE, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


def test_an_output_blocked_by_a_folder_changes_nothing(tmp_path: Path):
    out = tmp_path / "out"
    first = reportgen.build(SAMPLE, out)
    before = {path.name: path.read_bytes() for path in first.paths}
    html = out / f"{NAME}.html"
    html.unlink()
    html.mkdir()
    (html / "keep").write_text("x")
    del before[html.name]
    result = CliRunner().invoke(app, ["build", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"无法写入 {html}：")
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in out.iterdir()) == sorted([*before, html.name])


def test_a_folder_is_swept_once_per_batch_not_once_per_report(tmp_path: Path):
    """Scanning the folder before each report would make a batch into one folder slow down as
    the folder fills: litter is looked for at the first write into a folder only."""
    from reportgen.writers import output

    output.forget_sweeps()
    litter = tmp_path / ".old.html.999999999.abcd1234.tmp"  # no such process
    litter.write_bytes(b"half")
    write_all({tmp_path / "a.html": b"a"})
    assert not litter.exists()
    litter.write_bytes(b"half")
    write_all({tmp_path / "b.html": b"b"})
    assert litter.exists()  # not looked for again in this batch
    output.forget_sweeps()
    write_all({tmp_path / "c.html": b"c"})
    assert not litter.exists()


def test_a_symlinked_output_is_replaced_not_followed(tmp_path: Path):
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_text("not yours")
    out = tmp_path / "out"
    out.mkdir()
    link = out / f"{NAME}.html"
    link.symlink_to(elsewhere)
    reportgen.build(SAMPLE, out, to=["html"])
    assert not link.is_symlink() and "<html" in link.read_text("utf-8")
    assert elsewhere.read_text() == "not yours"


def test_a_rolled_back_symlink_is_a_symlink_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    elsewhere = tmp_path / "elsewhere.docx"
    elsewhere.write_bytes(b"not yours")
    out = tmp_path / "out"
    out.mkdir()
    link = out / f"{NAME}.docx"
    link.symlink_to(elsewhere)
    real_replace = os.replace
    calls = []

    def second_fails(source: str, target: str | Path) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(errno.EACCES, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr("reportgen.writers.output.os.replace", second_fails)
    with pytest.raises(OutputError):
        reportgen.build(SAMPLE, out, to=["docx", "html"])
    monkeypatch.undo()
    assert link.is_symlink() and os.readlink(link) == str(elsewhere)
    assert elsewhere.read_bytes() == b"not yours"
    assert sorted(p.name for p in out.iterdir()) == [link.name]
