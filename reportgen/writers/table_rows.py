"""How tall a table's rows are set, for cutting long tables into pages (writers/table_pages.py):
estimated from the reference's styles and each cell's text, with all of it but the text (where
each cell is, its style, the width it has) worked out once for each table shape and layout.
A Chinese character is one em wide and a Latin one 0.6; all lengths are in twips.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from math import ceil
from typing import Any, Protocol

from reportgen.render.markup import Cell, Table

LATIN = 0.6  # an ASCII character's width, in ems
BORDER = 10  # a row's rule, 0.5 pt
_LABELS = frozenset({"label", "caption"})  # cells set in the label style


class Layout(Protocol):
    """What measuring reads of table_pages.Layout (not imported: table_pages imports this)."""

    sheet: Any  # table_pages' reading of the reference's styles: size(style), line(style)
    styles: dict[str, str | None]
    width: int
    margins: int
    compact_rows: int
    column_widths: Callable[[Table, int], list[int]]


def shape(table: Table) -> tuple[object, ...]:
    """All of a table that places and sizes its cells but their text: the header rows, the
    column widths, the table's classes and each cell's spans and classes."""
    return (
        table.header_rows,
        tuple(table.widths),
        table.classes,
        tuple(
            tuple((cell.rowspan, cell.colspan, cell.classes) for cell in row) for row in table.rows
        ),
    )


# What measuring a table needs but its cells' text: its rows, whether it is set compact, an
# empty row's height, and each cell (in the order of the table's rows) as its first row, its
# rows, its font size and line height, the width its text has.
_Measure = tuple[int, bool, float, list[tuple[int, int, int, float, int]]]
# Each table shape and layout's (see measure); a batch of one format has a few. A bound for
# the preview, which sees many.
_MEASURES: dict[tuple[object, ...], _Measure | None] = {}
_MEASURES_MAX = 64
_MEASURE_CELLS = 10_000  # cells of a table kept (the statistics tables': a few hundred)
_ROLES = ("cell", "label", "cell_compact", "label_compact")


def measure(table: Table, layout: Layout) -> _Measure | None:
    """What row_heights() needs of the table but its text, None for a table without cells: made
    once for each shape and layout (the layout's column widths depend only on the table's
    widths and the text width)."""
    sheet = layout.sheet
    roles = tuple(layout.styles.get(role) for role in _ROLES)
    key = (shape(table), sheet, layout.width, layout.margins, layout.compact_rows, roles)
    if key in _MEASURES:
        return _MEASURES[key]
    placed = _placed(table)
    found: _Measure | None = None
    if placed:
        count = max(r + cell.rowspan for r, _, cell in placed)
        compact = count > layout.compact_rows
        widths = layout.column_widths(table, max(c + cell.colspan for _, c, cell in placed))
        edges = [sum(widths[:c]) for c in range(len(widths) + 1)]
        plain, label = (
            (sheet.size(style), sheet.line(style))
            for style in (roles[2:] if compact else roles[:2])
        )
        cells = []
        for r, c, cell in placed:
            size, line = plain if _LABELS.isdisjoint(cell.classes) else label
            width = edges[c + cell.colspan] - edges[c] - layout.margins
            cells.append((r, cell.rowspan, size, line, width))
        found = (count, compact, plain[1], cells)
    if found is None or len(found[3]) <= _MEASURE_CELLS:  # a template's huge table: not kept
        if len(_MEASURES) >= _MEASURES_MAX:
            del _MEASURES[next(iter(_MEASURES))]
        _MEASURES[key] = found
    return found


def row_heights(
    table: Table, measured: _Measure
) -> tuple[list[float], list[tuple[int, int, float]]]:
    """Each row's height, and each merged cell's (first row, rows, height its text needs)."""
    count, _, empty, cells = measured
    heights = [empty] * count  # an empty row is a line high
    merged: list[tuple[int, int, float]] = []
    texts = (cell for row in table.rows for cell in row)
    for (r, rows, size, line, width), cell in zip(cells, texts, strict=True):
        runs = cell.runs
        text = runs[0].text if len(runs) == 1 else cell.text
        # Most cells (figures, short labels) hold one line: not measured character by character.
        if len(text) * size <= width and "\n" not in text:
            need = line
        else:
            need = lines(text, size, width) * line
        if rows > 1:
            merged.append((r, rows, need))
        elif need > heights[r]:
            heights[r] = need
    return [height + BORDER for height in heights], merged


def _placed(table: Table) -> list[tuple[int, int, Cell]]:
    """(row, column, cell) of each cell, as Table.grid() places them, without building the
    grid: most tables are only measured."""
    placed: list[tuple[int, int, Cell]] = []
    busy: list[int] = []  # for each column, the first row a cell from above leaves free
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while c < len(busy) and busy[c] > r:
                c += 1
            placed.append((r, c, cell))
            span = cell.colspan
            busy.extend([0] * (c + span - len(busy)))  # nothing when long enough
            busy[c : c + span] = [r + cell.rowspan] * span
            c += span
    return placed


@lru_cache(maxsize=4096)  # a format's labels come back in every report of a batch
def lines(text: str, size: int, width: int) -> int:
    """Lines of `text` at `size` in `width`: each of its own lines wrapped."""
    per_line = max(1, width // size)
    count = 0
    for line in text.split("\n"):
        # UTF-8 takes one byte for ASCII, three for Chinese: this counts the wide characters.
        wide = (len(line.encode()) - len(line)) / 2
        count += max(1, ceil((wide + LATIN * (len(line) - wide)) / per_line))
    return count
