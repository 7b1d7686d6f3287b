"""Tables as data cover what provincial and older layouts need: column groups under a shared
header, a unit column, text cells, row and column totals as rules, a caption above the table
and notes under it — in both outputs, from a format.toml with no template."""

from __future__ import annotations

import pytest
from docx import Document
from readback_docx import table_grid
from readback_html import read

import reportgen
from reportgen.errors import InputError

FORMAT = """\
id = "groups"
include = ["base/agency.toml"]
intro = "本报告由{parts}{count}个部分组成。"

[[sections]]
id = "statistics"
heading = "一、统计表"
table = "statistics"

[tables.statistics]
caption = "（截至本年12月31日）"
notes = ["注：历年累计自2008年5月1日起计算。"]
columns = ["year_person", "year_online", "year_total", "all_person", "all_online", "all_total"]

[[tables.statistics.header]]
cells = [
  { text = "指标名称", rowspan = 2 }, { text = "计量单位", rowspan = 2 },
  { text = "本年度", colspan = 3 }, { text = "历年累计", colspan = 3 },
]

[[tables.statistics.header]]
cells = [
  { text = "当面" }, { text = "网上" }, { text = "小计" },
  { text = "当面" }, { text = "网上" }, { text = "小计" },
]

[[tables.statistics.rows]]
key = "requests"
cells = [{ text = "申请数" }, { text = "件", class = "unit" }]

[[tables.statistics.rows]]
key = "appeals"
cells = [{ text = "复议数" }, { text = "件", class = "unit" }]

[[tables.statistics.rows]]
key = "total"
cells = [{ text = "合计" }, { text = "件", class = "unit" }]

[[tables.statistics.rows]]
role = "caption"
cells = [{ text = "以下为说明事项", colspan = 8 }]

[[tables.statistics.rows]]
cells = [
  { text = "备注" }, { text = "—", class = "unit" }, { text = "本年度无其他事项", colspan = 6 },
]

[[tables.statistics.rules]]
id = "行"
kind = "total"
for.row = ["requests", "appeals", "total"]
for.span = ["year", "all"]
left = ["{row}.{span}_total"]
right = ["{row}.{span}_person", "{row}.{span}_online"]
description = "“{row_label}”的小计应等于当面与网上之和"

[[tables.statistics.rules]]
id = "列"
kind = "total"
for.col = "*"
left = ["total.{col}"]
right = ["requests.{col}", "appeals.{col}"]
description = "“{col_label}”列的合计应等于各行之和"
"""

YEAR = """\
format = "groups"
year = 2017

[agency]
name = "某某局"
issued = 2018-03-20

[statistics.requests]
year_person = 2
year_online = 3
all_person = 20
all_online = 30

[statistics.appeals]
year_person = 1
year_online = 0
all_person = 4
all_online = 1
"""

GRID = [
    ["指标名称", "计量单位", "本年度", "本年度", "本年度", "历年累计", "历年累计", "历年累计"],
    ["指标名称", "计量单位", "当面", "网上", "小计", "当面", "网上", "小计"],
    ["申请数", "件", "2", "3", "5", "20", "30", "50"],
    ["复议数", "件", "1", "0", "1", "4", "1", "5"],
    ["合计", "件", "3", "3", "6", "24", "31", "55"],
    ["以下为说明事项"] * 8,
    ["备注", "—"] + ["本年度无其他事项"] * 6,
]


@pytest.fixture
def files(tmp_path):
    directory = tmp_path / "templates" / "groups"
    directory.mkdir(parents=True)
    (directory / "format.toml").write_text(FORMAT, "utf-8")
    year = tmp_path / "year.toml"
    year.write_text(YEAR, "utf-8")
    return year, tmp_path / "templates"


def test_groups_units_text_cells_totals_caption_and_notes_print_in_both_outputs(tmp_path, files):
    year, templates = files
    built = reportgen.build(year, tmp_path / "out", templates=[templates], strict=True)
    docx_path, html_path = sorted(built.paths, key=lambda path: path.suffix)
    document = Document(str(docx_path))
    assert [[cell.text for cell in row] for row in table_grid(document.tables[0])] == GRID
    page = read(html_path.read_text("utf-8"))
    html_rows = page.tables["table-statistics"]
    assert [cell.text for cell in html_rows[0]] == ["指标名称", "计量单位", "本年度", "历年累计"]
    assert [cell.colspan for cell in html_rows[0]] == [1, 1, 3, 3]
    assert [cell.text for cell in html_rows[4]] == GRID[4]
    texts = [text for _, text in page.blocks]
    at = texts.index("一、统计表")
    assert texts[at + 1 : at + 3] == ["（截至本年12月31日）", "注：历年累计自2008年5月1日起计算。"]
    paragraphs = [p.text for p in document.paragraphs]
    assert "（截至本年12月31日）" in paragraphs
    assert "注：历年累计自2008年5月1日起计算。" in paragraphs
    assert texts[1].startswith("本报告由统计表一个部分组成。本报告中所列数据的统计期限")


def test_a_typed_row_total_that_is_wrong_is_an_error(tmp_path, files):
    year, templates = files
    year.write_text(YEAR.replace("all_online = 1\n", "all_online = 1\nall_total = 6\n"), "utf-8")
    with pytest.raises(InputError) as raised:
        reportgen.build(year, tmp_path / "out", templates=[templates])
    assert [finding.render("zh") for finding in raised.value.findings] == [
        f"{year}:19: statistics.appeals.all_total: 「复议数 / 历年累计 小计」填写为 6，"
        "按各项相加应为 5（行：“复议数”的小计应等于当面与网上之和）"
    ]
