"""Computed figures: totals, shares with 四舍五入, exact amounts, dates, year-to-year checks."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from conftest import MINIMAL, SAMPLE
from typer.testing import CliRunner

import reportgen
from reportgen.cli.commands import app
from reportgen.figures import numbers
from reportgen.render import templating
from reportgen.runs import rendering


@pytest.mark.parametrize(
    ("fraction", "decimals", "expected"),
    [
        (Decimal("0.125"), 1, "12.5%"),
        (Decimal(1) / Decimal(8), 0, "13%"),  # half-up: babel alone gives 12%
        (Decimal("0.0005"), 1, "0.1%"),
        (Decimal("0.00049"), 1, "0.0%"),
        (Decimal(452) / Decimal(949), 1, "47.6%"),  # seed 004 printed 95.3%
        (Decimal(1) / Decimal(125), 1, "0.8%"),  # seed 004 printed 1.8%
        (Decimal(35) / Decimal(805), 2, "4.35%"),
        (Decimal(1), 1, "100.0%"),
        (Decimal("0.99995"), 2, "100.00%"),
        (Decimal("12.345"), 1, "1234.5%"),  # no grouping in zh_CN's percent
        (Decimal("1E+2"), 0, "10000%"),
        (Decimal(0), 2, "0.00%"),
        (None, 1, "—"),
    ],
)
def test_percent_rounds_half_up(fraction, decimals, expected):
    assert numbers.percent(fraction, decimals) == expected


def test_a_report_citing_shares_loads_no_locale_library(tmp_path):
    year = tmp_path / "year.toml"
    opening = 'active = """'
    cited = SAMPLE.read_text("utf-8").replace(opening, opening + "予以公开占{shares.granted}。")
    year.write_text(cited, "utf-8")
    probe = (
        "import sys, reportgen; "
        f"built = reportgen.build({str(year)!r}, {str(tmp_path)!r}, to=['docx', 'html']); "
        "html = built.paths[-1].read_text('utf-8'); "
        "print('予以公开占' in html, 'babel' in sys.modules, 'docx' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.split() == ["True", "False", "False"], result.stderr


def test_amounts_keep_their_decimals():
    assert numbers.number(Decimal("12.50")) == "12.50"
    assert numbers.number(Decimal("0.000123")) == "0.000123"
    assert numbers.number(Decimal("73802895.90")) == "73802895.90"
    assert numbers.number(7) == "7"


def test_dates_have_no_zero_padding():
    assert numbers.chinese_date(date(2026, 1, 20)) == "2026年1月20日"
    assert numbers.chinese_date(date(2026, 11, 5)) == "2026年11月5日"


def test_totals_are_computed():
    figures = reportgen.check(SAMPLE).figures
    assert figures["requests.total.natural_person"] == 18
    assert figures["requests.total.total"] == 22
    assert figures["requests.new.total"] == 22
    assert figures["appeals.review.total"] == 1
    assert figures["appeals.direct_suit.total"] == 1


def test_amount_is_decimal_never_float(year_file):
    checked = reportgen.check(year_file("\n[active.fees]\namount = 12.340\n"))
    value = checked.figures["active.fees.amount"]
    assert isinstance(value, Decimal) and str(value) == "12.340"
    assert checked.figures["active.licensing.decisions"] == 0  # omitted counts are 0


def test_shares_are_available_to_templates():
    context = rendering.context(reportgen.check(SAMPLE))
    assert dict(context["shares"]) == {"granted": "50.0%", "disclosed": "59.1%", "closed": "91.7%"}
    env = templating.environment(templating.SearchPath())
    template = env.from_string(
        "予以公开{{ figures['requests.granted.total'] }}件，占{{ shares.granted }}；"
        "{{ share(['requests.granted.total'], ['requests.new.total'], 2) }}"
    )
    assert template.render(context) == "予以公开11件，占50.0%；50.00%"


def test_previous_year_checks_carry_over_and_documents_in_force(tmp_path, year_file):
    last = year_file(
        "\n[requests.new]\nnatural_person = 3\n[requests.granted]\nnatural_person = 1\n"
        "[requests.carried_forward]\nnatural_person = 2\n"
        "[active.normative_documents]\nin_force = 10\n",
        base=MINIMAL.replace("year = 2025", "year = 2024"),  # last year's, or --previous warns
        name="2024.toml",
    )
    this = year_file(
        "\n[requests.carried_over]\nnatural_person = 1\n[requests.granted]\nnatural_person = 1\n"
        "[active.normative_documents]\nissued = 2\nrepealed = 1\nin_force = 12\n",
        name="2025.toml",
    )
    result = CliRunner().invoke(app, ["check", str(this), "--previous", str(last)])
    assert result.exit_code == 0  # year-to-year differences are warnings
    lines = this.read_text("utf-8").splitlines()
    header = lines.index("[requests.carried_over]") + 1
    in_force = lines.index("in_force = 12") + 1
    # Each side names its rows (P1) or columns (P3), last year's marked as such; P1 on the
    # 总计 column, broken only by the 自然人 one, is not named too.
    assert result.stderr.splitlines() == [
        f"{this}:{header + 1}: requests.carried_over.natural_person: 警告：不符合 P1："
        "“自然人”列：上年结转应等于上年报告的结转下年度继续办理；"
        "实际左边为 1（二、上年结转政府信息公开申请数量 1），"
        "右边为 2（上年报告的四、结转下年度继续办理 2）",
        f"{this}:{in_force}: active.normative_documents.in_force: 警告：不符合 P3："
        "“行政规范性文件”的现行有效件数应等于上年现行有效件数加本年制发件数减本年废止件数；"
        "实际左边为 12（现行有效件数 12），"
        "右边为 11（上年报告的现行有效件数 10 + 本年制发件数 2 − 本年废止件数 1）",
        "检查通过：0 个错误，2 个警告",
    ]
    english = CliRunner().invoke(app, ["check", str(this), "--previous", str(last), "--lang", "en"])
    assert english.stderr.splitlines()[0] == (
        f"{this}:{header + 1}: requests.carried_over.natural_person: warning: P1 does not hold:"
        " column 自然人: carried over should equal last year's carried forward; the left side is"
        " 1 (二、上年结转政府信息公开申请数量 1), the right side 2"
        " (last year's 四、结转下年度继续办理 2)"
    )
    assert (
        CliRunner().invoke(app, ["check", str(this), "--previous", str(last), "--strict"]).exit_code
        == 1
    )
    # Without --previous nothing is compared.
    assert CliRunner().invoke(app, ["check", str(this), "--strict"]).exit_code == 0
