"""samples/fujian-2017: a province's pre-2019 six-part layout described by a format.toml alone
(no template, no Python), built and read back cell for cell; its sum rules checked."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT
from docx import Document
from readback_docx import table_grid
from readback_html import read

import reportgen
from reportgen.errors import InputError

SAMPLE = ROOT / "samples" / "fujian-2017"
YEAR = SAMPLE / "2017-fuzhou-example.toml"

TABLE = [
    ["指标名称", "计量单位", "本年度", "历年累计"],
    ["主动公开文件数", "条", "128", "924"],
    ["其中：1、政府网站公开数", "条", "120", "860"],
    ["2、政府公报公开数", "条", "8", "64"],
    ["受理政府信息依申请公开总数", "件", "13", "103"],
    ["其中：1、当面申请数", "件", "3", "40"],
    ["2、网上申请数", "件", "9", "51"],
    ["3、信函、传真申请数", "件", "1", "12"],
    ["对申请的答复总数", "件", "13", "103"],
    ["其中：1、同意公开答复数", "件", "9", "80"],
    ["2、同意部分公开答复数", "件", "2", "11"],
    ["3、不予公开答复数", "件", "1", "7"],
    ["4、其他类型答复数", "件", "1", "5"],
    ["接受行政诉讼、举报数", "件", "0", "2"],
    ["行政复议数", "件", "1", "3"],
    ["行政诉讼数", "件", "0", "1"],
]

HEADINGS = [
    "一、概述",
    "二、主动公开政府信息情况",
    "三、政府信息依申请公开工作情况",
    "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
    "五、存在的主要问题和改进措施",
    "六、政府信息公开情况统计表",
]


def test_the_format_directory_holds_only_its_description():
    assert [path.name for path in (SAMPLE / "templates" / "fujian-2017").iterdir()] == [
        "format.toml"
    ]


def test_the_sample_builds_and_reads_back_cell_for_cell(tmp_path):
    built = reportgen.build(YEAR, tmp_path, strict=True)
    docx_path, html_path = sorted(built.paths, key=lambda path: path.suffix)
    document = Document(str(docx_path))
    assert [[cell.text for cell in row] for row in table_grid(document.tables[0])] == TABLE
    page = read(html_path.read_text("utf-8"))
    assert [[cell.text for cell in row] for row in page.tables["table-statistics"]] == TABLE
    assert [text for tag, text in page.blocks if tag == "h2"] == HEADINGS
    docx_headings = [p.text for p in document.paragraphs if p.text in HEADINGS]
    assert docx_headings == HEADINGS
    intro = next(text for tag, text in page.blocks if tag == "p")
    assert intro == (
        "本报告根据《中华人民共和国政府信息公开条例》要求编制，由概述、主动公开政府信息情况、"
        "政府信息依申请公开工作情况、因政府信息公开申请行政复议、提起行政诉讼的情况、"
        "存在的主要问题和改进措施、政府信息公开情况统计表共六个部分组成。"
        "本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。"
        "如对本报告有疑问，请与局办公室联系（联系电话：0591-12345678）。"
    )
    assert ("p", "全年受理政府信息公开申请13件，已全部按期答复。") in page.blocks


def _broken(tmp_path, old: str, new: str):
    copy = tmp_path / "fujian-2017"
    shutil.copytree(SAMPLE, copy)
    year = copy / YEAR.name
    text = year.read_text("utf-8")
    assert old in text
    year.write_text(text.replace(old, new, 1), "utf-8")
    return year


def _line(path, text: str) -> int:
    return path.read_text("utf-8").splitlines().index(text) + 1


def test_a_total_that_is_not_the_sum_of_its_parts_is_an_error(tmp_path):
    year = _broken(
        tmp_path,
        "[statistics.requests_in_person]",
        "[statistics.requests_total]\nyear = 14\n\n[statistics.requests_in_person]",
    )
    with pytest.raises(InputError) as raised:
        reportgen.build(year, tmp_path / "out")
    assert [finding.render("zh") for finding in raised.value.findings] == [
        f"{year}:{_line(year, 'year = 14')}: statistics.requests_total.year: "
        "「受理政府信息依申请公开总数 / 本年度」填写为 14，按各项相加应为 13"
        "（闽2：“本年度”列：受理政府信息依申请公开总数应等于其中各项之和）"
    ]
    assert not (tmp_path / "out").exists()


def test_a_cumulative_count_below_this_year_s_is_an_error(tmp_path):
    year = _broken(tmp_path, "year = 1\nall = 3", "year = 4\nall = 3")
    with pytest.raises(InputError) as raised:
        reportgen.build(year, tmp_path / "out")
    line = _line(year, "[statistics.reviews]") + 2
    assert [finding.render("zh") for finding in raised.value.findings] == [
        f"{year}:{line}: statistics.reviews.all: "
        "不符合 闽4：“行政复议数”的历年累计应不少于本年度；"
        "实际左边为 3（历年累计 3），右边为 4（本年度 4）"
    ]
