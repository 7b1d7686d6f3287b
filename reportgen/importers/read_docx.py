"""A Word file (``.docx``) made by any tool, read in body order.

Paragraphs give their text (a line break inside one splits it); a table row gives its cells,
a cell merged across columns once and the continuation of a vertical merge not at all, as a
reader sees the printed table. Only the main document part is read, straight from the
package: the part the package's relationships name, parsed as python-docx parses it (no
entities resolved, blank text dropped). Opening the package with python-docx parsed every
part (styles, theme, numbering…) and cost more than the rest of the import; so did its text
properties, so text is read from the runs' w:t, w:tab and w:br.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from typing import Any
from xml.parsers.expat import ExpatError

from reportgen.importers.document import Block, Document, paragraph, row
from reportgen.writers import docx_package

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _body(raw: bytes) -> Any | None:
    """The main document's w:body, None for a file that is not a Word package (or whose main
    part would unpack to more than a reference document may: a zip bomb)."""
    from lxml import etree

    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    try:
        with zipfile.ZipFile(BytesIO(raw)) as package:
            part = docx_package.main_document(docx_package.relationships(package))
            if part is None or package.getinfo(part).file_size > docx_package.MAX_UNPACKED:
                return None
            document = etree.fromstring(package.read(part), parser)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ExpatError, etree.XMLSyntaxError):
        return None
    return document.find(f"{_W}body") if document.tag == f"{_W}document" else None


_T, _TAB, _BREAKS = f"{_W}t", f"{_W}tab", (f"{_W}br", f"{_W}cr")
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_SDT, _SDT_CONTENT = f"{_W}sdt", f"{_W}sdtContent"

# The cells of a table that continue a vertical merge: each row's w:tc whose first
# w:tcPr/w:vMerge has no w:val or w:val="continue". One XPath for a table instead of a
# search of every cell's properties in Python.
_CONTINUED = "./w:tr/w:tc[(w:tcPr/w:vMerge)[1][not(@w:val) or @w:val = 'continue']]"
_NAMESPACES = {"w": _W[1:-1]}


def read(raw: bytes, name: str) -> Document | None:
    body = _body(raw)
    if body is None:
        return None
    blocks: list[Block] = []
    for element in _in_order(body):
        if element.tag == _P:
            for piece in _text_of(element).split("\n"):
                if piece.strip():
                    blocks.append(paragraph(piece))
        elif element.tag == _TBL:
            # Kept alive while the rows are read: lxml gives an element the same object each time.
            continued = set(element.xpath(_CONTINUED, namespaces=_NAMESPACES))
            for tr in element.iterchildren(_TR):
                cells = []
                for tc in tr.iterchildren(_TC):
                    if tc in continued:
                        continue  # the continuation of a vertical merge: printed above
                    texts = [_text_of(p) for p in tc.iterchildren(_P)]
                    cells.append(" ".join(texts).replace("\n", " "))
                if any(cell.strip() for cell in cells):
                    blocks.append(row(cells))
    return Document(name, blocks, "docx")


def _text_of(element: Any) -> str:
    parts = []
    for node in element.iter(_T, _TAB, *_BREAKS):
        if node.tag == _T:
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == _TAB else "\n")
    return "".join(parts)


def _in_order(parent: Any) -> list[Any]:
    """The body's paragraphs and tables, those inside content controls included."""
    found = []
    for child in parent.iterchildren():
        if child.tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                found += _in_order(content)
        else:
            found.append(child)
    return found
