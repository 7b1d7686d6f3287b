"""The built .docx read back with python-docx: the three tables cell by cell with their merged
headers, the page, the fonts."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import spec_2021
from conftest import SAMPLE
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from readback_docx import style_east_asia_font, table_grid

import reportgen


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("docx")
    built = reportgen.build(SAMPLE, out, to=["docx"], strict=True)
    return Document(str(built.paths[0]))


def origins(grid, row):
    """(text, rows spanned, columns spanned) of every cell that starts in this row."""
    return [(cell.text, cell.row_span, cell.grid_span) for cell in grid[row] if cell.origin]


def test_active_table(document):
    grid = table_grid(document.tables[0])
    assert len(grid) == len(spec_2021.ACTIVE)
    for row, expected in enumerate(spec_2021.ACTIVE):
        labels = [cell for cell in expected if cell is not None]
        assert origins(grid, row)[: len(labels)] == labels, row
    for row, values in spec_2021.SAMPLE_ACTIVE.items():
        assert [cell.text for cell in grid[row][1:] if cell.origin] == values
    assert grid[6][1].grid_span == 3  # 行政许可 one value over three columns


def test_requests_header_is_merged_as_the_official_table(document):
    grid = table_grid(document.tables[1])
    for row, expected in enumerate(spec_2021.REQUESTS_HEADER):
        assert origins(grid, row) == expected, row
    assert grid[0][0].v_merge == "restart" and grid[1][0].v_merge == "continue"


def test_requests_labels_and_numbers(document):
    grid = table_grid(document.tables[1])
    assert len(grid) == 28
    for row, labels in enumerate(spec_2021.REQUESTS_LABELS):
        cells = origins(grid, 3 + row)
        assert cells[: len(labels)] == labels, row
        numbers = [int(cell.text) for cell in grid[3 + row][3:]]
        assert numbers == spec_2021.SAMPLE_REQUESTS.get(row, [0] * 7), row


def test_appeals_table(document):
    grid = table_grid(document.tables[2])
    for row, expected in enumerate(spec_2021.APPEALS_HEADER):
        assert origins(grid, row) == expected, row
    assert [int(cell.text) for cell in grid[3]] == spec_2021.SAMPLE_APPEALS


def test_headings_and_styles(document):
    styled = [(p.style.style_id, p.text) for p in document.paragraphs]
    # The title in balanced lines, the agency and year on the first (GB/T 9704).
    assert styled[0] == ("Title", "某某市民政局2025年\n政府信息公开工作年度报告")
    assert [text for style, text in styled if style == "Heading1"] == spec_2021.SECTIONS
    assert ("Heading2", "（一）主动公开") in styled
    assert styled[-2:] == [("Signature", "某某市民政局"), ("Date", "2026年1月20日")]


def test_page_is_a4_with_official_margins(document):
    section = document.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)  # A4
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m / Mm(1)) for m in margins] == [37, 35, 28, 26]


def test_east_asian_fonts_are_set(document):
    assert style_east_asia_font(document, "Normal") == "仿宋_GB2312"
    assert style_east_asia_font(document, "Title") == "方正小标宋简体"
    assert style_east_asia_font(document, "Heading1") == "黑体"
    assert style_east_asia_font(document, "Heading2") == "楷体_GB2312"
    assert style_east_asia_font(document, "TableText") == "仿宋_GB2312"


def test_tables_fit_the_text_width(document):
    section = document.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) / 635  # twips
    for table in document.tables:
        widths = [
            int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iterchildren(qn("w:gridCol"))
        ]
        assert abs(sum(widths) - text_width) <= len(widths)


def test_page_numbers_in_the_footer(document):
    footer = document.sections[0].footer
    xml = footer._element.xml
    assert "PAGE" in xml and "—" in footer.paragraphs[0].text


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.libreoffice
@pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_opens_the_report(tmp_path):
    """LibreOffice converts the sample to PDF: A4 pages holding the tables' labels."""
    assert SOFFICE and shutil.which("pdftotext"), "CI installs LibreOffice and poppler-utils"
    built = reportgen.build(SAMPLE, tmp_path, to=["docx"])
    source = tmp_path / "report.docx"
    built.paths[0].rename(source)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "report.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "pts (A4)" in info.stdout
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    flat = "".join(text.stdout.split())
    for label in ("申请人情况", "（七）总计", "行政规范性文件", "复议后起诉", "—3—"):
        assert label in flat
