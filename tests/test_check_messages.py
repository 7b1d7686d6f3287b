"""What the clerk sees for bad input: exact messages, lines, exit codes, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL, SAMPLE
from typer.testing import CliRunner

from reportgen.cli.commands import app

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, [str(arg) for arg in args])
    assert "Traceback" not in result.output + result.stderr
    return result


def check(path: Path, *options: str):
    return run("check", path, *options)


def line_of(path: Path, text: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_minimal_and_sample_pass_strict(year_file):
    for path in (year_file(), SAMPLE):
        result = check(path, "--strict")
        assert result.exit_code == 0, result.stderr
        assert result.stderr == "检查通过：0 个错误，0 个警告\n"


def test_toml_syntax_error_gives_line_and_column(year_file):
    path = year_file("\n[requests.new\nnatural_person = 1\n")
    result = check(path)
    assert result.exit_code == 1
    line = line_of(path, "[requests.new")
    assert result.stderr.splitlines() == [
        f"{path}:{line}:14: TOML 语法错误：表头缺少右方括号 ]",
        "1 个错误，0 个警告",
    ]


def test_toml_syntax_error_in_english(year_file):
    path = year_file("\n[requests.new]\nnatural_person = \n")
    result = check(path, "--lang", "en")
    line = line_of(path, "natural_person")
    assert result.stderr.splitlines()[0] == f"{path}:{line}:18: TOML syntax error: Invalid value"


def test_negative_count(year_file):
    path = year_file("\n[requests.new]\nnatural_person = -3\n")
    result = check(path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}:{line_of(path, '= -3')}: requests.new.natural_person: "
        "「一、本年新收政府信息公开申请数量 / 自然人」应为非负整数，实际为负数 -3"
    )


def test_count_written_as_chinese_numeral(year_file):
    path = year_file('\n[requests.new]\ncommercial = "五"\n')
    result = check(path)
    assert result.stderr.splitlines()[0] == (
        f"{path}:{line_of(path, '五')}: requests.new.commercial: "
        "「一、本年新收政府信息公开申请数量 / 法人或其他组织 商业企业」应为非负整数，"
        '实际为文字 "五"（请直接写数字 5，不加引号和单位）'
    )


def test_count_with_unit_in_english(year_file):
    path = year_file('\n[active.licensing]\ndecisions = "126件"\n')
    result = check(path, "--lang", "en")
    assert result.stderr.splitlines()[0] == (
        f"{path}:{line_of(path, '126件')}: active.licensing.decisions: "
        '"行政许可": expected a whole number, 0 or more, found the text "126件" '
        "(write 126, without quotes or units)"
    )


def test_float_where_count_belongs(year_file):
    path = year_file("\n[appeals.review]\nupheld = 1.5\n")
    result = check(path)
    assert result.stderr.splitlines()[0] == (
        f"{path}:{line_of(path, '1.5')}: appeals.review.upheld: "
        "「行政复议 结果维持」应为非负整数，实际为小数 1.5"
    )


def test_typed_total_that_disagrees(year_file):
    path = year_file(
        "\n[requests.new]\nnatural_person = 4\n[requests.granted]\nnatural_person = 4\n"
        "[requests.total]\nnatural_person = 8\n"
    )
    result = check(path)
    assert result.exit_code == 1
    # The typed 8 is the one wrong number: R1 (一+二 = （七）总计+四) is judged on the computed
    # 4, so the correct 一、本年新收 cell is not named.
    assert result.stderr.splitlines() == [
        f"{path}:{line_of(path, '= 8')}: requests.total.natural_person: "
        "「三、本年度办理结果 （七）总计 / 自然人」填写为 8，按各项相加应为 4"
        "（R2：“自然人”列的（七）总计应等于（一）至（六）各项之和）",
        "1 个错误，0 个警告",
    ]


def test_typed_total_that_agrees_is_accepted(year_file):
    path = year_file(
        "\n[requests.new]\nnatural_person = 4\n[requests.granted]\nnatural_person = 4\n"
        "[requests.total]\nnatural_person = 4\ntotal = 4\n"
    )
    assert check(path, "--strict").exit_code == 0


def test_r1_violation(year_file):
    path = year_file(
        "\n[requests.new]\nnatural_person = 5\n[requests.granted]\nnatural_person = 3\n"
    )
    result = check(path, "--lang", "en")
    assert result.exit_code == 1
    # The 自然人 column breaks it, with the rows on each side; the 总计 column, which breaks
    # only because of it, is not named too.
    assert result.stderr.splitlines() == [
        f"{path}:{line_of(path, '= 5')}: requests.new.natural_person: R1 does not hold: "
        "column 自然人: items 一 + 二 must equal 三（七）总计 + 四; "
        "the left side is 5 (一、本年新收政府信息公开申请数量 5"
        " + 二、上年结转政府信息公开申请数量 0), the right side 3"
        " (三、本年度办理结果 （七）总计 3 + 四、结转下年度继续办理 0)",
        "1 error(s), 0 warning(s)",
    ]
    chinese = check(path).stderr.splitlines()
    assert chinese[0].endswith(
        "不符合 R1：“自然人”列：第一项加第二项之和，应等于第三项（七）总计加第四项之和；"
        "实际左边为 5（一、本年新收政府信息公开申请数量 5 + 二、上年结转政府信息公开申请数量 0），"
        "右边为 3（三、本年度办理结果 （七）总计 3 + 四、结转下年度继续办理 0）"
    )


def test_unknown_key_is_a_warning_and_fails_under_strict(year_file):
    path = year_file("\n[requests.new]\nnatrual_person = 2\n")
    expected = (
        f"{path}:{line_of(path, 'natrual')}: requests.new.natrual_person: "
        "警告：未知的键，已忽略（是否想写 requests.new.natural_person？）"
    )
    result = check(path)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [expected, "检查通过：0 个错误，1 个警告"]
    strict = check(path, "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines() == [
        expected,
        "0 个错误，1 个警告",
        "按 --strict 要求，警告也视为错误",
    ]


def test_missing_required_fields(year_file):
    path = year_file(
        base=MINIMAL.replace('fees = "2025年，本机关未收取信息处理费。"\n', "").replace(
            'name = "测试县统计局"\n', ""
        )
    )
    result = check(path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:{line_of(path, '[agency]')}: agency.name: 缺少必填项「机关名称」",
        f"{path}:{line_of(path, '[other]')}: other.fees: 缺少必填项「信息处理费收取情况」",
        "2 个错误，0 个警告",
    ]


def test_missing_problem_measures(year_file):
    path = year_file(base=MINIMAL.replace('measures = "措施一。"\n', ""))
    result = check(path, "--lang", "en")
    assert result.stderr.splitlines()[0] == (
        f"{path}:{line_of(path, '[[problems]]')}: problems.0.measures: "
        'required field "problems and improvements: measures" is missing'
    )


def test_missing_file(tmp_path):
    result = check(tmp_path / "nowhere.toml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'nowhere.toml'}: 找不到文件",
        "1 个错误，0 个警告",
    ]


def test_unknown_format(year_file):
    path = year_file(base=MINIMAL.replace('format = "2021"', 'format = "2035"'))
    result = check(path)
    assert result.stderr.splitlines()[0].startswith(
        f'{path}:1: format: 未知的报告格式 "2035"；可用的格式：'
    )
    assert "2021" in result.stderr


def test_every_problem_reported_at_once(year_file):
    path = year_file(
        '\n[requests.new]\nnatural_person = -1\ncommercial = "x"\n[appeals.review]\nupheld = true\n'
    )
    result = check(path)
    assert result.stderr.splitlines()[-1] == "3 个错误，0 个警告"


def test_english_from_the_locale(year_file, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("REPORTGEN_LANG", raising=False)
    result = check(year_file("\n[requests.new]\nnatural_person = -3\n"))
    assert "expected a whole number, 0 or more, found the negative number -3" in result.stderr


def test_overview_longer_than_the_format_allows(year_file):
    path = year_file(base=MINIMAL.replace("主动公开情况。", "公开" * 600))
    result = check(path)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"{path}:{line_of(path, 'active =')}: overview: "
        "警告：「一、总体情况」共 1231 字，超过格式要求的原则上不超过 1000 字"
    )
