"""A Word table's vertically merged cells are read once, in the row that starts the merge,
however the continuation is written (``<w:vMerge/>`` or ``w:val="continue"``)."""

from __future__ import annotations

from io import BytesIO

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.importers import read_docx


def test_continued_cells_read_once():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"{r}{c}"
    table.cell(0, 0).merge(table.cell(2, 0))  # <w:vMerge w:val="restart"/>, then <w:vMerge/>
    explicit = table.cell(1, 2)._tc
    merge = OxmlElement("w:vMerge")
    merge.set(qn("w:val"), "continue")
    explicit.get_or_add_tcPr().append(merge)
    restart = table.cell(2, 1)._tc
    merge = OxmlElement("w:vMerge")
    merge.set(qn("w:val"), "restart")
    restart.get_or_add_tcPr().append(merge)
    saved = BytesIO()
    document.save(saved)

    read = read_docx.read(saved.getvalue(), "merged.docx")

    assert read is not None
    rows = [block.cells for block in read.blocks if block.cells is not None]
    assert rows == [("00 10 20", "01", "02"), ("11",), ("21", "22")]
