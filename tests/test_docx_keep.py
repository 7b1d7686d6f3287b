"""Typesetting settings read back from the sample's .docx (issue 16): keep rules, table rows that
do not split, the compact table style, the theme part, the 附件 line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLE
from docx import Document
from docx.oxml.ns import qn

import reportgen

ROOT = Path(__file__).resolve().parent.parent
TWELVE = ROOT / "samples" / "twelve-part-linyi-civil-affairs-2017.toml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("keep")
    return reportgen.build(SAMPLE, out, to=["docx"]).paths[0]


@pytest.fixture(scope="module")
def document(built: Path):
    return Document(str(built))


def keeps(paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:keepNext")) is not None


def test_headings_and_title_keep_with_the_next_paragraph(document):
    for style_id in ("Title", "Heading1", "Heading2", "Signature", "Subtitle", "Attachment"):
        style = document.styles.element.get_by_id(style_id)
        assert style.pPr.find(qn("w:keepNext")) is not None, style_id
    normal = document.styles["Normal"].element.pPr
    assert normal.find(qn("w:widowControl")) is not None


def test_table_rows_do_not_split_and_keep_together(document):
    for table in document.tables:
        rows = table._tbl.tr_lst
        for r, row in enumerate(rows):
            assert row.trPr.find(qn("w:cantSplit")) is not None
            paragraphs = [p for tc in row.tc_lst for p in tc.p_lst]
            kept = [
                p.pPr is not None and p.pPr.find(qn("w:keepNext")) is not None for p in paragraphs
            ]
            # Every row but the last keeps with the next; the last one keeps with what
            # follows the table only when that is the signature or the table's footnote.
            assert all(kept) if r < len(rows) - 1 else not any(kept), r


def test_header_rows_repeat(document):
    requests = document.tables[1]
    headers = [row.trPr.find(qn("w:tblHeader")) is not None for row in requests._tbl.tr_lst]
    assert headers[:3] == [True, True, True] and not any(headers[3:])


def test_table_3_is_set_in_the_compact_style(document):
    active, requests, _ = document.tables
    styles = {
        p.style.style_id for row in requests.rows for cell in row.cells for p in cell.paragraphs
    }
    assert styles == {"TableTextCompact", "TableLabelCompact"}
    styles = {
        p.style.style_id for row in active.rows for cell in row.cells for p in cell.paragraphs
    }
    assert styles == {"TableText", "TableLabel"}
    compact = document.styles.element.get_by_id("TableTextCompact")
    assert compact.rPr.sz_val.pt == 9  # 小五


def test_the_body_keeps_with_the_signature(document):
    paragraphs = document.paragraphs
    signature = next(i for i, p in enumerate(paragraphs) if p.style.style_id == "Signature")
    assert keeps(paragraphs[signature - 1])


def test_the_package_has_a_theme_part(built: Path):
    with zipfile.ZipFile(built) as package:
        assert "word/theme/theme1.xml" in package.namelist()
        types = package.read("[Content_Types].xml").decode()
        assert 'PartName="/word/theme/theme1.xml"' in types
        assert "officedocument.theme+xml" in types
        theme = package.read("word/theme/theme1.xml").decode()
    assert '<a:latin typeface="Times New Roman"/>' in theme


def test_the_attachment_line_is_flush_left_in_heiti(tmp_path: Path):
    path = reportgen.build(TWELVE, tmp_path, to=["docx"]).paths[0]
    document = Document(str(path))
    line = next(p for p in document.paragraphs if p.style.style_id == "Attachment")
    assert line.text == "附件："
    style = line.style
    assert style.paragraph_format.first_line_indent == 0
    assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
