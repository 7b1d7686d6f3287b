"""The .docx writer: content markup → a Word document styled by a reference document.

The reference document (templates/base/reference.docx or an office's own copy) supplies the page
setup, footers and named styles; this writer only says which style each block takes. Blocks map
to styles by ID, falling back to the style's name: Word writes localised IDs ("1" for
heading 1 in Chinese Word) but keeps built-in names in English.

The body is written as XML text straight from the content's blocks and zipped with the
reference's other parts, which are read once per process (writers/docx_package.py). Nothing
here imports python-docx: it is for reading .docx files (tests, tools), not for writing them.
"""

from __future__ import annotations

import re
from html import escape  # not xml.sax.saxutils: that imports urllib.request (14 ms)
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.markup import Cell, Paragraph, Run, Table, parse
from reportgen.writers import docx_package
from reportgen.writers.docx_package import Properties

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

# Role → (style ID in the built-in reference document, style name). Paragraphs without a role
# (and roles the reference lacks) take the default paragraph style, Normal.
PARAGRAPH_STYLES = {
    "title": ("Title", "Title"),
    "heading1": ("Heading1", "heading 1"),
    "heading2": ("Heading2", "heading 2"),
    "signature": ("Signature", "Signature"),
    "date": ("Date", "Date"),
    "attachment": ("Attachment", "Attachment"),
    "note": ("Note", "Note"),
    "noindent": ("BodyNoIndent", "Body No Indent"),
    "subtitle": ("Subtitle", "Subtitle"),
    "cell": ("TableText", "Table Text"),
    "label": ("TableLabel", "Table Label"),
}
TABLE_STYLE = ("ReportTable", "Report Table")
CLASS_ROLES = ("signature", "date", "attachment", "note", "noindent", "subtitle")
LABEL_CLASSES = frozenset({"label", "caption"})

Styles = dict[str, str | None]  # role → style ID in the reference document, None for the default
Slot = tuple[Cell, bool, bool] | None  # a grid position: see markup.Table.grid()

# Used only when the reference has no table style for reports: a table without rules is
# unreadable.
_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)
# Characters XML 1.0 cannot carry; a stray one in the year file would otherwise abort the build
# with a parser error about the generated XML.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Punctuation that Word sets in the Latin font unless the run is hinted East Asian (ECMA-376
# §17.3.2.26): “ ” ‘ ’ — … · × would otherwise come out as narrow Times New Roman glyphs.
_SHARED_PUNCTUATION = re.compile("[\u00a1-\u00ff\u2000-\u2bff]")


def render(
    content: str,
    reference: Path,
    fields: Mapping[str, str] | None = None,
    properties: Properties | None = None,
) -> bytes:
    """The .docx bytes for rendered content markup, styled by the `reference` document. Its
    headers and footers may hold placeholders such as ``{agency}``, filled from ``fields``;
    ``properties`` go into docProps/core.xml."""
    blocks = parse(content)
    package = docx_package.load(reference)
    styles = _resolve_styles(package)
    body = "".join(_blocks_xml(blocks, styles, package.text_width))
    return docx_package.write(package, body, fields or {}, properties)


def _resolve_styles(reference: docx_package.Reference) -> Styles:
    """Role → the reference's style ID (escaped for an attribute), None where it has none."""
    ids, names = reference.style_ids, reference.style_names

    def find(kind: str, style_id: str, name: str) -> str | None:
        found = style_id if (kind, style_id) in ids else names.get((kind, name.lower()))
        return escape(found) if found else None

    resolved = {role: find("paragraph", *pair) for role, pair in PARAGRAPH_STYLES.items()}
    resolved["label"] = resolved["label"] or resolved["cell"]
    resolved["table"] = find("table", *TABLE_STYLE)
    return resolved


def _blocks_xml(blocks: list[Paragraph | Table], styles: Styles, width: int) -> Iterator[str]:
    spacer = _paragraph_xml(styles["cell"], [])
    previous_was_table = False
    for block in blocks:
        if isinstance(block, Table):
            table = _table_xml(block, styles, width)
            if not table:
                continue
            # Word joins two adjacent tables into one.
            if previous_was_table:
                yield spacer
            yield table
            previous_was_table = True
        else:
            yield _paragraph_xml(_paragraph_style(block, styles), block.runs)
            previous_was_table = False
    # Word expects a paragraph after a closing table and adds one itself otherwise.
    if previous_was_table:
        yield spacer


def _paragraph_style(paragraph: Paragraph, styles: Styles) -> str | None:
    if paragraph.kind != "paragraph":
        return styles[paragraph.kind]
    for cls in paragraph.classes:
        if cls in CLASS_ROLES and styles[cls]:
            return styles[cls]
    return None


def _paragraph_xml(style: str | None, runs: list[Run]) -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{properties}{''.join(_run_xml(run) for run in runs)}</w:p>"


def _run_xml(run: Run) -> str:
    text = _NOT_XML.sub("", run.text)
    hint = '<w:rFonts w:hint="eastAsia"/>' if _SHARED_PUNCTUATION.search(text) else ""
    bold = "<w:b/><w:bCs/>" if run.bold else ""
    properties = f"<w:rPr>{hint}{bold}</w:rPr>" if hint or bold else ""
    lines = text.split("\n")
    content = "<w:br/>".join(
        f'<w:t xml:space="preserve">{escape(line, quote=False)}</w:t>' if line else ""
        for line in lines
    )
    return f"<w:r>{properties}{content}</w:r>"


def _table_xml(table: Table, styles: Styles, width: int) -> str:
    """A fixed-layout table spanning the text width; "" for a table without cells."""
    grid = table.grid()
    if not grid:
        return ""
    widths = _column_widths(table.widths, len(grid[0]), width)
    style = styles["table"]
    properties = (
        (f'<w:tblStyle w:val="{style}"/>' if style else "")
        + f'<w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
        + ("" if style else f"<w:tblBorders>{_BORDERS}</w:tblBorders>")
        + '<w:tblLayout w:type="fixed"/>'
    )
    columns = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    rows = "".join(
        _row_xml(grid, r, r < table.header_rows, widths, styles) for r in range(len(grid))
    )
    return f"<w:tbl><w:tblPr>{properties}</w:tblPr><w:tblGrid>{columns}</w:tblGrid>{rows}</w:tbl>"


def _column_widths(percents: list[float], count: int, total: int) -> list[int]:
    """Grid column widths in twips summing exactly to `total`.

    Columns without a positive width share what the others leave of 100 % (or, with nothing
    left, take their average); with no width given at all, columns are equal.
    """
    given = [max(p, 0.0) for p in percents[:count]] + [0.0] * (count - len(percents))
    known = [p for p in given if p > 0]
    if not known:
        given = [1.0] * count
    elif len(known) < count:
        left = 100.0 - sum(known)
        share = left / (count - len(known)) if left > 0 else sum(known) / len(known)
        given = [p or share for p in given]
    scale = total / sum(given)
    edges = [round(sum(given[:i]) * scale) for i in range(count + 1)]
    return [edges[i + 1] - edges[i] for i in range(count)]


def _row_xml(
    grid: list[list[Slot]], r: int, header: bool, widths: list[int], styles: Styles
) -> str:
    row = grid[r]
    below = grid[r + 1] if r + 1 < len(grid) else None
    cells: list[str] = []
    c = 0
    while c < len(row):
        span = _span(row, c)
        merge = _vertical_merge(row[c], below[c] if below else None)
        cells.append(_cell_xml(row[c], sum(widths[c : c + span]), span, merge, styles))
        c += span
    flags = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
    return f"<w:tr><w:trPr>{flags}</w:trPr>{''.join(cells)}</w:tr>"


def _span(row: list[Slot], c: int) -> int:
    """How many grid columns the cell at column `c` covers."""
    slot = row[c]
    span = 1
    while slot and c + span < len(row) and (following := row[c + span]) and following[0] is slot[0]:
        span += 1
    return span


def _vertical_merge(slot: Slot, below: Slot) -> str:
    if slot is None:
        return ""
    if not slot[1]:
        return "<w:vMerge/>"
    return '<w:vMerge w:val="restart"/>' if below and below[0] is slot[0] else ""


def _cell_xml(slot: Slot, width: int, span: int, merge: str, styles: Styles) -> str:
    """One w:tc; positions covered from above repeat the origin's style with no text, and
    positions no cell reaches (a short row) get an empty cell."""
    label = slot is not None and not LABEL_CLASSES.isdisjoint(slot[0].classes)
    style = styles["label"] if label else styles["cell"]
    runs = slot[0].runs if slot and slot[1] else []
    grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}{merge}'
        f'<w:vAlign w:val="center"/></w:tcPr>{_paragraph_xml(style, runs)}</w:tc>'
    )
