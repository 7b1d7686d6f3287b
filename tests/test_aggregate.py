"""`reportgen aggregate`: departments' year files summed cell by cell into the government-level
year file, every rule checked again on the sums, and the .xlsx for the level above read back."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import MINIMAL
from typer.testing import CliRunner

import reportgen
from reportgen.cli.commands import app

runner = CliRunner()

# (agency, new, carried over, granted, licensing decisions, fees in 万元, review upheld)
DEPARTMENTS = [
    ("甲局", 10, 2, 7, 120, "1.5", 1),
    ("乙局", 4, 0, 4, 30, "0.25", 0),
    ("丙局", 25, 5, 11, 0, "3", 2),
]


def department(directory: Path, agency: str, *figures: object, extra: str = "") -> Path:
    new, carried, granted, licensing, fees, upheld = figures
    path = directory / f"{agency}.toml"
    path.write_text(
        MINIMAL.replace("测试县统计局", agency)
        + f"""
[active.licensing]
decisions = {licensing}

[active.fees]
amount = {fees}

[requests.new]
natural_person = {new}
commercial = 1

[requests.carried_over]
natural_person = {carried}

[requests.granted]
natural_person = {granted}
commercial = 1

[requests.carried_forward]
natural_person = {new + carried - granted}

[appeals.review]
upheld = {upheld}
"""
        + extra,
        encoding="utf-8",
    )
    return path


def line_of(path: Path, text: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def run(*args: object):
    result = runner.invoke(app, [str(arg) for arg in args])
    assert "Traceback" not in result.output + result.stderr
    return result


@pytest.fixture
def departments(tmp_path: Path) -> list[Path]:
    directory = tmp_path / "depts"
    directory.mkdir()
    return [department(directory, *row) for row in DEPARTMENTS]


def test_sums_cell_by_cell_equal_the_aggregated_file(tmp_path: Path, departments: list[Path]):
    target = tmp_path / "city-2025.toml"
    workbook = tmp_path / "summary.xlsx"
    result = run(
        "aggregate", *departments, "-o", target, "--agency", "某某市人民政府", "--xlsx", workbook
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [str(target), str(workbook)]
    # Only the prose is left for the office to write.
    assert {line.split(": ")[-1].split("：")[0] for line in result.stderr.splitlines()[:-1]} == {
        "警告"
    }

    city = reportgen.check(target)
    assert city.errors == []
    assert city.year.values["agency.name"] == "某某市人民政府"
    parts = [reportgen.check(path).figures.values for path in departments]
    for key, value in city.figures.values.items():
        assert value == sum(part[key] for part in parts), key
    assert city.figures["requests.new.total"] == 39 + 3
    assert city.figures["active.fees.amount"] == Decimal("4.75")
    assert city.figures["requests.total.total"] == 22 + 3  # R2, computed on the sums

    text = target.read_text("utf-8")
    assert "#   甲局（" in text  # the departments, listed at the head
    assert "# total：" in text  # totals left for reportgen to compute
    assert 'active = """\n"""' in text  # prose left for the office

    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "各部门",
    ]
    requests = list(book["三、收到和处理政府信息公开申请情况"].iter_rows(values_only=True))
    header, rows = requests[0], {row[0]: row for row in requests[1:]}
    assert header[1:3] == ("自然人", "法人或其他组织 商业企业")
    assert rows["一、本年新收政府信息公开申请数量"][1:3] == (39, 3)
    assert rows["一、本年新收政府信息公开申请数量"][header.index("总计")] == 42

    sheet = list(book["各部门"].iter_rows(values_only=True))
    keys, labels, *body, total = sheet
    assert keys[:2] == ("file", "agency")
    assert labels[keys.index("requests.new.natural_person")] == (
        "一、本年新收政府信息公开申请数量 / 自然人"
    )
    assert [row[1] for row in body] == ["甲局", "乙局", "丙局"]
    for row, part in zip(body, parts, strict=True):
        assert row[0].endswith(".toml")
        for key, value in zip(keys[2:], row[2:], strict=True):
            assert value == part[key], key
    assert total[1] == "合计"
    assert Decimal(str(total[keys.index("active.fees.amount")])) == Decimal("4.75")


def test_a_format_or_year_mismatch_is_refused(tmp_path: Path, departments: list[Path]):
    odd = departments[1]
    odd.write_text(odd.read_text("utf-8").replace("year = 2025", "year = 2024"), encoding="utf-8")
    target = tmp_path / "city.toml"
    result = run("aggregate", *departments, "-o", target, "--agency", "某某市人民政府")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{odd}:2: year: 年度为 2024，与 {departments[0]} 的 2025 不同，不能汇总",
        "1 个错误，0 个警告",
    ]
    assert not target.exists()


def test_a_department_with_errors_is_refused(tmp_path: Path, departments: list[Path]):
    bad = departments[2]
    bad.write_text(bad.read_text("utf-8").replace("decisions = 0", "decisions = -1"), "utf-8")
    target = tmp_path / "city.toml"
    result = run("aggregate", *departments, "-o", target, "--agency", "某某市人民政府")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bad}:")
    assert "实际为负数 -1" in result.stderr
    assert not target.exists()


def test_a_note_instead_of_a_number_makes_the_sum_unknown(tmp_path: Path, departments: list[Path]):
    noted = department(
        tmp_path / "depts",
        "丁局",
        1,
        0,
        1,
        '{ note = "行政许可已移交市行政审批局" }',
        "0",
        0,
    )
    target = tmp_path / "city.toml"
    workbook = tmp_path / "summary.xlsx"
    inputs = [*departments, noted]
    result = run(
        "aggregate", *inputs, "-o", target, "--agency", "某某市人民政府", "--xlsx", workbook
    )
    assert result.exit_code == 0, result.stderr
    assert (
        f"{noted}:{line_of(noted, '行政许可已移交')}: active.licensing.decisions: "
        "警告：丁局此项以文字说明代替数字（行政许可已移交市行政审批局），汇总数未知，汇总文件中写为说明"
    ) in result.stderr
    city = reportgen.check(target)
    assert "active.licensing.decisions" in city.year.unknown
    assert city.year.notes["active.licensing.decisions"].startswith("汇总数未知：")
    assert str(noted) in city.year.notes["active.licensing.decisions"]

    book = openpyxl.load_workbook(workbook)
    active = {row[0]: row for row in book["二、主动公开政府信息情况"].iter_rows(values_only=True)}
    assert "未知" in active["行政许可"]
    rows = list(book["各部门"].iter_rows(values_only=True))
    column = rows[0].index("active.licensing.decisions")
    assert rows[-2][column] == "行政许可已移交市行政审批局"  # 丁局's own row shows its note
    assert rows[-1][column] == "未知"


def test_the_summed_file_is_not_overwritten_without_force(tmp_path: Path, departments: list[Path]):
    target = tmp_path / "city.toml"
    target.write_text("# 已写好正文\n", encoding="utf-8")
    result = run("aggregate", *departments, "-o", target, "--agency", "某某市人民政府")
    assert result.exit_code == 1
    assert result.stderr == f"{target} 已存在；如需覆盖请加 --force\n"
    assert target.read_text("utf-8") == "# 已写好正文\n"
    result = run("aggregate", *departments, "-o", target, "--agency", "某某市人民政府", "--force")
    assert result.exit_code == 0, result.stderr


def test_the_library_returns_the_sums(tmp_path: Path, departments: list[Path]):
    summed = reportgen.aggregate(
        [departments[0].parent], tmp_path / "city.toml", agency="某某市人民政府"
    )
    assert summed.paths == [tmp_path / "city.toml"]
    assert [department.agency for department in summed.departments] == ["丙局", "乙局", "甲局"]
    assert summed.sums["requests.new.natural_person"] == 39
    assert summed.unknown == {}


def test_an_agency_name_cannot_add_keys_to_the_summed_file(tmp_path: Path, departments: list[Path]):
    """The summed year file is written by a TOML writer: a name holding a quote and line
    breaks stays one string value, and the file still parses."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib

    agency = '某某市"\nextra = 1\n[injected]\nkey = "x'
    target = tmp_path / "city.toml"
    result = run("aggregate", *departments, "-o", target, "--agency", agency)
    assert result.exit_code == 0, result.stderr
    data = tomllib.loads(target.read_text("utf-8"))
    assert data["agency"]["name"] == agency
    assert "extra" not in data and "injected" not in data


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://example.com","点击")', "+1+1", "-1+1", "@SUM(1,1)"]
)
def test_a_department_name_never_becomes_a_formula(tmp_path: Path, name: str):
    directory = tmp_path / "depts"
    directory.mkdir()
    departments = [department(directory, *row) for row in DEPARTMENTS[:2]]
    departments[0].write_text(
        departments[0].read_text("utf-8").replace('name = "甲局"', f"name = {name!r}"), "utf-8"
    )
    workbook = tmp_path / "city.xlsx"
    result = run(
        "aggregate", *departments, "-o", tmp_path / "city.toml", "--agency", "某某市人民政府",
        "--xlsx", workbook,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(workbook)["各部门"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == name]
    assert cells and all(cell.data_type == "s" for cell in cells)
    formulas = [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == []
