"""Shared defaults: `extends = "../city-defaults.toml"` — what a department inherits, what it
overrides, chains, cycles, and errors reported at the file and line that wrote the value."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import reportgen
from reportgen.cli.commands import app
from reportgen.errors import InputError

runner = CliRunner()

CITY = """\
format = "2021"
year = 2025

[agency]
issued = 2026-01-20
website = "某某市人民政府门户网站"

[overview]
active = "全市统一的主动公开段落。"
management = "全市统一的信息管理段落。"

[[problems]]
problem = "全市共性问题一。"
measures = "全市措施一。"

[[problems]]
problem = "全市共性问题二。"
measures = "全市措施二。"

[other]
fees = "2025年，本机关未收取信息处理费。"
"""

DEPARTMENT = """\
extends = "../city-defaults.toml"

[agency]
name = "某某市民政局"
website = "某某市民政局网站"

[overview]
on_request = "依申请公开情况。"
platforms = "平台建设情况。"
oversight = "监督保障情况。"

[[problems]]
problem = "本局的问题。"
measures = "本局的措施。"
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def check(path: Path, *options: str):
    result = runner.invoke(app, ["check", str(path), *options])
    assert "Traceback" not in result.output + result.stderr
    return result


@pytest.fixture
def city(tmp_path: Path) -> Path:
    return write(tmp_path / "city-defaults.toml", CITY)


def test_the_department_inherits_what_it_does_not_write(tmp_path: Path, city: Path):
    path = write(tmp_path / "civil" / "year.toml", DEPARTMENT)
    checked = reportgen.check(path)
    assert checked.findings == []
    values = checked.year.values
    assert values["format"] == "2021"  # inherited
    assert str(values["agency.issued"]) == "2026-01-20"  # inherited, inside a merged table
    assert values["agency.name"] == "某某市民政局"  # its own
    assert values["agency.website"] == "某某市民政局网站"  # its own value wins
    assert values["overview.active"] == ("全市统一的主动公开段落。",)  # tables merge key by key
    assert values["overview.on_request"] == ("依申请公开情况。",)
    # An array of tables is replaced whole, not merged entry by entry.
    assert values["problems"] == [{"problem": ("本局的问题。",), "measures": ("本局的措施。",)}]


def test_the_built_report_carries_the_shared_paragraphs(tmp_path: Path, city: Path):
    path = write(tmp_path / "civil" / "year.toml", DEPARTMENT)
    built = reportgen.build(path, tmp_path / "out", to=["html"], strict=True)
    html = built.paths[0].read_text("utf-8")
    assert "全市统一的主动公开段落。" in html
    assert "本局的问题。" in html
    assert "全市共性问题一。" not in html


def test_a_chain_of_shared_files(tmp_path: Path, city: Path):
    write(
        tmp_path / "district" / "defaults.toml",
        'extends = "../city-defaults.toml"\n\n[agency]\nissued = 2026-01-25\n',
    )
    path = write(
        tmp_path / "district" / "civil" / "year.toml",
        DEPARTMENT.replace("../city-defaults.toml", "../defaults.toml"),
    )
    checked = reportgen.check(path)
    assert checked.errors == []
    assert str(checked.year.values["agency.issued"]) == "2026-01-25"  # the nearer file wins
    assert checked.year.values["other.fees"] == ("2025年，本机关未收取信息处理费。",)


def test_a_cycle_is_refused_naming_the_files(tmp_path: Path):
    first = write(tmp_path / "a.toml", 'extends = "b.toml"\n')
    second = write(tmp_path / "b.toml", 'extends = "a.toml"\n')
    result = check(first)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{second}:1: extends: extends 形成循环：{first} → {second} → {first}",
        "1 个错误，0 个警告",
    ]
    with pytest.raises(InputError):
        reportgen.check(first)


def test_an_error_in_the_shared_file_is_reported_there(tmp_path: Path, city: Path):
    city.write_text(
        CITY + "\n[requests.new]\nnatural_person = -3\n\n[agency_typo]\nname = 1\n",
        encoding="utf-8",
    )
    path = write(tmp_path / "civil" / "year.toml", DEPARTMENT)
    result = check(path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{city}:{line_of(city, '= -3')}: requests.new.natural_person: "
        "「一、本年新收政府信息公开申请数量 / 自然人」应为非负整数，实际为负数 -3",
        f"{city}:{line_of(city, '[agency_typo]')}: agency_typo: 警告：未知的键，已忽略"
        "（是否想写 agency？）",
        "1 个错误，1 个警告",
    ]


def test_the_department_s_own_value_is_reported_in_its_own_file(tmp_path: Path, city: Path):
    path = write(tmp_path / "civil" / "year.toml", DEPARTMENT + '\n[agency.more]\nx = "1"\n')
    city.write_text(CITY.replace("issued = 2026-01-20", 'issued = "明年"'), encoding="utf-8")
    result = check(path, "--lang", "en")
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{city}:{line_of(city, '明年')}: agency.issued: ")
    assert lines[1].startswith(f"{path}:{line_of(path, '[agency.more]')}: agency.more: warning")


def test_a_missing_shared_file(tmp_path: Path):
    path = write(tmp_path / "civil" / "year.toml", DEPARTMENT)
    result = check(path)
    assert result.exit_code == 1
    shared = tmp_path / "city-defaults.toml"
    assert result.stderr.splitlines()[0] == (
        f"{path}:1: extends: 共享文件 {shared} 不存在（extends 相对于本文件所在目录）"
    )


def test_extends_must_be_a_path(tmp_path: Path):
    path = write(tmp_path / "year.toml", "extends = 3\n")
    result = check(path)
    assert result.stderr.splitlines()[0] == (
        f"{path}:1: extends: 「共享文件」应为文字（用引号括起），实际为整数 3"
    )


def test_an_inherited_templates_directory_is_relative_to_the_shared_file(
    tmp_path: Path, city: Path
):
    (tmp_path / "province-templates").mkdir()
    city.write_text('templates = "province-templates"\n' + CITY, encoding="utf-8")
    path = write(tmp_path / "civil" / "year.toml", DEPARTMENT)
    checked = reportgen.check(path)
    assert checked.errors == []
    assert checked.year.search_path == (tmp_path / "province-templates",)

    city.write_text('templates = "missing"\n' + CITY, encoding="utf-8")
    result = check(path)
    assert result.stderr.splitlines()[0].startswith(f"{city}:1: templates: 模板目录 ")
