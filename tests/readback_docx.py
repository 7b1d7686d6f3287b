"""Reading a written .docx back for assertions: a table's logical grid and a style's fonts.

python-docx's ``row.cells`` repeats a merged cell at every position it covers and hides whether a
position starts a merge; tests of the official headers need both, so this walks the XML.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from docx.oxml.ns import qn
from docx.table import Table as DocxTable

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docx.document import Document
    from docx.oxml.table import CT_Tc
    from docx.table import Table
    from docx.text.paragraph import Paragraph


@dataclass(frozen=True)
class CellInfo:
    """One grid position. Positions a merged cell covers repeat its text with origin False."""

    text: str
    origin: bool  # the merged cell's top-left position (or an unmerged cell)
    grid_span: int  # columns the cell spans (w:gridSpan)
    v_merge: str | None  # "restart", "continue" or None (w:vMerge)
    row_span: int = 1  # rows the cell spans, counted from its continuations below


def table_grid(table: Table) -> list[list[CellInfo]]:
    """The table as rows of grid positions, with w:gridSpan and w:vMerge resolved."""
    grid: list[list[CellInfo]] = []
    for tr in table._tbl.tr_lst:
        row: list[CellInfo] = []
        for tc in tr.tc_lst:
            v_merge = _v_merge(tc)
            column = len(row)
            if v_merge == "continue" and grid and column < len(grid[-1]):
                above = grid[-1][column]
                cell = replace(above, origin=False, v_merge=v_merge, grid_span=tc.grid_span)
            else:
                cell = CellInfo(_text(tc), True, tc.grid_span, v_merge)
            row.append(cell)
            row.extend(replace(cell, origin=False) for _ in range(tc.grid_span - 1))
        grid.append(row)
    return _with_row_spans(grid)


def body(document: Document) -> Iterator[Paragraph | list[list[CellInfo]]]:
    """The document's paragraphs and tables (as grids) in order, with a long table's parts
    joined back into one: writers/table_pages.py writes a table taller than a page as tables
    each after an empty paragraph that starts a page, repeating the header rows and the rows of
    the groups that continue into it (group rows have empty value cells)."""
    joined: list[list[CellInfo]] | None = None  # the table a next part would continue
    broke = False  # a page break since that table
    for block in document.iter_inner_content():
        if not isinstance(block, DocxTable):
            if block.text == "" and block.paragraph_format.page_break_before:
                broke = True
                continue
            if joined is not None:
                yield joined
            joined = None
            yield block
            continue
        grid = table_grid(block)
        header = sum(tr.trPr.find(qn("w:tblHeader")) is not None for tr in block._tbl.tr_lst)
        if joined is not None and broke and _texts(grid[:header]) == _texts(joined[:header]):
            rest = grid[header:]
            while rest and rest[0][-1].text == "" and _texts(rest[:1])[0] in _texts(joined):
                rest = rest[1:]
            joined += rest
        else:
            if joined is not None:
                yield joined
            joined = grid
        broke = False
    if joined is not None:
        yield joined


def tables(document: Document) -> list[list[list[CellInfo]]]:
    """The document's tables as grids, a long table's parts joined (see body)."""
    return [block for block in body(document) if isinstance(block, list)]


def _texts(rows: list[list[CellInfo]]) -> list[list[str]]:
    return [[cell.text for cell in row] for row in rows]


def _v_merge(tc: CT_Tc) -> str | None:
    element = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    if element is None:
        return None
    return element.get(qn("w:val"), "continue")  # an absent w:val means continue


def _text(tc: CT_Tc) -> str:
    """The cell's text, paragraphs and <w:br/> as newlines."""
    paragraphs = []
    for p in tc.iterchildren(qn("w:p")):
        pieces = p.iter(qn("w:t"), qn("w:br"))
        paragraphs.append("".join("\n" if e.tag == qn("w:br") else e.text or "" for e in pieces))
    return "\n".join(paragraphs)


def _with_row_spans(grid: list[list[CellInfo]]) -> list[list[CellInfo]]:
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell.origin and cell.v_merge == "restart":
                span = 1
                while (
                    r + span < len(grid)
                    and c < len(grid[r + span])
                    and grid[r + span][c].v_merge == "continue"
                ):
                    span += 1
                row[c] = replace(cell, row_span=span)
    return grid


def style_east_asia_font(document: Document, style_id: str) -> str | None:
    """The East Asian font a paragraph style resolves to, following w:basedOn then docDefaults.

    A theme font wins over a named one (ECMA-376 §17.3.2.26), so one found first is returned as
    "theme:<name>".
    """
    styles = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in styles.iterchildren(qn("w:style"))}
    rfonts_path = f"{qn('w:rPr')}/{qn('w:rFonts')}"
    chain = []
    style = by_id.get(style_id)
    while style is not None and style not in chain:
        chain.append(style)
        based_on = style.find(qn("w:basedOn"))
        style = by_id.get(based_on.get(qn("w:val"))) if based_on is not None else None
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
    levels = [*chain, defaults] if defaults is not None else chain
    for level in levels:
        rfonts = level.find(rfonts_path)
        if rfonts is None:
            continue
        if rfonts.get(qn("w:eastAsiaTheme")):
            return f"theme:{rfonts.get(qn('w:eastAsiaTheme'))}"
        if rfonts.get(qn("w:eastAsia")):
            return rfonts.get(qn("w:eastAsia"))
    return None
