"""Identical notes under one table make one footnote, referenced by every cell carrying it."""

from __future__ import annotations

from docx import Document
from readback_docx import table_grid
from readback_html import read

import reportgen

NOTES = """
[active.regulations]
issued = { value = 0, note = "本年度无此项业务" }
repealed = { value = 0, note = "本年度无此项业务" }
in_force = { value = 2, note = "含上年结转" }

[active.normative_documents]
issued = { value = 0, note = "本年度无此项业务" }
"""


def test_identical_notes_share_one_footnote(tmp_path, year_file):
    built = reportgen.build(year_file(NOTES), tmp_path)
    docx_path, html_path = sorted(built.paths, key=lambda path: path.suffix)
    page = read(html_path.read_text("utf-8"))
    notes = [text for tag, text in page.blocks if text.startswith("注")]
    assert notes == ["注1：本年度无此项业务", "注2：含上年结转"]
    rows = [[cell.text for cell in row] for row in page.tables["table-active"]]
    assert rows[2] == ["规章", "0（注1）", "0（注1）", "2（注2）"]
    assert rows[3][:2] == ["行政规范性文件", "0（注1）"]
    document = Document(str(docx_path))
    grid = [[cell.text for cell in row] for row in table_grid(document.tables[0])]
    assert grid[2] == ["规章", "0（注1）", "0（注1）", "2（注2）"]
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs.count("注1：本年度无此项业务") == 1
