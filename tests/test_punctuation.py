"""Half-width punctuation between Chinese characters (issue 17): a warning naming the field and
line, and `check --fix-punctuation`, which changes those marks and not one other byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportgen.cli.commands import app

runner = CliRunner()

MIXED = """\
format = "2021"
year = 2025

[agency]
name = "测试县统计局"
issued = 2026-01-15
website = "http://www.example.gov.cn/a?b=1,c"

[overview]
active = "根据《条例(2019年版)》(国务院令第711号)规定,现将报告如下:共1,000件;是否?"
on_request = \"\"\"
收到申请1,000件,办结(含转办)1,000件.
网址:http://a.b/c?d=1,e
\"\"\"
management = ["管理情况,良好", "English, text: fine (ok)"]
platforms = "平台建设情况。"
oversight = "监督保障情况。"

[[problems]]
problem = "问题一:不足"
measures = "措施一。"

[other]
fees = "2025年,本机关未收取信息处理费。"  # 注释,不改

[requests.new]
natural_person = { value = 3, note = "含转办件,共3件" }
[requests.granted]
natural_person = 3
"""

FIXED = """\
format = "2021"
year = 2025

[agency]
name = "测试县统计局"
issued = 2026-01-15
website = "http://www.example.gov.cn/a?b=1,c"

[overview]
active = "根据《条例（2019年版）》（国务院令第711号）规定，现将报告如下：共1,000件；是否?"
on_request = \"\"\"
收到申请1,000件，办结（含转办）1,000件.
网址:http://a.b/c?d=1,e
\"\"\"
management = ["管理情况，良好", "English, text: fine (ok)"]
platforms = "平台建设情况。"
oversight = "监督保障情况。"

[[problems]]
problem = "问题一：不足"
measures = "措施一。"

[other]
fees = "2025年，本机关未收取信息处理费。"  # 注释,不改

[requests.new]
natural_person = { value = 3, note = "含转办件，共3件" }
[requests.granted]
natural_person = 3
"""


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    path = tmp_path / "year.toml"
    path.write_bytes(MIXED.encode("utf-8"))
    return path


def test_each_field_with_half_width_marks_is_a_warning(mixed):
    result = runner.invoke(app, ["check", str(mixed)])
    assert result.exit_code == 0
    tail = "应为全角；reportgen check --fix-punctuation 可一次改正"
    assert result.stderr.splitlines() == [
        f"{mixed}:10: overview.active: 警告：「总体情况·主动公开」中有 7 处半角标点夹在中文之间"
        f"（如“据《条例(2019”），{tail}",
        f"{mixed}:12: overview.on_request: 警告：「总体情况·依申请公开」中有 3 处半角标点夹在中文"
        f"之间（如“000件,办结(含”），{tail}",
        f"{mixed}:15: overview.management: 警告：「总体情况·政府信息管理」中有 1 处半角标点夹在"
        f"中文之间（如“管理情况,良好”），{tail}",
        f"{mixed}:20: problems.0.problem: 警告：「存在的问题」中有 1 处半角标点夹在中文之间"
        f"（如“问题一:不足”），{tail}",
        f"{mixed}:24: other.fees: 警告：「信息处理费收取情况」中有 1 处半角标点夹在中文之间"
        f"（如“025年,本机关未”），{tail}",
        f"{mixed}:27: requests.new.natural_person.note: 警告："
        "「一、本年新收政府信息公开申请数量 / 自然人」中有 1 处半角标点夹在中文之间"
        f"（如“含转办件,共3件”），{tail}",
        "检查通过：0 个错误，6 个警告",
    ]
    english = runner.invoke(app, ["check", str(mixed), "--lang", "en"]).stderr.splitlines()
    assert english[3] == (
        f'{mixed}:20: problems.0.problem: warning: "problem" has 1 half-width punctuation'
        ' mark(s) between Chinese characters (e.g. "问题一:不足"), where Chinese uses full-width'
        " ones; reportgen check --fix-punctuation fixes them"
    )


@pytest.mark.parametrize("option", ["--fix-punctuation", "--fix"])
def test_fix_changes_only_the_marks_between_chinese_characters(mixed, option):
    result = runner.invoke(app, ["check", option, str(mixed)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{mixed}\n"  # stdout: the files written
    assert result.stderr == f"已将 14 处半角标点改为全角：{mixed}\n检查通过：0 个错误，0 个警告\n"
    assert mixed.read_bytes() == FIXED.encode("utf-8")
    assert [p.name for p in mixed.parent.iterdir()] == ["year.toml"]  # no temporary file left
    # Nothing left to fix: the file is not written again.
    again = runner.invoke(app, ["check", option, str(mixed), "--lang", "en"])
    assert (again.exit_code, again.stdout) == (0, "")
    assert again.stderr == (
        f"made 0 punctuation mark(s) full-width: {mixed}\ncheck passed: 0 error(s), 0 warning(s)\n"
    )


def test_fix_keeps_a_byte_order_mark_and_crlf_line_ends(tmp_path):
    path = tmp_path / "year.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MIXED.replace("\n", "\r\n").encode("utf-8"))
    assert runner.invoke(app, ["check", "--fix", str(path)]).exit_code == 0
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED.replace("\n", "\r\n").encode("utf-8")


def test_fix_leaves_a_gbk_file_alone(tmp_path):
    path = tmp_path / "year.toml"
    path.write_bytes(MIXED.encode("gb18030"))
    result = runner.invoke(app, ["check", "--fix", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"{path} 不是 UTF-8 编码，未改动；请先在编辑器中另存为 UTF-8\n"
    english = runner.invoke(app, ["check", "--fix", str(path), "--lang", "en"])
    assert (
        english.stderr
        == f"{path} is not UTF-8 encoded and was left as it is; save it as UTF-8 first\n"
    )
    assert path.read_bytes() == MIXED.encode("gb18030")


def test_fix_takes_one_file(mixed, tmp_path):
    other = tmp_path / "other.toml"
    other.write_text(MIXED, "utf-8")
    result = runner.invoke(app, ["check", "--fix", str(mixed), str(other), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr == "--fix-punctuation fixes one year file at a time\n"
    chinese = runner.invoke(app, ["check", "--fix", str(mixed), str(other)])
    assert (chinese.exit_code, chinese.stderr) == (
        2,
        "--fix-punctuation 一次只改一个年度数据文件\n",
    )
    assert mixed.read_text("utf-8") == MIXED


@pytest.mark.parametrize(
    ("key", "full", "half"),
    [
        ("problems.0.problem", "问题一：不足", "问题一:不足"),
        ("requests.new.natural_person.note", "含转办件，共3件", "含转办件,共3件"),
        ("overview.management", "管理情况，良好", "管理情况,良好"),
    ],
)
def test_a_mark_in_one_field_alone_is_found(mixed: Path, key: str, full: str, half: str):
    # The file made clean, then one mark put back: found by the first look at the parsed
    # values, whether in a record's text, a table value's note or an array of texts.
    assert runner.invoke(app, ["check", "--fix-punctuation", str(mixed)]).exit_code == 0
    text = mixed.read_text("utf-8")
    clean = runner.invoke(app, ["check", str(mixed)]).stderr
    assert clean.splitlines() == ["检查通过：0 个错误，0 个警告"]
    mixed.write_text(text.replace(full, half, 1), "utf-8")
    warning, _ = runner.invoke(app, ["check", str(mixed)]).stderr.splitlines()
    assert f": {key}: 警告" in warning
