"""Reads a built HTML report back: its tables as grids of cells, its headings and paragraphs."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class HtmlCell:
    text: str
    tag: str
    rowspan: int
    colspan: int
    attrs: dict[str, str]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[HtmlCell]]] = {}
        self.blocks: list[tuple[str, str]] = []
        self.table_id: str | None = None
        self.row: list[HtmlCell] | None = None
        self.cell: HtmlCell | None = None
        self.block: tuple[str, list[str]] | None = None
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag == "table":
            self.table_id = attributes.get("id", str(len(self.tables)))
            self.tables[self.table_id] = []
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = HtmlCell(
                "",
                tag,
                int(attributes.get("rowspan", 1)),
                int(attributes.get("colspan", 1)),
                attributes,
            )
        elif tag in ("h1", "h2", "h3", "p"):
            self.block = (tag, [])
        elif tag == "br" and self.block is not None:
            self.block[1].append("\n")  # as a <w:br/> reads back from the .docx

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[self.table_id].append(self.row)
            self.row = None
        elif tag in ("h1", "h2", "h3", "p") and self.block:
            self.blocks.append((self.block[0], "".join(self.block[1])))
            self.block = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.text += data
        elif self.block is not None:
            self.block[1].append(data)


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    return reader


def grid(rows: list[list[HtmlCell]]) -> list[list[HtmlCell | None]]:
    """The logical grid: grid[r][c] is the cell covering that position (origin or spanned)."""
    occupied: dict[tuple[int, int], HtmlCell] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    occupied[(r + dr, c + dc)] = cell
            c += cell.colspan
    height = max(r for r, _ in occupied) + 1
    width = max(c for _, c in occupied) + 1
    return [[occupied.get((r, c)) for c in range(width)] for r in range(height)]
