"""Tables too tall for a page, cut into page-sized parts for the .docx (issue 16).

Word and LibreOffice repeat a table's header rows on the page it runs onto, but not the text of
a merged group label (三、本年度办理结果) nor the group row above the rows that continue there: on
that page the rows would have no group. So the writer does not let such a table break by
itself. A table whose estimated height is more than a page starts on a new page, with the
captions and headings kept with it, and is cut at row boundaries into parts that each fit a
page, preferring cuts between groups. Each part is a table of its own: the header rows, then,
at the top of a continuation, the label of every group that continues into it (a merged label
restarted with its text, a group row repeated), then its rows. Shorter tables are untouched.

The estimate is deliberately generous, since the fonts that set the text are not known here: a
line is 1.5 times the font size (Noto CJK, LibreOffice's stand-in, is 1.45; the GB2312 fonts in
Word less), a Chinese character is one em wide and a Latin one 0.6, and a part fills at most
94 % of the page. All lengths are in twips.
"""

from __future__ import annotations

import re
from html import unescape
from typing import TYPE_CHECKING
from xml.parsers import expat

from reportgen.render.markup import Block, Cell, Paragraph, Table
from reportgen.writers import table_rows

if TYPE_CHECKING:
    from collections.abc import Callable

    from reportgen.writers.docx_package import Reference

# Classes the writer reads on the blocks returned: a page break before the block; a part set
# in the compact styles because the whole table is.
NEW_PAGE = "page-start"
COMPACT = "compact"

LINE = 1.5  # a single-spaced line, in font sizes
_TRAILING = frozenset({"note", "signature", "date"})  # paragraphs kept with a table above
FILL = 0.94  # of the page a part may take
LEAST_FILL = 0.6  # of what a part may take, before a cut between groups is preferred
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# GB/T 9704's numbering of levels: 一、 （一） 1. （1）. A row's label numbered at a level
# closes the groups at that level and below.
_LEVELS = (
    re.compile(r"[一二三四五六七八九十百]+、"),
    re.compile(r"[（(][一二三四五六七八九十百]+[）)]"),
    re.compile(r"[0-9０-９]+[.．、]"),
    re.compile(r"[（(][0-9０-９]+[）)]"),
)
_SHEETS: dict[str, tuple[Reference, _Sheet]] = {}  # path → the reference, its styles

Grid = list[list[tuple[Cell, bool, bool] | None]]


# A style's properties that size its text: based_on, size (half-points), line, rule, before,
# after, keep, new_page, and a table style's margins (left and right, together).
_Style = dict[str, object]


class _Sheet:
    """The few properties of the reference's styles that size a paragraph or a row."""

    def __init__(self, styles: dict[str, _Style], defaults: _Style, normal: str | None) -> None:
        self.styles = styles
        self.defaults = defaults
        self.normal = normal  # the default paragraph style

    def get(self, style: str | None, name: str) -> object:
        """A style's property, from the styles it is based on or the document's defaults;
        None for the default paragraph style."""
        style, seen = style or self.normal, 0
        while style in self.styles and seen < 32:  # basedOn may loop in a broken reference
            value = self.styles[style].get(name)
            if value is not None:
                return value
            based_on = self.styles[style].get("based_on")
            style, seen = based_on if isinstance(based_on, str) else None, seen + 1
        return self.defaults.get(name)

    def size(self, style: str | None) -> int:
        """The font size in twips."""
        half_points = self.get(style, "size")
        return int(half_points) * 10 if isinstance(half_points, int) else 210

    def line(self, style: str | None) -> float:
        """The height of one line."""
        line, rule, size = self.get(style, "line"), self.get(style, "rule"), self.size(style)
        natural = size * LINE
        if not isinstance(line, int):
            return natural
        if rule == "exact":
            return line
        if rule == "atLeast":
            return max(line, natural)
        return natural * line / 240


def _sheet(reference: Reference) -> _Sheet:
    """The reference's styles, read once for each version of it (docx_package's cache)."""
    key = str(reference.path)
    cached = _SHEETS.get(key)
    if cached is None or cached[0] is not reference:
        data = dict(reference.parts).get(reference.styles or "", b"")
        cached = _SHEETS[key] = (reference, _read_sheet(data))
    return cached[1]


def _read_sheet(data: bytes) -> _Sheet:
    styles: dict[str, _Style] = {}
    defaults: _Style = {}
    normal: list[str] = []
    path: list[str] = []
    current = [defaults]

    def number(attributes: dict[str, str], name: str) -> int | None:
        value = attributes.get(f"{_W} {name}", "")
        return int(value) if value.lstrip("-").isdigit() else None

    def start(tag: str, attributes: dict[str, str]) -> None:
        local = tag.rpartition(" ")[2] if tag.startswith(_W) else ""
        path.append(local)
        style = current[0]
        if local == "style":
            style_id = attributes.get(f"{_W} styleId", "")
            style = current[0] = styles.setdefault(style_id, {})
            if attributes.get(f"{_W} default") in ("1", "true", "on") and (
                attributes.get(f"{_W} type") == "paragraph"
            ):
                normal.append(style_id)
        elif "tblStylePr" in path:  # conditional formats of table styles: not the rows' own
            return
        elif local == "basedOn":
            style["based_on"] = attributes.get(f"{_W} val")
        elif local == "sz" and path[-2] == "rPr":
            style["size"] = number(attributes, "val")
        elif local == "spacing" and path[-2] == "pPr":
            for name in ("line", "before", "after"):
                style[name] = number(attributes, name)
            style["rule"] = attributes.get(f"{_W} lineRule")
        elif local in ("keepNext", "pageBreakBefore"):
            on = attributes.get(f"{_W} val", "true") not in ("0", "false", "off")
            style["keep" if local == "keepNext" else "new_page"] = on
        elif local in ("left", "start", "right", "end") and path[-2] == "tblCellMar":
            style["margins"] = _twips(style.get("margins")) + (number(attributes, "w") or 0)

    def end(_: str) -> None:
        if path.pop() == "style":
            current[0] = defaults

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    if data:
        parser.Parse(data, True)
    return _Sheet(styles, defaults, normal[0] if normal else None)


class Layout:
    """What the writer knows of the page, its styles and how it sets a table."""

    def __init__(
        self,
        reference: Reference,
        styles: dict[str, str | None],
        style_of: Callable[[Paragraph], str | None],
        column_widths: Callable[[Table, int], list[int]],
        compact_rows: int,
    ) -> None:
        self.sheet = _sheet(reference)
        self.height = reference.type_height * FILL
        self.width = reference.text_width
        # The writer's style IDs are escaped for an attribute.
        self.styles = {role: unescape(style) if style else None for role, style in styles.items()}
        self.style_of = lambda paragraph: unescape(style_of(paragraph) or "") or None
        self.column_widths = column_widths
        self.compact_rows = compact_rows
        margins = self.sheet.get(self.styles.get("table"), "margins")
        self.margins = margins if isinstance(margins, int) else 2 * 108  # Word's default


def paginate(blocks: list[Block], layout: Layout) -> list[Block]:
    """The blocks with each table taller than a page replaced by its parts, marked for the
    writer; the same list when no table is."""
    result: list[Block] | None = None
    for index, block in enumerate(blocks):
        if not isinstance(block, Table):
            if result is not None:
                result.append(block)
            continue
        before = _kept_before(blocks, index, layout)
        parts = _parts(block, layout, sum(before), _kept_after(blocks, index, layout))
        if result is None and parts is None:
            continue
        if result is None:
            result = list(blocks[:index])
        if parts is None:
            result.append(block)
            continue
        if index > len(before):  # a table (and its captions) first in the document needs no break
            if before:
                first = len(result) - len(before)
                paragraph = result[first]
                assert isinstance(paragraph, Paragraph)
                classes = (*paragraph.classes, NEW_PAGE)
                result[first] = Paragraph(paragraph.kind, paragraph.runs, classes)
            else:
                parts[0].classes = (*parts[0].classes, NEW_PAGE)
        result.extend(parts)
    return blocks if result is None else result


def _kept_before(blocks: list[Block], index: int, layout: Layout) -> list[float]:
    """The heights of the paragraphs right before a table that keep with it (captions,
    headings, an attachment's title), back to one that starts a page."""
    heights: list[float] = []
    sheet = layout.sheet
    for before in range(index - 1, -1, -1):
        paragraph = blocks[before]
        if not isinstance(paragraph, Paragraph):
            break
        style = layout.style_of(paragraph)
        if not (sheet.get(style, "keep") or "caption" in paragraph.classes):
            break
        heights.insert(0, _height(paragraph, style, layout))
        if sheet.get(style, "new_page"):
            break
    return heights


def _kept_after(blocks: list[Block], index: int, layout: Layout) -> float:
    """The height of what the writer keeps with a table's last row: its notes, and the
    signature and date when they follow."""
    height = 0.0
    for block in blocks[index + 1 :]:
        if not isinstance(block, Paragraph) or _TRAILING.isdisjoint(block.classes):
            break
        height += _height(block, layout.style_of(block), layout)
    return height


def _height(paragraph: Paragraph, style: str | None, layout: Layout) -> float:
    sheet = layout.sheet
    lines = table_rows.lines(paragraph.text, sheet.size(style), layout.width)
    spacing = _twips(sheet.get(style, "before")) + _twips(sheet.get(style, "after"))
    return lines * sheet.line(style) + spacing


def _twips(value: object) -> int:
    return value if isinstance(value, int) else 0


def _parts(table: Table, layout: Layout, kept: float, trailing: float) -> list[Table] | None:
    """The table's page-sized parts, or None when it fits a page with what keeps with it:
    `kept` above it on its first page, `trailing` below it on its last."""
    measured = table_rows.measure(table, layout)
    if measured is None:
        return None
    count, compact = measured[0], measured[1]
    heights, merged = table_rows.row_heights(table, measured)
    if kept + sum(heights) + trailing <= layout.height:
        return None
    grid = table.grid()
    head = min(table.header_rows, count - 1)
    labels = [_label_only(row) for row in grid]
    opened = _open_groups(grid, labels, head)
    ranges: list[tuple[int, int]] = []
    start, room = head, layout.height - kept
    while start < count:
        repeated = sum(heights[r] for r in opened[start])
        used = sum(heights[:head]) + repeated
        fits: list[tuple[int, float]] = []
        for end in range(start + 1, count + 1):
            used += heights[end - 1]
            height = used + _overrun(merged, heights, start, end)
            if end == count:
                height += trailing
            if height > room and fits:
                break
            fits.append((end, height))
        end = _best_cut(fits, grid, labels, opened, room)
        ranges.append((start, end))
        start, room = end, layout.height
    if len(ranges) == 1:
        return None  # a table the estimate lets fit once its captions move with it
    classes = (*table.classes, COMPACT) if compact else table.classes
    return [
        Table(
            _rows(grid, [*range(head), *opened[a], *range(a, b)]),
            table.widths,
            (*classes, NEW_PAGE) if a > head else classes,  # the first: see paginate()
            head,
        )
        for a, b in ranges
    ]


def _overrun(merged: list[tuple[int, int, float]], heights: list[float], a: int, b: int) -> float:
    """How much taller rows a..b-1 grow for the merged labels set in them (a label restarted
    in a continuation may need more lines than its rows there have)."""
    extra = 0.0
    for first, span, need in merged:
        top, bottom = max(a, first), min(b, first + span)
        if top < bottom:
            extra += max(0.0, need - sum(heights[top:bottom]))
    return extra


def _label_only(row: list[tuple[Cell, bool, bool] | None]) -> bool:
    """A row with no figure in it: a group's label, a caption."""
    return not any(slot and "num" in slot[0].classes and slot[0].text for slot in row)


def _level(row: list[tuple[Cell, bool, bool] | None]) -> int | None:
    """The numbering level of the row's first label of its own (1 for 一、), None unnumbered."""
    text = next((slot[0].text for slot in row if slot and slot[1] and slot[0].text), "")
    return next((n for n, level in enumerate(_LEVELS, 1) if level.match(text)), None)


def _open_groups(grid: Grid, labels: list[bool], head: int) -> list[list[int]]:
    """For each row, the group rows to repeat above it when a part starts there: every
    label-only row (with the unnumbered label-only rows right after it, such as a caption's
    column heads) whose group has not been closed by a row numbered at its level or above. An
    unnumbered group row is the outermost level."""
    opened: list[list[int]] = [[] for _ in range(head)]
    stack: list[tuple[int, list[int]]] = []  # (level, rows)
    previous_label = False
    for r in range(head, len(grid)):
        label, level = labels[r], _level(grid[r])
        if label and previous_label and stack and level is None:
            opened.append([row for _, rows in stack for row in rows if row < r])
            stack[-1][1].append(r)
            continue
        if label or level is not None:
            closing = 0 if level is None else level
            while stack and stack[-1][0] >= closing:
                stack.pop()
        opened.append([row for _, rows in stack for row in rows])
        if label:
            stack.append((0 if level is None else level, [r]))
        previous_label = label
    return opened


def _best_cut(
    fits: list[tuple[int, float]],
    grid: Grid,
    labels: list[bool],
    opened: list[list[int]],
    room: float,
) -> int:
    """Where the part ends: at the table's end if it fits; else between groups if a cut there
    fills the page well enough, and never right after a group's label."""
    if fits[-1][0] == len(grid):
        return len(grid)

    def crossing(end: int) -> int:
        merged = sum(1 for slot in grid[end] if slot and not slot[1] and slot[2])
        return merged + len(opened[end])

    allowed = [fit for fit in fits if not labels[fit[0] - 1]] or fits
    full = [fit for fit in allowed if fit[1] >= LEAST_FILL * room] or allowed
    return min(full, key=lambda fit: (crossing(fit[0]), -fit[0]))[0]


def _rows(grid: Grid, order: list[int]) -> list[list[Cell]]:
    """The rows of the grid in `order` (header rows, repeated group rows, the part's rows) as
    markup rows: a merged cell starts again, with its text, where its rows restart."""
    rows: list[list[Cell]] = []
    for p, r in enumerate(order):
        row: list[Cell] = []
        for c, slot in enumerate(grid[r]):
            if slot is None or not slot[2]:
                continue
            cell = slot[0]
            if p and order[p - 1] == r - 1 and not slot[1]:
                continue  # covered by the same cell from the row above
            span = 1
            while (
                p + span < len(order)
                and order[p + span] == r + span
                and (below := grid[r + span][c]) is not None
                and below[0] is cell
            ):
                span += 1
            row.append(Cell(cell.runs, cell.header, span, cell.colspan, cell.classes))
        rows.append(row)
    return rows
