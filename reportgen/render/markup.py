"""The content markup: the small HTML subset that templates produce and writers consume.

Templates render a report's content once, as this markup; the HTML writer wraps it in a page,
the .docx writer maps each block to a named style of the reference document. Keeping the
vocabulary small is what lets both writers render everything a template can say:

- ``<h1>`` title, ``<h2>`` 一、 heading, ``<h3>`` （一） heading, ``<p>`` paragraph;
- a ``class`` on a block names its role (``signature``, ``date``, ``attachment``, ``note``…);
  the .docx writer looks up a paragraph style for it;
- ``<table>`` with optional ``<colgroup><col style="width: N%">``, ``<thead>``/``<tbody>``,
  ``<tr>``, ``<th>``/``<td>`` with ``rowspan``/``colspan`` and classes (``num``, ``label``,
  ``caption``);
- inside blocks and cells: text, ``<br>``, ``<strong>``, ``<span>`` (its class is kept).

Anything else is a template error, reported with the tag and its line in the rendered markup.
"""

from __future__ import annotations

import re
from html import unescape

from reportgen.errors import MarkupError

BLOCK_KINDS = {"h1": "title", "h2": "heading1", "h3": "heading2", "p": "paragraph"}
INLINE_TAGS = {"strong", "b", "span"}
IGNORED_CONTAINERS = {"section", "div", "header", "footer", "article", "main"}
_WIDTH = re.compile(r"width:\s*([0-9.]+)%")
# A tag (with its attributes, quoted values may hold ">"), a comment or a declaration. Markup
# is read with these two expressions rather than html.parser, which took a fifth of the time
# of a whole build; "<" starting no tag is text, as html.parser has it. First, a whole table
# cell with nothing but text in it (most of a report's tags): its name, attributes and text,
# read as one match instead of three (the same tags: a start tag that is not empty, then
# "</td>" or "</th>"). An attribute's name is possessive (++): a run of letters is never tried
# as several names, which took time exponential in its length where no tag ended.
_TAG = re.compile(
    r"""<(?:(t[dh])(?=[\s/>])((?:\s*[^\s"'>/=]++(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)"""
    r"""\s*>([^<]*)</t[dh]>|!--.*?-->|![^>]*>|(/?)([A-Za-z][^\s/>]*)"""
    r"""((?:\s*[^\s"'>/=]++(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*(/?)>)""",
    re.DOTALL,
)
_LINE_BREAK = re.compile(r"\s*\n\s*")  # in the markup's source, not in the text
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


class _Record:
    """Plain classes with slots rather than dataclasses: every build creates these classes, and
    a dataclass costs about half a millisecond of start-up each (its methods are compiled at
    import). Equality and repr from the slots, as a dataclass has them."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(
            getattr(self, name) == getattr(other, name) for name in self.__slots__
        )

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


class Run(_Record):
    __slots__ = ("bold", "text")

    def __init__(self, text: str, bold: bool = False) -> None:
        self.text = text
        self.bold = bold


class Paragraph(_Record):
    __slots__ = ("classes", "kind", "runs")

    def __init__(
        self, kind: str, runs: list[Run] | None = None, classes: tuple[str, ...] = ()
    ) -> None:
        self.kind = kind  # title | heading1 | heading2 | paragraph
        self.runs = [] if runs is None else runs
        self.classes = classes

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


class Cell(_Record):
    __slots__ = ("classes", "colspan", "header", "rowspan", "runs")

    def __init__(
        self,
        runs: list[Run] | None = None,
        header: bool = False,
        rowspan: int = 1,
        colspan: int = 1,
        classes: tuple[str, ...] = (),
    ) -> None:
        self.runs = [] if runs is None else runs
        self.header = header
        self.rowspan = rowspan
        self.colspan = colspan
        self.classes = classes

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


class Table(_Record):
    __slots__ = ("classes", "header_rows", "rows", "widths")

    def __init__(
        self,
        rows: list[list[Cell]] | None = None,
        widths: list[float] | None = None,
        classes: tuple[str, ...] = (),
        header_rows: int = 0,
    ) -> None:
        self.rows = [] if rows is None else rows
        self.widths = [] if widths is None else widths  # percent of the text width, per column
        self.classes = classes
        self.header_rows = header_rows  # rows inside <thead>: repeated on each page

    def grid(self) -> list[list[tuple[Cell, bool, bool] | None]]:
        """Each grid position: (cell, is_origin_row, is_origin_col), None where nothing is."""
        occupied: dict[tuple[int, int], tuple[Cell, bool, bool]] = {}
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in occupied:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        occupied[(r + dr, c + dc)] = (cell, dr == 0, dc == 0)
                c += cell.colspan
        if not occupied:
            return []
        height = max(r for r, _ in occupied) + 1
        width = max(c for _, c in occupied) + 1
        return [[occupied.get((r, c)) for c in range(width)] for r in range(height)]


Block = Paragraph | Table


class _Parser:
    def __init__(self, content: str) -> None:
        self.content = content
        self.position = 0  # of the tag or text being handled, for the line of an error
        self.blocks: list[Block] = []
        self.table: Table | None = None
        self.in_thead = False
        self.row: list[Cell] | None = None
        self.target: Paragraph | Cell | None = None
        self.bold = 0

    def fail(self, message: str) -> None:
        raise MarkupError(message, self.content.count("\n", 0, self.position) + 1)

    def handle_starttag(self, tag: str, attributes: _Attributes) -> None:
        # Cells and rows first: they are most of the tags of a report.
        if tag in ("td", "th"):
            if self.row is None:
                self.fail(f"<{tag}> outside <tr>")
            self.target = Cell(
                header=tag == "th",
                rowspan=attributes.rowspan,
                colspan=attributes.colspan,
                classes=attributes.classes,
            )
        elif tag == "tr":
            self._require_table(tag)
            self.row = []
        elif tag in BLOCK_KINDS:
            if self.target is not None or self.table is not None:
                self.fail(f"<{tag}> inside another block")
            self.target = Paragraph(BLOCK_KINDS[tag], classes=attributes.classes)
        elif tag == "br":
            self._append_text("\n")
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag == "span" or tag in IGNORED_CONTAINERS:
            pass
        elif tag == "table":
            if self.table is not None or self.target is not None:
                self.fail("<table> inside another block")
            self.table = Table(classes=attributes.classes)
        elif tag in ("colgroup", "tbody"):
            self._require_table(tag)
        elif tag == "thead":
            self._require_table(tag)
            self.in_thead = True
        elif tag == "col":
            table = self._require_table(tag)
            match = _WIDTH.search(attributes.values.get("style", ""))
            table.widths.append(float(match.group(1)) if match else 0.0)
        else:
            self.fail(f"tag <{tag}> is not part of the content markup")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            if isinstance(self.target, Cell) and self.row is not None:
                self.row.append(self.target)
                self.target = None
        elif tag == "tr":
            if self.table is not None and self.row is not None:
                self.table.rows.append(self.row)
                if self.in_thead:
                    self.table.header_rows += 1
                self.row = None
        elif tag in BLOCK_KINDS:
            if isinstance(self.target, Paragraph):
                self.blocks.append(self.target)
                self.target = None
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag == "thead":
            self.in_thead = False
        elif tag == "table" and self.table is not None:
            self.blocks.append(self.table)
            self.table = None

    def handle_text(self, text: str) -> None:
        """Text between tags, its character references (``&amp;``, ``&#12288;``) resolved."""
        if "&" in text:
            text = unescape(text)
        if self.target is None:
            if text.strip():
                self.fail(f"text outside a block: {text.strip()[:20]!r}")
            return
        self._append_text(_LINE_BREAK.sub("", text) if "\n" in text else text)

    def _append_text(self, text: str) -> None:
        if self.target is None or not text:
            return
        runs = self.target.runs
        bold = self.bold > 0
        if runs and runs[-1].bold == bold:
            runs[-1].text += text
        else:
            runs.append(Run(text, bold))

    def _require_table(self, tag: str) -> Table:
        if self.table is None:
            self.fail(f"<{tag}> outside <table>")
        assert self.table is not None
        return self.table


def _span(value: str | None) -> int:
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        return 1


def parse(content: str) -> list[Block]:
    """Parse rendered content markup into blocks; raises MarkupError on anything unknown."""
    parser = _Parser(content)
    # Bound once: the loop runs for each of a report's ~800 tags.
    text, start_tag, end_tag = parser.handle_text, parser.handle_starttag, parser.handle_endtag
    done = 0  # where the text not yet handled starts
    for match in _TAG.finditer(content):
        start, end = match.span()
        # Text before the tag, unless only the line break between two blocks or rows.
        if start > done and (parser.target is not None or not content[done:start].isspace()):
            parser.position = done
            text(content[done:start])
        done = end
        cell, cell_attributes, cell_text, closing, tag, attributes, empty = match.groups()
        parser.position = start
        if cell:  # as start_tag, text and end_tag would handle it, without a call each
            if parser.row is None:
                parser.fail(f"<{cell}> outside <tr>")
            seen = _seen(cell_attributes) if cell_attributes else _NO_ATTRIBUTES
            if "&" in cell_text:
                cell_text = unescape(cell_text)
            if "\n" in cell_text:
                cell_text = _LINE_BREAK.sub("", cell_text)
            runs = [Run(cell_text, parser.bold > 0)] if cell_text else []
            parser.target = None
            parser.row.append(Cell(runs, cell == "th", seen.rowspan, seen.colspan, seen.classes))
            continue
        if tag is None:  # a comment or a declaration
            continue
        tag = tag.lower()
        if closing:
            end_tag(tag)
            continue
        start_tag(tag, _seen(attributes) if attributes else _NO_ATTRIBUTES)
        if empty:
            end_tag(tag)
    parser.position = done
    if done < len(content):
        text(content[done:])
    return parser.blocks


class _Attributes:
    """A tag's attributes (see _attributes), with what the parser reads of them worked out."""

    __slots__ = ("classes", "colspan", "rowspan", "values")

    def __init__(
        self,
        values: dict[str, str],
        classes: tuple[str, ...] = (),
        rowspan: int = 1,
        colspan: int = 1,
    ) -> None:
        self.values = values
        self.classes = classes
        self.rowspan = rowspan
        self.colspan = colspan


_NO_ATTRIBUTES = _Attributes({})

# Attribute texts already read: a format's reports repeat the same ones (a cell's class and
# data-key), so a batch reads each once. Bounded: a template could write endless new ones.
_SEEN: dict[str, _Attributes] = {}
_SEEN_MAX = 4096


def _seen(raw: str) -> _Attributes:
    found = _SEEN.get(raw)
    if found is None:
        values = {name: value or "" for name, value in _attributes(raw)}
        found = _Attributes(
            values,
            tuple(values.get("class", "").split()),
            _span(values.get("rowspan")),
            _span(values.get("colspan")),
        )
        if len(_SEEN) < _SEEN_MAX:
            _SEEN[raw] = found
    return found


def _attributes(raw: str) -> list[tuple[str, str | None]]:
    """A tag's attributes as html.parser gives them: names in lower case, values with their
    character references resolved, None for an attribute without a value."""
    found: list[tuple[str, str | None]] = []
    for match in _ATTRIBUTE.finditer(raw):
        name, double, single, bare = match.groups()
        value = double if double is not None else single if single is not None else bare
        found.append((name.lower(), unescape(value) if value and "&" in value else value))
    return found
