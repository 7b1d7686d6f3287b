"""Roll forward (`init --from`), `--previous` checks of what it is given, and the workbook
that `aggregate --xlsx` writes imported back."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from reportgen.cli.commands import app
from reportgen.runs import single as pipeline
from reportgen.runs.importing import import_report

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_2021 = ROOT / "samples" / "2021-city-civil-affairs.toml"
SAMPLE_2019 = ROOT / "samples" / "2019-hanzhong-civil-affairs-2020.toml"
COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other")
runner = CliRunner()


def roll(tmp_path: Path, last: Path, *options: str) -> tuple[Path, dict]:
    target = tmp_path / "next.toml"
    result = runner.invoke(app, ["init", "--from", str(last), "-o", str(target), *options])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{target}\n"
    return target, tomllib.loads(target.read_text(encoding="utf-8"))


def test_roll_forward_carries_last_years_figures(tmp_path: Path):
    target, data = roll(tmp_path, SAMPLE_2021)
    last = pipeline.check(SAMPLE_2021)
    assert data["format"] == "2021"
    assert data["year"] == 2026
    assert data["agency"]["name"] == "某某市民政局"
    assert data["agency"]["issued"] == date(2027, 1, 20)
    for column in COLUMNS:
        carried = last.figures[f"requests.carried_forward.{column}"]
        assert data["requests"]["carried_over"][column] == carried
    assert data["requests"]["new"]["natural_person"] == 0  # counts that must be new
    assert "total" not in data["requests"]["new"]  # computed, as init leaves it
    # 现行有效件数 also needs this year's 制发 and 废止: noted beside its key, not set.
    in_force = last.figures["active.normative_documents.in_force"]
    text = target.read_text(encoding="utf-8")
    assert f"# 上年数字为 {in_force}：" in text
    # Last year's prose only as comments beside empty fields.
    assert data["overview"]["active"].strip() == ""
    first = last.year.values["overview.active"][0]
    assert f"# {first}" in text
    assert data["active"]["normative_documents"]["in_force"] == in_force  # 制发、废止 are 0
    checked = runner.invoke(app, ["check", str(target), "--previous", str(SAMPLE_2021)])
    # What is left to do: the requests carried over must be handled this year (R1); the
    # year-to-year rules (P1, P3) hold.
    errors = [line for line in checked.stderr.splitlines() if "不符合" in line]
    assert [line.split(": ")[1] for line in errors] == [
        "requests.new.natural_person",
        "requests.carried_over.total",
    ]
    assert all("R1" in line for line in errors)


def test_roll_forward_from_2019_into_2021(tmp_path: Path):
    last = tmp_path / "last.toml"
    text = SAMPLE_2019.read_text(encoding="utf-8")
    text = text.replace("[requests.new]                  # 一、本年新收政府信息公开申请数量\n"
                        "natural_person = 4",
                        "[requests.new]\nnatural_person = 6")  # fmt: skip
    last.write_text(text + "\n[requests.carried_forward]\nnatural_person = 2\n", encoding="utf-8")
    assert pipeline.check(last).errors == []
    target, data = roll(tmp_path, last)
    assert data["format"] == "2021"
    assert data["year"] == 2021
    assert data["requests"]["carried_over"]["natural_person"] == 2
    assert "# 上年文件为 政府信息公开工作年度报告（2019年试行格式" in target.read_text(
        encoding="utf-8"
    )
    # The 2019 总体情况 is shown beside the first field of 一、总体情况.
    assert "# 2020年，在市委、市政府的正确领导" in target.read_text(encoding="utf-8")

    # The rules of the rows both formats share run across the change, without a warning.
    agreed = runner.invoke(app, ["check", str(target), "--previous", str(last)])
    assert "P1" not in agreed.stderr
    assert "无法逐项比对" not in agreed.stderr
    changed = target.read_text(encoding="utf-8").replace(
        "natural_person = 2  # 自然人", "natural_person = 5  # 自然人"
    )
    target.write_text(changed, encoding="utf-8")
    broken = runner.invoke(app, ["check", str(target), "--previous", str(last)])
    assert f"{target}:" in broken.stderr
    assert (
        "requests.carried_over.natural_person: 警告：不符合 P1：“自然人”列："
        "上年结转应等于上年报告的结转下年度继续办理；实际左边为 5"
        "（二、上年结转政府信息公开申请数量 5），右边为 2（上年报告的四、结转下年度继续办理 2）"
    ) in broken.stderr


def test_previous_of_another_year_or_agency_and_prose_left_as_it_was(tmp_path: Path):
    same = tmp_path / "same.toml"
    same.write_text(SAMPLE_2021.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["check", str(SAMPLE_2021), "--previous", str(same)])
    lines = result.stderr.splitlines()
    assert (
        f"{same}:6: year: 警告：上年文件的报告年度为 2025，应为 2024（是否选错了文件？）" in lines
    )
    assert any(
        line.endswith(
            "overview.active: 警告：「总体情况·主动公开」与上年报告逐字相同（是否忘了改写？）"
        )
        for line in lines
    )
    other = tmp_path / "other.toml"
    other.write_text(
        SAMPLE_2021.read_text(encoding="utf-8")
        .replace('name = "某某市民政局"', 'name = "某某县民政局"')
        .replace("year = 2025", "year = 2024"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(SAMPLE_2021), "--previous", str(other)])
    assert "上年文件的机关为“某某县民政局”，与本年的“某某市民政局”不同（是否选错了文件？）" in (
        result.stderr
    )
    assert "报告年度为" not in result.stderr


def test_workbook_of_aggregate_imported(tmp_path: Path):
    workbook = tmp_path / "sum.xlsx"
    result = runner.invoke(
        app,
        [
            "aggregate",
            str(SAMPLE_2021),
            "-o",
            str(tmp_path / "sum.toml"),
            "--agency",
            "某某市人民政府",
            "--xlsx",
            str(workbook),
        ],
    )
    assert result.exit_code == 0, result.stderr
    imported = import_report(workbook)
    assert imported.format.id == "2021"
    target = tmp_path / "imported.toml"
    target.write_text(imported.text, encoding="utf-8")
    assert pipeline.check(target).figures.values == pipeline.check(SAMPLE_2021).figures.values
