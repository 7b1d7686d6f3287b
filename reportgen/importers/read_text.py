"""Copied text (``.txt``): what a clerk gets by select-all and copy in a browser.

Headings and paragraphs come one per line; a table row comes as its cells separated by
whitespace (a label merged over rows appearing once), or, as some sites copy, one cell per
line, each but the row's last ending in ``|`` (when every cell ends in ``|``, the run is
cut into rows by the width of the format's table).
"""

from __future__ import annotations

import re

from reportgen.importers.document import Block, Document, line, row

_FIGURE = re.compile(r"^[+\-−]?\d[\d,，.]*$")


def decode(raw: bytes) -> str | None:
    """The text of ``raw``: UTF-8 with or without a byte-order mark, UTF-16 with one, else
    GB18030 (GBK); None for what is not text (NUL bytes, or no encoding reads it)."""
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):  # Notepad's "Unicode"
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                return None
    if b"\x00" in raw:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read(raw: bytes, name: str) -> Document | None:
    text = decode(raw)
    if text is None:
        return None
    blocks: list[Block] = []
    cells: list[str] = []
    for text_line in text.splitlines():
        stripped = text_line.strip()
        if stripped.endswith("|"):
            cells.append(stripped[:-1])
            continue
        if cells and stripped:
            blocks.append(row([*cells, stripped]))
            cells = []
        elif cells:  # a run of cells whose rows are not marked: cut by the table's width
            blocks.append(row(cells, flat=True))
            cells = []
        elif stripped:
            blocks.append(line(text_line))
    if cells:
        blocks.append(row(cells, flat=True))
    return Document(name, _figures_joined(blocks), "txt")


def _figures_joined(blocks: list[Block]) -> list[Block]:
    """Lines holding one figure each, as some sites copy a row's cells, made one row."""
    joined: list[Block] = []
    run: list[str] = []
    for block in [*blocks, None]:
        if block is not None and block.loose and _FIGURE.match(block.text):
            run.append(block.text)
            continue
        if len(run) >= 2:
            joined.append(line("\t".join(run)))
        else:
            joined.extend(line(text) for text in run)
        run = []
        if block is not None:
            joined.append(block)
    return joined
