"""A Word file (``.docx``) made by any tool, read with python-docx in body order.

Paragraphs give their text (a line break inside one splits it); a table row gives its cells,
a cell merged across columns once and the continuation of a vertical merge not at all, as a
reader sees the printed table. Text is read straight from the XML (runs' w:t, w:tab, w:br):
python-docx's own text properties cost more than the rest of the import.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from reportgen.importers.document import Block, Document, paragraph, row


def read(raw: bytes, name: str) -> Document | None:
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None
    except Exception as error:  # python-docx raises its own kinds for a package it cannot read
        if type(error).__module__.startswith(("docx", "lxml")):
            return None
        raise
    text_tag, tab, breaks = qn("w:t"), qn("w:tab"), (qn("w:br"), qn("w:cr"))
    p_tag, tbl_tag, tr_tag, tc_tag = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
    v_merge, val = qn("w:vMerge"), qn("w:val")

    def text_of(element: object) -> str:
        parts = []
        for node in element.iter(text_tag, tab, *breaks):  # type: ignore[attr-defined]
            if node.tag == text_tag:
                parts.append(node.text or "")
            else:
                parts.append("\t" if node.tag == tab else "\n")
        return "".join(parts)

    sdt, sdt_content = qn("w:sdt"), qn("w:sdtContent")

    def in_order(parent: object) -> list[object]:
        """The body's paragraphs and tables, those inside content controls included."""
        found = []
        for child in parent.iterchildren():  # type: ignore[attr-defined]
            if child.tag == sdt:
                for content in child.iterchildren(sdt_content):
                    found += in_order(content)
            else:
                found.append(child)
        return found

    blocks: list[Block] = []
    for element in in_order(document.element.body):
        if element.tag == p_tag:
            for piece in text_of(element).split("\n"):
                if piece.strip():
                    blocks.append(paragraph(piece))
        elif element.tag == tbl_tag:
            for tr in element.iterchildren(tr_tag):
                cells = []
                for tc in tr.iterchildren(tc_tag):
                    merge = tc.find(f"{qn('w:tcPr')}/{v_merge}")
                    if merge is not None and merge.get(val, "continue") == "continue":
                        continue  # the continuation of a vertical merge: printed above
                    texts = [text_of(p) for p in tc.iterchildren(p_tag)]
                    cells.append(" ".join(texts).replace("\n", " "))
                if any(cell.strip() for cell in cells):
                    blocks.append(row(cells))
    return Document(name, blocks, "docx")
