"""The common form every input kind is read into: a sequence of blocks in reading order.

A block is a paragraph (a line of text) or a table row (its cells' texts, each merged cell
once, as a reader sees it: a label spanning rows appears in the first of them only). A line of
copied text is both: it may be prose, or a table row whose cells are separated by whitespace,
which only the format description can tell apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009]+")
# Zero-width spaces and joiners: the .docx writer puts zero-width spaces into web and e-mail
# addresses as break opportunities (writers/docx.py), and pages copied from the web carry them.
# (A regular expression, not str.translate with a table, which looks up every character.)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


@dataclass(frozen=True)
class Block:
    text: str  # the block's text; a table row's cells joined by a space
    cells: tuple[str, ...] | None = None  # a table row's cells; None for a paragraph
    loose: bool = False  # a line of copied text: prose, or a row of whitespace-separated cells
    tabbed: bool = False  # its cells were separated by tabs: a blank cell is kept as one
    flat: bool = False  # a whole table's cells in one run, rows not marked (cut by the format)


@dataclass
class Document:
    name: str
    blocks: list[Block]
    kind: str  # docx | html | txt | xlsx


def clean(text: str) -> str:
    """One line of text as printed: runs of spaces (also &nbsp; and ideographic) made one,
    zero-width characters dropped."""
    if text.isascii() and text.isalnum():
        return text  # most table cells (figures): nothing to clean
    return _SPACES.sub(" ", _ZERO_WIDTH.sub("", text.replace("\r", ""))).strip()


def paragraph(text: str) -> Block:
    return Block(clean(text))


def row(cells: list[str], flat: bool = False) -> Block:
    texts = tuple(clean(cell) for cell in cells)
    return Block(" ".join(text for text in texts if text), texts, flat=flat)


def line(text: str) -> Block:
    """A line of copied text: a paragraph that may also be a table row. A browser copies a
    table row's cells separated by tabs, a blank cell as nothing between two of them."""
    if "\t" in text.strip():
        cells = tuple(clean(cell) for cell in text.split("\t"))
        return Block(" ".join(cell for cell in cells if cell), cells, loose=True, tabbed=True)
    text = clean(text)
    return Block(text, tuple(text.split(" ")), loose=True)
