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

from reportgen.render.markup import Cell, Paragraph, Run, Table, parse
from reportgen.writers import docx_package, table_pages, table_rows
from reportgen.writers.addresses import breakable
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
    "cell_compact": ("TableTextCompact", "Table Text Compact"),
    "label_compact": ("TableLabelCompact", "Table Label Compact"),
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
# Tables with more rows than this are set in the compact table styles (小五): table 三 of the
# 2019 and 2021 formats (25–28 rows) then fits one page with its labels on at most two lines.
COMPACT_ROWS = 20
# The body's closing lines kept on the signature's page: at least three lines of text (a
# paragraph shorter than this many characters is kept whole, with the one before it).
CLOSING_CHARS = 3 * 28
# The start of a styled w:p from _paragraph_xml: keep rules go right after the style (the
# schema's order).
_STYLED = "<w:p><w:pPr><w:pStyle "
_PARAGRAPH_START = re.compile(r"<w:p>(?:<w:pPr>(<w:pStyle [^>]*/>))?")


def render(
    content: str,
    reference: Path,
    fields: Mapping[str, str] | None = None,
    properties: Properties | None = None,
) -> bytes:
    """The .docx bytes for rendered content markup, styled by the `reference` document. Its
    headers and footers may hold placeholders such as ``{agency}``, filled from ``fields``;
    ``properties`` go into docProps/core.xml."""
    package = docx_package.load(reference)
    styles = _resolve_styles(package)
    blocks = table_pages.paginate(parse(content), page_layout(package, styles))
    body = "".join(_blocks_xml(blocks, styles, package.text_width))
    return docx_package.write(package, body, fields or {}, properties)


def page_layout(package: docx_package.Reference, styles: Styles) -> table_pages.Layout:
    """What cutting long tables into pages needs of the reference and of this writer."""
    return table_pages.Layout(
        package,
        styles,
        lambda paragraph: _paragraph_style(paragraph, styles),
        lambda table, count: _column_widths(table.widths, count, package.text_width),
        COMPACT_ROWS,
    )


def _resolve_styles(reference: docx_package.Reference) -> Styles:
    """Role → the reference's style ID (escaped for an attribute), None where it has none."""
    ids, names = reference.style_ids, reference.style_names

    def find(kind: str, style_id: str, name: str) -> str | None:
        found = style_id if (kind, style_id) in ids else names.get((kind, name.lower()))
        return escape(found) if found else None

    resolved = {role: find("paragraph", *pair) for role, pair in PARAGRAPH_STYLES.items()}
    resolved["label"] = resolved["label"] or resolved["cell"]
    resolved["cell_compact"] = resolved["cell_compact"] or resolved["cell"]
    resolved["label_compact"] = resolved["label_compact"] or resolved["label"]
    resolved["table"] = find("table", *TABLE_STYLE)
    return resolved


def _blocks_xml(blocks: list[Paragraph | Table], styles: Styles, width: int) -> Iterator[str]:
    spacer = _paragraph_xml(styles["cell"], [])
    previous_was_table = False
    closing = _closing_lines(blocks)
    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            table = _table_xml(block, styles, width)
            if not table:
                continue
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            # The table's last row keeps with the signature, or with the table's footnote.
            noted = isinstance(following, Paragraph) and "note" in following.classes
            if index in closing or noted:
                last_row = table.rindex("<w:tr>")
                table = table[:last_row] + _keep_paragraphs(table[last_row:])
            # Word joins two adjacent tables into one.
            if table_pages.NEW_PAGE in block.classes:
                yield _page_break(styles)
            elif previous_was_table:
                yield spacer
            yield table
            previous_was_table = True
        else:
            paragraph = _paragraph_xml(_paragraph_style(block, styles), block.runs)
            if table_pages.NEW_PAGE in block.classes:
                paragraph = _with_properties(paragraph, "<w:pageBreakBefore/>")
            yield _keep_with_next(paragraph, closing[index]) if index in closing else paragraph
            previous_was_table = False
    # Word expects a paragraph after a closing table and adds one itself otherwise.
    if previous_was_table:
        yield spacer


def _closing_lines(blocks: list[Paragraph | Table]) -> dict[int, bool]:
    """The body paragraphs kept with the signature that follows them, each mapped to whether
    it is also kept whole: the last one, and the one before it while the kept text is shorter
    than three lines, so that the signature never stands alone on a page."""
    kept: dict[int, bool] = {}
    for index, block in enumerate(blocks):
        if not (isinstance(block, Paragraph) and "signature" in block.classes):
            continue
        chars = 0
        previous = index - 1
        while previous >= 0 and chars < CLOSING_CHARS:
            before = blocks[previous]
            if isinstance(before, Table):
                kept[previous] = False  # its last row keeps with the signature too
                break
            if before.kind != "paragraph" and before.kind not in ("heading1", "heading2"):
                break
            # A heading is one line and already keeps with what follows.
            length = len(before.text) if before.kind == "paragraph" else CLOSING_CHARS // 3
            kept[previous] = chars + length <= CLOSING_CHARS
            chars += length
            previous -= 1
    return kept


def _keep_with_next(paragraph: str, whole: bool = False) -> str:
    """A w:p from _paragraph_xml, kept on the page of the paragraph (or table row) after it."""
    return _with_properties(paragraph, "<w:keepNext/><w:keepLines/>" if whole else "<w:keepNext/>")


def _with_properties(paragraph: str, properties: str) -> str:
    """A w:p from _paragraph_xml with paragraph properties that follow its style."""
    if paragraph.startswith("<w:p><w:pPr>"):
        # Right after the style if there is one (the schema's order; a style ID is escaped, so
        # "/>" ends it), else first.
        styled = paragraph.startswith(_STYLED)
        end = paragraph.index("/>", len(_STYLED)) + 2 if styled else len("<w:p><w:pPr>")
        return paragraph[:end] + properties + paragraph[end:]
    return f"<w:p><w:pPr>{properties}</w:pPr>{paragraph.removeprefix('<w:p>')}"


def _page_break(styles: Styles) -> str:
    """An empty paragraph one point high that starts a page: before a part of a long table
    (writers/table_pages.py), which is a table of its own."""
    style = f'<w:pStyle w:val="{styles["cell"]}"/>' if styles["cell"] else ""
    return (
        f'<w:p><w:pPr>{style}<w:pageBreakBefore/><w:spacing w:before="0" w:after="0" '
        'w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>'
        "</w:pPr></w:p>"
    )


def _paragraph_style(paragraph: Paragraph, styles: Styles) -> str | None:
    if paragraph.kind != "paragraph":
        return styles[paragraph.kind]
    for cls in paragraph.classes:
        if cls in CLASS_ROLES and styles[cls]:
            return styles[cls]
    return None


def _paragraph_xml(style: str | None, runs: list[Run]) -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    if len(runs) == 1:  # most paragraphs, and every table cell with text
        return f"<w:p>{properties}{_run_xml(runs[0])}</w:p>"
    return f"<w:p>{properties}{''.join(_run_xml(run) for run in runs)}</w:p>"


def _run_xml(run: Run) -> str:
    if len(run.text) > _KNOWN_LENGTH:
        return _text_xml(run.text, run.bold)
    # Short texts (table labels, figures) recur in every report of a format: each made once.
    known = _KNOWN_RUNS.get((run.text, run.bold))
    if known is None:
        known = _text_xml(run.text, run.bold)
        if len(_KNOWN_RUNS) < _KNOWN_MAX:
            _KNOWN_RUNS[(run.text, run.bold)] = known
    return known


_KNOWN_RUNS: dict[tuple[str, bool], str] = {}
_KNOWN_LENGTH = 40  # characters: longer texts are prose, seldom repeated
# Runs kept (at most about 0.3 MB): a format's labels and figures fit many times over; the
# few short texts of each report's own (its title, its date) stop adding once it is full.
_KNOWN_MAX = 1024


def _text_xml(text: str, bold: bool) -> str:
    text = _NOT_XML.sub("", text)
    hint = '<w:rFonts w:hint="eastAsia"/>' if _SHARED_PUNCTUATION.search(text) else ""
    text = breakable(text, "\u200b")  # see writers/addresses.py
    bold_xml = "<w:b/><w:bCs/>" if bold else ""
    properties = f"<w:rPr>{hint}{bold_xml}</w:rPr>" if hint or bold_xml else ""
    lines = text.split("\n")
    content = "<w:br/>".join(
        f'<w:t xml:space="preserve">{escape(line, quote=False)}</w:t>' if line else ""
        for line in lines
    )
    return f"<w:r>{properties}{content}</w:r>"


def _table_xml(table: Table, styles: Styles, width: int) -> str:
    """A fixed-layout table spanning the text width; "" for a table without cells. Its XML but
    the cells' text is the same for every table of its shape (table_rows.shape): made once per
    process, then each report's cell texts go into it."""
    key = (table_rows.shape(table), width, *(styles[role] for role in _TABLE_ROLES))
    layout = _LAYOUTS.get(key)
    if layout is None:
        layout = _layout(table, styles, width)
        if sum(map(len, layout[0])) <= _LAYOUT_CHARS:  # a template's huge table: not kept
            if len(_LAYOUTS) >= _LAYOUTS_MAX:  # many formats in one process (the preview)
                del _LAYOUTS[next(iter(_LAYOUTS))]
            _LAYOUTS[key] = layout
    statics, origins = layout
    if not origins:
        return statics[0]
    cells = [cell for row in table.rows for cell in row]
    pieces = [statics[0]]
    for index, static in zip(origins, statics[1:], strict=True):
        runs = cells[index].runs
        if len(runs) == 1:
            pieces.append(_run_xml(runs[0]))
        elif runs:
            pieces += map(_run_xml, runs)
        pieces.append(static)
    return "".join(pieces)


# The styles a table's XML uses, and the XML of each table shape seen: its static pieces and
# the cell (by its place in the table's rows) whose text goes between each two. A batch of one
# format has a few shapes (its tables and their page-sized parts); a bound for the preview.
_TABLE_ROLES = ("table", "cell", "label", "cell_compact", "label_compact")
_LAYOUTS: dict[tuple[object, ...], tuple[list[str], list[int]]] = {}
_LAYOUTS_MAX = 64
_LAYOUT_CHARS = 1_000_000  # of a table's XML kept (the statistics tables': 10-60 thousand)


def _layout(table: Table, styles: Styles, width: int) -> tuple[list[str], list[int]]:
    """The table's XML in pieces around its cells' text (empty pieces when it has no cells),
    and the index of the cell, among all the rows' cells in order, that goes after each piece
    but the last."""
    grid = table.grid()
    if not grid:
        return [""], []
    widths = _column_widths(table.widths, len(grid[0]), width)
    style = styles["table"]
    properties = (
        (f'<w:tblStyle w:val="{style}"/>' if style else "")
        + f'<w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
        + ("" if style else f"<w:tblBorders>{_BORDERS}</w:tblBorders>")
        + '<w:tblLayout w:type="fixed"/>'
    )
    columns = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    if len(grid) > COMPACT_ROWS or table_pages.COMPACT in table.classes:
        styles = {**styles, "cell": styles["cell_compact"], "label": styles["label_compact"]}
    index = {id(cell): number for number, cell in enumerate(c for row in table.rows for c in row)}
    statics: list[str] = []
    origins: list[int] = []
    pending = [f"<w:tbl><w:tblPr>{properties}</w:tblPr><w:tblGrid>{columns}</w:tblGrid>"]
    for r, row in enumerate(grid):
        flags = "<w:cantSplit/><w:tblHeader/>" if r < table.header_rows else "<w:cantSplit/>"
        below = grid[r + 1] if r + 1 < len(grid) else None
        pending.append(f"<w:tr><w:trPr>{flags}</w:trPr>")
        c = 0
        while c < len(row):
            slot = row[c]
            span = _span(row, c)
            merge = _vertical_merge(slot, below[c] if below else None)
            # Every row but the last keeps with the next: the table stays on one page (Word and
            # WPS move it whole to the next page when it does not fit what is left). A table
            # taller than a page comes here as parts that each fit one (writers/table_pages.py).
            before, after = _cell_ends(
                slot, sum(widths[c : c + span]), span, merge, styles, below is not None
            )
            pending.append(before)
            if slot and slot[1]:  # the origin row of its cell: the text goes here
                statics.append("".join(pending))
                origins.append(index[id(slot[0])])
                pending = []
            pending.append(after)
            c += span
        pending.append("</w:tr>")
    pending.append("</w:tbl>")
    statics.append("".join(pending))
    return statics, origins


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


def _keep_paragraphs(xml: str) -> str:
    """Table XML from _table_xml (the part that holds the paragraphs of its last row, which
    have no keep rules yet) with every paragraph kept with the next."""
    return _PARAGRAPH_START.sub(
        lambda match: (
            f"<w:p><w:pPr>{match.group(1)}<w:keepNext/>"
            if match.group(1)
            else "<w:p><w:pPr><w:keepNext/></w:pPr>"
        ),
        xml,
    )


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


def _cell_ends(
    slot: Slot, width: int, span: int, merge: str, styles: Styles, keep: bool
) -> tuple[str, str]:
    """One w:tc, before and after its text; positions covered from above repeat the origin's
    style with no text, and positions no cell reaches (a short row) get an empty cell. `keep`:
    its paragraph keeps with the next row."""
    label = slot is not None and not LABEL_CLASSES.isdisjoint(slot[0].classes)
    paragraph = _paragraph_xml(styles["label"] if label else styles["cell"], [])
    if keep:
        paragraph = _keep_with_next(paragraph)
    grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    before = (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}{merge}'
        f'<w:vAlign w:val="center"/></w:tcPr>{paragraph.removesuffix("</w:p>")}'
    )
    return before, "</w:p></w:tc>"
