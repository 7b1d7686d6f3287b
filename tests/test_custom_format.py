"""A provincial layout is data plus a template: a format defined only in a temporary directory
builds, with its table, its sums checked and its headings, and no Python code of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from readback_docx import table_grid
from readback_html import read

import reportgen
from reportgen.errors import InputError
from reportgen.formats import description as formats

# The Fujian six-part layout of 2017–2018 (闽政办网传〔2017〕24号, spec §4.1) with a small
# statistics table of its own.
FORMAT = """\
id = "fujian-2017"
name = "福建省政府信息公开工作年度报告（六部分）"
include = ["base/agency.toml"]

[[sections]]
id = "overview"
heading = "一、概述"

[[sections]]
id = "active"
heading = "二、主动公开政府信息情况"

[[sections]]
id = "requests"
heading = "三、政府信息依申请公开办理情况"

[[sections]]
id = "appeals"
heading = "四、因政府信息公开申请行政复议、提起行政诉讼的情况"

[[sections]]
id = "problems"
heading = "五、政府信息公开工作存在的主要问题及改进措施"

[[sections]]
id = "statistics"
heading = "六、政府信息公开情况统计表"
table = "statistics"

[[fields]]
key = "text"
type = "paragraphs"
required = true
label = "正文"
doc = "一至五部分的正文"

[tables.statistics]
widths = [50, 15, 17, 18]

[[tables.statistics.header]]
cells = [{ text = "指标名称" }, { text = "计量单位" }, { text = "本年度" }, { text = "历年累计" }]

[[tables.statistics.rows]]
key = "requests"
cells = [
  { text = "受理申请总数", class = "group" }, { text = "件", class = "unit" },
  { col = "year" }, { col = "all" },
]

[[tables.statistics.rows]]
key = "online"
cells = [
  { text = "其中：网上申请", class = "indent" }, { text = "件", class = "unit" },
  { col = "year" }, { col = "all" },
]

[[tables.statistics.rows]]
key = "letter"
cells = [
  { text = "信函申请", class = "indent" }, { text = "件", class = "unit" },
  { col = "year" }, { col = "all" },
]

[[tables.statistics.rules]]
id = "F1"
kind = "total"
for.col = ["year", "all"]
left = ["requests.{col}"]
right = ["online.{col}", "letter.{col}"]
description = "“{col_label}”列：受理申请总数应等于各渠道之和"
description_en = "column {col_label}: requests must equal the sum of the channels"
"""

TEMPLATE = """\
{% extends "base/report.html.j2" %}
{% block body %}
{% for section in sections.values() %}
<h2>{{ section.heading }}</h2>
{% if section.table %}{{ m.table(tables[section.table]) }}{% endif %}
{% endfor %}
{{ m.paragraphs(report.text) }}
{% endblock %}
"""

YEAR = '''\
format = "fujian-2017"
year = 2017
text = """
本机关受理申请{statistics.requests.year}件，\
其中网上申请占{statistics.online.year/statistics.requests.year}。"""

[agency]
name = "福州市某某局"
issued = 2018-03-20

[statistics.online]
year = 3
all = 10

[statistics.letter]
year = 1
all = 5
'''


@pytest.fixture
def province(tmp_path: Path) -> Path:
    directory = tmp_path / "fujian-templates" / "fujian-2017"
    directory.mkdir(parents=True)
    (directory / "format.toml").write_text(FORMAT, "utf-8")
    (directory / "report.html.j2").write_text(TEMPLATE, "utf-8")
    return directory.parent


def test_a_format_defined_in_a_temporary_directory_builds(tmp_path, province):
    year = tmp_path / "year.toml"
    year.write_text(YEAR, "utf-8")
    built = reportgen.build(year, tmp_path / "out", templates=[province], strict=True)
    docx_path, html_path = sorted(built.paths, key=lambda path: path.suffix)

    grid = table_grid(Document(str(docx_path)).tables[0])
    assert [[cell.text for cell in row] for row in grid] == [
        ["指标名称", "计量单位", "本年度", "历年累计"],
        ["受理申请总数", "件", "4", "15"],
        ["其中：网上申请", "件", "3", "10"],
        ["信函申请", "件", "1", "5"],
    ]
    page = read(html_path.read_text("utf-8"))
    headings = [text for tag, text in page.blocks if tag == "h2"]
    assert headings == [
        "一、概述",
        "二、主动公开政府信息情况",
        "三、政府信息依申请公开办理情况",
        "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
        "五、政府信息公开工作存在的主要问题及改进措施",
        "六、政府信息公开情况统计表",
    ]
    assert ("p", "本机关受理申请4件，其中网上申请占75.0%。") in page.blocks


def test_the_new_format_s_sum_rule_is_checked(tmp_path, province):
    year = tmp_path / "year.toml"
    year.write_text(YEAR + "\n[statistics.requests]\nyear = 5\n", "utf-8")
    with pytest.raises(InputError) as raised:
        reportgen.build(year, tmp_path / "out", templates=[province])
    assert [finding.render("zh") for finding in raised.value.findings] == [
        f"{year}:19: statistics.requests.year: 「受理申请总数 / 本年度」填写为 5，按各项相加应为 4"
        "（F1：“本年度”列：受理申请总数应等于各渠道之和）"
    ]
    assert not (tmp_path / "out").exists()


def test_the_format_is_listed_only_with_its_directory(province):
    assert "fujian-2017" in formats.available((province,))
    assert "fujian-2017" not in formats.available()
