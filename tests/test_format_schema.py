"""A format.toml is checked against its own schema: every mistake is a message with the format
file, its line and the key; the build exits 1 and writes nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import reportgen
from reportgen.cli.commands import app
from reportgen.errors import FormatError
from reportgen.formats import description as formats
from reportgen.formats import format_schema

FORMAT = """\
id = "mini"
include = ["base/agency.toml"]

[[sections]]
id = "overview"
heading = "一、概述"

[[sections]]
id = "statistics"
heading = "二、统计表"
table = "statistics"

[tables.statistics]
columns = ["year", "all"]

[[tables.statistics.header]]
cells = [{ text = "指标名称" }, { text = "本年度" }, { text = "历年累计" }]

[[tables.statistics.rows]]
key = "requests"
cells = [{ text = "受理申请总数" }]

[[tables.statistics.rows]]
key = "online"
cells = [{ text = "其中：网上申请" }]

[[tables.statistics.rules]]
id = "F1"
kind = "total"
for.col = "*"
left = ["requests.{col}"]
right = ["online.{col}"]
"""


def run(*args: str):
    return CliRunner().invoke(app, list(args))


YEAR = """\
format = "mini"
year = 2017

[agency]
name = "某某局"
issued = 2018-03-20
"""

# (name, text replaced, replacement, line, key, message): one mistake of each kind.
CASES = [
    (
        "typo-in-a-cell-key",
        '{ text = "受理申请总数" }',
        '{ text = "受理申请总数", rowpsan = 2 }',
        21,
        "tables.statistics.rows.0.cells.0.rowpsan",
        "格式描述错误：未知的键 rowpsan（是否想写 rowspan？）",
    ),
    (
        "unknown-top-level-key",
        'id = "mini"\n',
        'id = "mini"\ncolour = "red"\n',
        2,
        "colour",
        "格式描述错误：未知的键 colour（此处可用的键：id、name、name_en、template、"
        "percent_decimals、include、extends、intro、problems_layout、sections、fields、tables、"
        "shares）",
    ),
    (
        "fields-a-number",
        'include = ["base/agency.toml"]\n',
        'include = ["base/agency.toml"]\nfields = 3\n',
        3,
        "fields",
        "格式描述错误：应为数组（[…]，每项为表（{…}）），实际为整数 3",
    ),
    (
        "span-a-string",
        '{ text = "本年度" }',
        '{ text = "本年度", colspan = "2" }',
        17,
        "tables.statistics.header.0.cells.1.colspan",
        "格式描述错误：应为整数，实际为文字 '2'",
    ),
    (
        "bad-kind",
        'kind = "total"',
        'kind = "sum"',
        29,
        "tables.statistics.rules.0.kind",
        "格式描述错误：'sum' 不是可用的取值（可用：total、check）",
    ),
    (
        "duplicate-section",
        'id = "statistics"',
        'id = "overview"',
        9,
        "sections.1.id",
        "格式描述错误：overview 重复定义",
    ),
    (
        "rule-naming-an-undefined-key",
        'right = ["online.{col}"]',
        'right = ["onlne.{col}"]',
        32,
        "tables.statistics.rules.0.right.0",
        "格式描述错误：没有键为 statistics.onlne.year 的数值单元格",
    ),
    (
        "section-naming-an-undefined-table",
        'table = "statistics"',
        'table = "statistic"',
        11,
        "sections.1.table",
        "格式描述错误：没有标识为 statistic 的表",
    ),
    (
        "span-overrunning-the-grid",
        '{ text = "其中：网上申请" }',
        '{ text = "其中：网上申请", rowspan = 2 }',
        25,
        "tables.statistics.rows.1.cells.0.rowspan",
        "格式描述错误：单元格的跨行或跨列超出了表格，或与其他单元格重叠",
    ),
    (
        "row-wider-than-the-table",
        '{ text = "指标名称" }',
        '{ text = "指标名称", colspan = 2 }',
        17,
        "tables.statistics.header.0.cells.2",
        "格式描述错误：这一行占 4 列，表格有 3 列",
    ),
    (
        "include-not-resolving",
        '"base/agency.toml"',
        '"base/agncy.toml"',
        2,
        "include.0",
        "格式描述错误：找不到 base/agncy.toml",
    ),
    (
        "include-absolute",
        '"base/agency.toml"',
        '"/etc/passwd"',
        2,
        "include.0",
        "格式描述错误：/etc/passwd 不在模板目录之内"
        "（只能写模板目录中的相对路径，不能用绝对路径、..或指向目录外的链接）",
    ),
    (
        "include-dot-dot",
        '"base/agency.toml"',
        '"../../secret.toml"',
        2,
        "include.0",
        "格式描述错误：../../secret.toml 不在模板目录之内"
        "（只能写模板目录中的相对路径，不能用绝对路径、..或指向目录外的链接）",
    ),
    (
        "extends-a-directory",
        'include = ["base/agency.toml"]\n',
        'include = ["base/agency.toml"]\nextends = "base"\n',
        3,
        "extends",
        "格式描述错误：base 是一个目录，不是格式描述文件",
    ),
]


def _setup(tmp_path: Path, text: str) -> tuple[Path, Path]:
    templates = tmp_path / "templates"
    (templates / "mini").mkdir(parents=True)
    (templates / "mini" / "format.toml").write_text(text, "utf-8")
    year = tmp_path / "year.toml"
    year.write_text(YEAR, "utf-8")
    return templates, year


def test_the_unbroken_format_builds(tmp_path):
    templates, year = _setup(tmp_path, FORMAT)
    built = reportgen.build(year, tmp_path / "out", templates=[templates])
    assert len(built.paths) == 2


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_each_mistake_is_a_message_with_file_line_and_key(tmp_path, case):
    _, old, new, line, key, message = case
    assert old in FORMAT
    templates, year = _setup(tmp_path, FORMAT.replace(old, new, 1))
    description = templates / "mini" / "format.toml"
    result = run("build", str(year), "--templates", str(templates), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{description.resolve()}:{line}: {key}: {message}"
    assert not (tmp_path / "out").exists()


def test_a_link_out_of_the_templates_directory_is_refused(tmp_path):
    secret = tmp_path / "secret.toml"
    secret.write_text('[[fields]]\nkey = "x"\n', "utf-8")
    templates, year = _setup(tmp_path, FORMAT.replace("base/agency.toml", "mini/link.toml"))
    os.symlink(secret, templates / "mini" / "link.toml")
    with pytest.raises(FormatError) as raised:
        reportgen.check(year, templates=[templates])
    assert raised.value.code == "format_include_outside"
    assert (raised.value.line, raised.value.key) == (2, "include.0")


def test_messages_are_in_english_on_request(tmp_path):
    templates, year = _setup(
        tmp_path,
        FORMAT.replace("rowspan", "rowspan").replace(
            '{ text = "本年度" }', '{ text = "本年度", rowpsan = 2 }'
        ),
    )
    result = run("check", str(year), "--templates", str(templates), "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(
        "tables.statistics.header.0.cells.1.rowpsan: format description error: unknown key"
        " rowpsan (did you mean rowspan?)"
    )


def test_every_built_in_format_passes_its_schema():
    for description in formats.available().values():
        formats.load(description)


def test_the_shipped_json_schema_is_the_one_the_loader_checks():
    shipped = formats.builtin_templates() / "base" / "format.schema.json"
    assert json.loads(shipped.read_text("utf-8")) == format_schema.json_schema()
    assert set(format_schema.json_schema()["properties"]) == set(format_schema.PARTS["format"])


WRONG_VALUES = ["3", '"x"', "[]", "{}", "true", "[1, 2]", "[{ a = 1 }]", "-1", '"*"', '"../x"']


def test_every_malformed_value_is_a_format_error_never_a_crash(tmp_path):
    """Each `key = value` line of the description, with each wrong kind of value in turn: the
    result loads or is a FormatError with a line; nothing else escapes (issue 11: no exit 70)."""
    lines = FORMAT.splitlines()
    refused = 0
    for number, line in enumerate(lines):
        if " = " not in line or line.startswith("cells"):
            continue
        key = line.split(" = ", 1)[0]
        for wrong in WRONG_VALUES:
            text = "\n".join([*lines[:number], f"{key} = {wrong}", *lines[number + 1 :]])
            directory = tmp_path / f"case{number}-{WRONG_VALUES.index(wrong)}" / "mini"
            directory.mkdir(parents=True)
            (directory / "format.toml").write_text(text + "\n", "utf-8")
            try:
                formats.load(directory / "format.toml")
            except FormatError as error:
                refused += 1
                assert error.line is not None, (key, wrong, str(error))
    assert refused > 50


def test_a_fifo_or_an_endless_extends_chain_is_refused(tmp_path):
    directory = tmp_path / "fifo"
    directory.mkdir()
    os.mkfifo(directory / "format.toml")
    with pytest.raises(FormatError) as raised:
        formats.load(directory / "format.toml")
    assert raised.value.code == "format_not_a_file"
    for number in range(30):
        folder = tmp_path / "chain" / f"f{number}"
        folder.mkdir(parents=True)
        (folder / "format.toml").write_text(f'extends = "f{number + 1}/format.toml"\n', "utf-8")
    with pytest.raises(FormatError) as raised:
        formats.load(tmp_path / "chain" / "f0" / "format.toml")
    assert raised.value.code == "format_extends_too_long"


def test_a_format_description_linking_out_of_its_templates_directory_is_refused(tmp_path):
    outside = tmp_path / "elsewhere.toml"
    outside.write_text(FORMAT, "utf-8")
    templates = tmp_path / "templates"
    (templates / "mini").mkdir(parents=True)
    os.symlink(outside, templates / "mini" / "format.toml")
    year = tmp_path / "year.toml"
    year.write_text(YEAR, "utf-8")
    result = run("check", str(year), "--templates", str(templates))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{templates.resolve() / 'mini' / 'format.toml'}: 格式描述错误：mini/format.toml"
        " 不在模板目录之内（只能写模板目录中的相对路径，不能用绝对路径、..或指向目录外的链接）"
    )


def test_every_shipped_description_validates_against_the_json_schema():
    import sys

    import jsonschema

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib

    schema = format_schema.json_schema()
    descriptions = [
        *formats.builtin_templates().glob("*/format.toml"),
        *(formats.builtin_templates() / "base").glob("*.toml"),
        *(Path(__file__).parent.parent / "samples").glob("*/templates/*/format.toml"),
    ]
    assert len(descriptions) >= 7
    for description in descriptions:
        text = description.read_text("utf-8")
        assert text.startswith("#:schema "), description
        jsonschema.validate(tomllib.loads(text), schema)
