"""A web page saved from a government site (``.html``/``.htm``), parsed with lxml.

The page's declared charset is honoured (GBK is common); scripts and styles are dropped; every
block element gives its text as a paragraph (``<br>`` breaking it) and every table row its
cells, each merged cell once, as a reader sees the page. A table holding tables lays out the
page (old sites): its cells are read as blocks of their own.
"""

from __future__ import annotations

import re

from reportgen.importers.document import Block, Document, paragraph, row
from reportgen.importers.read_text import decode

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SKIPPED = {"script", "style", "noscript", "head", "title", "template", "select", "option"}
_INLINE = {
    "a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "img", "label", "o:p", "q",
    "s", "small", "span", "strike", "strong", "sub", "sup", "u", "ins", "del", "mark", "time",
    "wbr",
}  # fmt: skip


def charset_text(raw: bytes) -> str | None:
    declared = _CHARSET.search(raw[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in ("gbk", "gb2312", "gb18030", "x-gbk") else name
        try:
            return raw.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(raw)


def read(raw: bytes, name: str) -> Document | None:
    from lxml import etree

    text = charset_text(raw)
    if text is None or "<" not in text:
        return None
    # lxml.html's parser (what lxml.html.document_fromstring uses) builds the same tree, but
    # makes every element it hands out an HtmlElement, looked up by tag: a tenth of a read.
    try:
        root = etree.fromstring(_XML_DECLARATION.sub("", text), etree.HTMLParser())
    except (etree.ParserError, ValueError):
        return None
    if root is None:  # no element at all (document_fromstring's "Document is empty")
        return None
    blocks: list[Block] = []
    _Walker(blocks).walk(root)
    return Document(name, blocks, "html")


class _Walker:
    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        if text.strip():
            self.blocks.append(paragraph(text))

    def walk(self, element: object) -> None:
        tag = _tag(element)
        if tag in _SKIPPED or not tag:  # not tag: a comment or processing instruction
            return
        if tag == "table" and not element.xpath(".//table"):  # type: ignore[attr-defined]
            self.flush()
            self.table(element)
            return
        if tag == "br":
            self.flush()
            return
        block = tag not in _INLINE
        if block:
            self.flush()
        if element.text:  # type: ignore[attr-defined]
            self.buffer.append(element.text)  # type: ignore[attr-defined]
        for child in element:  # type: ignore[attr-defined]
            self.walk(child)
            if child.tail:
                self.buffer.append(child.tail)
        if block:
            self.flush()

    def table(self, table: object) -> None:
        for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):  # type: ignore[attr-defined]
            cells = [_cell_text(cell) for cell in tr if _tag(cell) in ("td", "th")]
            if any(cells):
                self.blocks.append(row(cells))


def _tag(element: object) -> str:
    tag = getattr(element, "tag", "")
    return tag.lower() if isinstance(tag, str) else ""


def _cell_text(cell: object) -> str:
    if not len(cell):  # type: ignore[arg-type]
        return cell.text or ""  # type: ignore[attr-defined]  # most cells: one text, no tags
    parts: list[str] = []

    def collect(element: object) -> None:
        if _tag(element) in _SKIPPED or not _tag(element):
            return
        if _tag(element) in ("br", "p", "div") and parts:
            parts.append(" ")
        if element.text:  # type: ignore[attr-defined]
            parts.append(element.text)  # type: ignore[attr-defined]
        for child in element:  # type: ignore[attr-defined]
            collect(child)
            if child.tail:
                parts.append(child.tail)

    collect(cell)
    return "".join(parts)
