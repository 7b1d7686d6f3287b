"""A Word file (``.docx``) made by any tool, read with python-docx in body order.

Paragraphs give their text (a line break inside one splits it); a table row gives its cells,
a cell merged across columns once and the continuation of a vertical merge not at all, as a
reader sees the printed table.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from reportgen.importers.document import Block, Document, paragraph, row


def read(raw: bytes, name: str) -> Document | None:
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None
    except Exception as error:  # python-docx raises its own kinds for a package it cannot read
        if type(error).__module__.startswith(("docx", "lxml")):
            return None
        raise
    blocks: list[Block] = []

    def table_rows(element: object) -> None:
        table = Table(element, document)  # type: ignore[arg-type]
        for tr in table._tbl.tr_lst:
            cells = []
            for tc in tr.tc_lst:
                if tc.vMerge == "continue":
                    continue
                cells.append(" ".join(p.text for p in _Cell(tc, table).paragraphs))
            if any(cell.strip() for cell in cells):
                blocks.append(row(cells))

    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            for piece in Paragraph(element, document).text.split("\n"):
                if piece.strip():
                    blocks.append(paragraph(piece))
        elif element.tag == qn("w:tbl"):
            table_rows(element)
    return Document(name, blocks, "docx")
