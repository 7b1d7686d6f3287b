"""A batch plans with the reader its builds use: a year file saved in GB18030 (Chinese
Windows' GBK) is looked at as it is built, so clashing reports and shared files are found
whatever the files' encodings."""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL
from typer.testing import CliRunner

from reportgen.cli.commands import app

runner = CliRunner()
REPORT = "{agency}2025年政府信息公开工作年度报告"


def run(*args: object):
    result = runner.invoke(app, [str(arg) for arg in args])
    assert "Traceback" not in result.output + result.stderr
    return result


def test_a_gb18030_file_clashing_with_another_is_refused_before_anything_is_written(
    tmp_path: Path,
):
    first = tmp_path / "north" / "year.toml"
    second = tmp_path / "south" / "year.toml"
    for path, encoding in ((first, "utf-8"), (second, "gb18030")):
        path.parent.mkdir()
        path.write_bytes(MINIMAL.replace("测试县统计局", "民政局").encode(encoding))
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


def test_a_department_file_in_gb18030_still_marks_its_shared_file(tmp_path: Path):
    depts = tmp_path / "depts"
    depts.mkdir()
    (depts / "defaults.toml").write_text('format = "2021"\nyear = 2025\n', encoding="utf-8")
    text = MINIMAL.replace("测试县统计局", "甲县民政局").replace(
        'format = "2021"\nyear = 2025\n', ""
    )
    (depts / "a.toml").write_bytes(('extends = "defaults.toml"\n' + text).encode("gb18030"))
    result = run("build", depts, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert f"跳过共享文件 {depts / 'defaults.toml'}（本批其他文件通过 extends 引用它）" in (
        result.stderr
    )
    assert (tmp_path / "out" / f"{REPORT.format(agency='甲县民政局')}.docx").is_file()
    assert not list((tmp_path / "out").glob("*defaults*"))
