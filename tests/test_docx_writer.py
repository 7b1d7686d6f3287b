"""The .docx writer and the built-in reference document, read back with python-docx."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.table import _Cell
from readback_docx import style_east_asia_font, table_grid

from reportgen.errors import TemplateError
from reportgen.writers import docx as docx_writer
from reportgen.writers import table_rows
from reportgen.writers.docx import render

if TYPE_CHECKING:
    from docx.oxml.section import CT_HdrFtr

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "templates" / "base" / "reference.docx"
TEXT_WIDTH = 11906 - 1588 - 1474  # A4 less the 28 mm and 26 mm side margins, in twips

# The header of the official 收到和处理政府信息公开申请情况 table, a few of its body rows, and
# a paragraph of each kind around it.
CONTENT = """
<h1>某某市人民政府2024年政府信息公开工作年度报告</h1>
<p>本报告依据《中华人民共和国政府信息公开条例》编制。</p>
<h2>一、总体情况</h2>
<h3>（一）主动公开</h3>
<p>全年主动公开政府信息<strong>1,234</strong>条，“A&amp;B &lt;x&gt;”。<br>第二行。</p>
<table>
<colgroup><col style="width: 16%"><col style="width: 16%"><col style="width: 26%">
<col style="width: 6%"><col style="width: 6%"><col style="width: 6%"><col style="width: 6%">
<col style="width: 6%"><col style="width: 6%"><col style="width: 6%"></colgroup>
<thead>
<tr><th colspan="3" rowspan="3">
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>
<th colspan="7">申请人情况</th></tr>
<tr><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th><th rowspan="2">总计</th></tr>
<tr><th>商业企业</th><th>科研机构</th><th>社会公益组织</th><th>法律服务机构</th><th>其他</th></tr>
</thead>
<tbody>
<tr><td colspan="3" class="label">一、本年新收政府信息公开申请数量</td>
<td class="num">10</td><td class="num">1</td><td class="num">0</td><td class="num">0</td>
<td class="num">0</td><td class="num">0</td><td class="num">11</td></tr>
<tr><td rowspan="3" class="label">三、本年度办理结果</td>
<td colspan="2" class="label">（一）予以公开</td>
<td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td><td>21</td></tr>
<tr><td rowspan="2" class="label">（三）不予公开</td><td class="label">1.属于国家秘密</td>
<td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td class="label">2.其他法律行政法规<br>禁止公开</td>
<td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</tbody>
</table>
<p class="noindent">表后说明。</p>
<p class="attachment">附件：统计表</p>
<p class="signature">某某市人民政府办公室</p>
<p class="date">2025年1月20日</p>
"""

CAPTION = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
ORGANISATIONS = "法人或其他组织"
RESULTS, WITHHELD = "三、本年度办理结果", "（三）不予公开"
# Every grid position's text: merged cells repeat their text where they reach.
EXPECTED_TEXT = [
    [CAPTION] * 3 + ["申请人情况"] * 7,
    [CAPTION] * 3 + ["自然人"] + [ORGANISATIONS] * 5 + ["总计"],
    [CAPTION] * 3
    + ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    + ["总计"],
    ["一、本年新收政府信息公开申请数量"] * 3 + ["10", "1", "0", "0", "0", "0", "11"],
    [RESULTS] + ["（一）予以公开"] * 2 + ["1", "2", "3", "4", "5", "6", "21"],
    [RESULTS, WITHHELD, "1.属于国家秘密"] + ["0"] * 7,
    [RESULTS, WITHHELD, "2.其他法律行政法规\n禁止公开"] + ["0"] * 7,
]


def _open(data: bytes) -> Document:
    return docx.Document(BytesIO(data))


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_reference_docx", ROOT / "tools" / "make_reference_docx.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _edited_reference(tmp_path: Path, part: str, edit: Callable[[str], str]) -> Path:
    """A copy of the built-in reference with one XML part rewritten."""
    path = tmp_path / "reference.docx"
    with zipfile.ZipFile(REFERENCE) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                data = edit(data.decode()).encode()
            target.writestr(info, data)
    return path


@pytest.fixture(scope="module")
def output() -> bytes:
    return render(CONTENT, REFERENCE)


@pytest.fixture(scope="module")
def document(output: bytes) -> Document:
    return _open(output)


def test_page_is_a4_with_gbt9704_margins(document: Document) -> None:
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (Twips(11906), Twips(16838))
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert margins == (Twips(2098), Twips(1984), Twips(1588), Twips(1474))
    assert [m.mm for m in margins] == pytest.approx([37, 35, 28, 26], abs=0.1)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")
    # GB/T 9704's 28 characters a line: 16 pt characters condensed so that 28 fit the 8844-twip
    # text width and 29 do not.
    normal = document.styles["Normal"].element
    condense = int(normal.rPr.find(qn("w:spacing")).get(qn("w:val")))
    assert 28 * (320 + condense) <= 8844 < 29 * (320 + condense)


def test_blocks_take_their_styles(document: Document) -> None:
    styles = [(p.style.style_id, p.text) for p in document.paragraphs]
    assert styles == [
        ("Title", "某某市人民政府2024年政府信息公开工作年度报告"),
        ("Normal", "本报告依据《中华人民共和国政府信息公开条例》编制。"),
        ("Heading1", "一、总体情况"),
        ("Heading2", "（一）主动公开"),
        ("Normal", "全年主动公开政府信息1,234条，“A&B <x>”。\n第二行。"),
        ("BodyNoIndent", "表后说明。"),
        ("Attachment", "附件：统计表"),
        ("Signature", "某某市人民政府办公室"),
        ("Date", "2025年1月20日"),
    ]


def test_bold_runs_and_punctuation_hint(document: Document) -> None:
    runs = document.paragraphs[4].runs
    assert [(run.text, bool(run.bold)) for run in runs] == [
        ("全年主动公开政府信息", False),
        ("1,234", True),
        ("条，“A&B <x>”。\n第二行。", False),
    ]
    # Curly quotes are shared with Latin: only the hint keeps them in the Chinese font.
    assert runs[2]._r.rPr.rFonts.get(qn("w:hint")) == "eastAsia"
    assert runs[0]._r.rPr is None


@pytest.mark.parametrize(
    ("style_id", "font"),
    [
        ("Normal", "仿宋_GB2312"),
        ("Title", "方正小标宋简体"),
        ("Heading1", "黑体"),
        ("Heading2", "楷体_GB2312"),
        ("TableText", "仿宋_GB2312"),
        ("TableLabel", "仿宋_GB2312"),
        ("Footer", "宋体"),
    ],
)
def test_styles_name_east_asian_fonts(document: Document, style_id: str, font: str) -> None:
    assert style_east_asia_font(document, style_id) == font


def test_no_theme_fonts_anywhere(output: bytes) -> None:
    with zipfile.ZipFile(BytesIO(output)) as package:
        for name in package.namelist():
            text = package.read(name).decode()
            assert not re.search(r"w:\w*theme=", text, re.IGNORECASE), name


def test_table_grid_matches_the_official_header(document: Document) -> None:
    (table,) = document.tables
    grid = table_grid(table)
    assert [[cell.text for cell in row] for row in grid] == EXPECTED_TEXT

    caption = grid[0][0]
    assert (caption.origin, caption.grid_span, caption.v_merge, caption.row_span) == (
        True,
        3,
        "restart",
        3,
    )
    assert [(grid[r][0].origin, grid[r][0].v_merge) for r in (1, 2)] == [(False, "continue")] * 2
    assert not any(cell.origin for cell in grid[0][1:3])
    assert (grid[0][3].grid_span, grid[0][3].v_merge) == (7, None)
    assert (grid[1][3].text, grid[1][3].row_span, grid[2][3].v_merge) == ("自然人", 2, "continue")
    assert (grid[1][4].grid_span, grid[1][9].row_span) == (5, 2)
    assert (grid[3][0].grid_span, grid[4][0].row_span, grid[5][1].row_span) == (3, 3, 2)
    assert grid[6][1].v_merge == "continue" and not grid[6][1].origin
    covered = [tc for tr in table._tbl.tr_lst for tc in tr.tc_lst if tc.vMerge == "continue"]
    assert len(covered) == 7 and not any("".join(tc.itertext()) for tc in covered)


def test_table_spans_the_text_width(document: Document) -> None:
    tbl = document.tables[0]._tbl
    tbl_pr = tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    assert (width.get(qn("w:w")), width.get(qn("w:type"))) == (str(TEXT_WIDTH), "dxa")
    assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert tbl_pr.find(qn("w:tblStyle")).get(qn("w:val")) == "ReportTable"
    assert tbl_pr.find(qn("w:jc")).get(qn("w:val")) == "center"
    columns = [int(col.get(qn("w:w"))) for col in tbl.tblGrid.iterchildren(qn("w:gridCol"))]
    assert sum(columns) == TEXT_WIDTH
    assert columns[2] == pytest.approx(TEXT_WIDTH * 0.26, abs=1)
    for tr in tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            tc_width = tc.tcPr.find(qn("w:tcW"))
            assert int(tc_width.get(qn("w:w"))) == sum(columns[column : column + tc.grid_span])
            assert tc.tcPr.find(qn("w:vAlign")).get(qn("w:val")) == "center"
            assert tc.p_lst, "every cell needs a paragraph"
            column += tc.grid_span
        assert column == len(columns)


def test_header_rows_repeat_and_no_row_splits(document: Document) -> None:
    rows = document.tables[0]._tbl.tr_lst
    assert [tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows] == [True] * 3 + [False] * 4
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)


def test_cell_paragraph_styles(document: Document) -> None:
    table = document.tables[0]
    styles = [[tc.p_lst[0].style for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    assert styles[0] == ["TableText", "TableText"]
    assert styles[3] == ["TableLabel"] + ["TableText"] * 7
    assert styles[5] == ["TableLabel", "TableLabel", "TableLabel"] + ["TableText"] * 7


def _field_text(footer_element: CT_HdrFtr) -> list[str]:
    """The footer's visible text and field pieces in order."""
    pieces = []
    for element in footer_element.iter(qn("w:t"), qn("w:instrText"), qn("w:fldChar")):
        if element.tag == qn("w:fldChar"):
            pieces.append(element.get(qn("w:fldCharType")))
        else:
            pieces.append(element.text)
    return pieces


@pytest.mark.parametrize(("which", "alignment"), [("odd", "right"), ("even", "left")])
def test_footers_carry_the_page_number_between_dashes(
    document: Document, which: str, alignment: str
) -> None:
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    footer = section.footer if which == "odd" else section.even_page_footer
    assert not footer.is_linked_to_previous
    assert _field_text(footer._element) == ["— ", "begin", " PAGE ", "separate", "1", "end", " —"]
    (paragraph,) = footer.paragraphs
    assert paragraph.style.style_id == "Footer"
    assert paragraph._p.pPr.find(qn("w:jc")).get(qn("w:val")) == alignment
    indent = paragraph._p.pPr.find(qn("w:ind"))
    assert indent.get(qn(f"w:{alignment}Chars")) == "100"


def test_adjacent_and_closing_tables_get_a_paragraph() -> None:
    table = "<table><tr><td>1</td></tr></table>"
    body = _open(render(table + table, REFERENCE)).element.body
    assert [child.tag.split("}")[1] for child in body] == ["tbl", "p", "tbl", "p", "sectPr"]


def test_tables_of_one_shape_keep_their_own_text_and_styles() -> None:
    """A table's XML is made once per shape and process (writers/docx.py): tables of the same
    spans and classes each keep their own text, one with another class its own style, and
    every cell of a row but the last row keeps with the next."""
    row = '<tr><td class="{0}" rowspan="2">{1}</td><td>{2}</td></tr><tr><td>{3}</td></tr>'
    tables = [
        ("label", "甲", "1", "2"),
        ("label", "乙&amp;", "3<br>4", ""),
        ("num", "丙", "5", "6"),
    ]
    content = "".join(f"<table>{row.format(*table)}</table>" for table in tables)
    document = _open(render(content, REFERENCE))
    texts = [
        [[_Cell(tc, t).text for tc in tr.tc_lst] for tr in t._tbl.tr_lst] for t in document.tables
    ]
    assert texts == [
        [["甲", "1"], ["", "2"]],
        [["乙&", "3\n4"], ["", ""]],
        [["丙", "5"], ["", "6"]],
    ]
    styles = [t._tbl.tr_lst[0].tc_lst[0].p_lst[0].style for t in document.tables]
    assert styles == ["TableLabel", "TableLabel", "TableText"]
    for table in document.tables:
        first, last = table._tbl.tr_lst
        assert all(tc.p_lst[0].pPr.find(qn("w:keepNext")) is not None for tc in first.tc_lst)
        assert all(tc.p_lst[0].pPr.find(qn("w:keepNext")) is None for tc in last.tc_lst[1:])


def test_a_huge_table_is_written_but_not_kept() -> None:
    """What is kept per table shape for the process (its XML, its measures) is bounded: a
    template's table of 12,000 cells is written as any other, and nothing of it is kept."""
    kept = (dict(docx_writer._LAYOUTS), dict(table_rows._MEASURES))
    row = "".join(f"<td>{n}</td>" for n in range(12_000))
    document = _open(render(f"<table><tr>{row}</tr></table>", REFERENCE))
    assert len(document.tables[0]._tbl.tr_lst[0].tc_lst) == 12_000
    assert kept == (docx_writer._LAYOUTS, table_rows._MEASURES)


def test_missing_class_style_falls_back_to_normal(tmp_path: Path) -> None:
    reference = _edited_reference(
        tmp_path,
        "word/styles.xml",
        lambda xml: re.sub(r'<w:style [^>]*w:styleId="Signature".*?</w:style>', "", xml),
    )
    document = _open(render('<p class="signature">署名</p>', reference))
    assert document.paragraphs[0].style.style_id == "Normal"


def test_styles_found_by_name_when_word_localised_the_ids(tmp_path: Path) -> None:
    reference = _edited_reference(
        tmp_path,
        "word/styles.xml",
        lambda xml: xml.replace('w:styleId="Heading1"', 'w:styleId="1"'),
    )
    document = _open(render("<h2>一、总体情况</h2>", reference))
    assert document.paragraphs[0].style.style_id == "1"


def test_table_width_follows_the_reference_margins(tmp_path: Path) -> None:
    reference = _edited_reference(
        tmp_path, "word/document.xml", lambda xml: xml.replace('w:left="1588"', 'w:left="1800"')
    )
    tbl = _open(render("<table><tr><td>1</td><td>2</td></tr></table>", reference)).tables[0]._tbl
    assert tbl.tblPr.find(qn("w:tblW")).get(qn("w:w")) == str(11906 - 1800 - 1474)
    assert [col.w.twips for col in tbl.tblGrid.gridCol_lst] == [4316, 4316]


@pytest.mark.parametrize(
    "contents",
    [b"not a zip file", None, "zip"],
    ids=["not-a-zip", "missing", "zip-without-docx-parts"],
)
def test_bad_reference_raises_template_error(tmp_path: Path, contents: bytes | str | None) -> None:
    path = tmp_path / "broken.docx"
    if contents == "zip":
        with zipfile.ZipFile(path, "w") as package:
            package.writestr("hello.txt", "hi")
    elif isinstance(contents, bytes):
        path.write_bytes(contents)
    with pytest.raises(TemplateError) as caught:
        render("<p>x</p>", path)
    assert caught.value.name == str(path)


def test_committed_reference_is_regenerated_output() -> None:
    """Run tools/make_reference_docx.py after editing it."""
    built = zipfile.ZipFile(BytesIO(_load_tool().build_reference()))
    committed = zipfile.ZipFile(REFERENCE)
    # Parts, order, timestamps and contents rather than raw bytes: another zlib build may
    # deflate the same input to different bytes.
    assert [(i.filename, i.date_time) for i in committed.infolist()] == [
        (i.filename, i.date_time) for i in built.infolist()
    ]
    for name in built.namelist():
        assert committed.read(name) == built.read(name), name


def test_reference_is_lean() -> None:
    assert REFERENCE.stat().st_size < 10_000


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.libreoffice
@pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_converts_the_result_to_pdf(output: bytes, tmp_path: Path) -> None:
    assert SOFFICE, "CI installs LibreOffice (.ci/run); it is missing"
    source = tmp_path / "report.docx"
    source.write_bytes(output)
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
