"""Reading the report's tables against the format description's rows and columns.

Each body row of a described table is looked for among the document's rows: its label (the
label cells covering it, as printed: a label merged over rows may be printed once, above) must
be the printed label, after normalisation, and the row must carry as many cells after the
label as the description has value cells. Values are read by their cell type. Nothing is
guessed: a row whose label matches several described rows, or none, is reported, not placed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

from reportgen.formats.description import Format, RowSpec, TableSpec
from reportgen.formats.specs import per_format
from reportgen.importers.document import Block
from reportgen.importers.normalise import bare, norm

_NUMBER = re.compile(r"^[+\-−]?\d+(?:\.\d+)?$")
_BLANKS = {"", "-", "—", "－", "/", "／", "——"}
# A figure printed with its unit inside the cell: 251000元, 3.5万元, 4件
_WITH_UNIT = re.compile(r"^([+\-−]?\d+(?:\.\d+)?)(万元|亿元|元|件|条|个|次|项|人|家|篇|期|场)$")
_FOOTNOTE = re.compile(r"^注\s*(\d+)\s*[:：]\s*(.+)$")
_POINTER = re.compile(r"^(.*?)\(?见?注(\d+)\)?$")
NUMERIC_CHARS = 40  # a longer cell is words, not a figure (even one pointing at a note)
LINES_ABOVE = 3  # label lines above a row of figures that may belong to it
FUZZY = 0.85  # how alike a label must be, when not the same after normalisation
UNMATCHED = "unmatched"  # left_out detail: a row of figures like no row of the table


@dataclass
class Placed:
    """What the tables gave: values by key, and what could not be placed for certain."""

    values: dict[str, object] = field(default_factory=dict)
    printed: dict[str, str] = field(default_factory=dict)  # key → the cell text as printed
    rows: dict[str, str] = field(default_factory=dict)  # table.row → its label as printed
    left_out: list[tuple[str, str, str]] = field(default_factory=list)  # table, row, detail
    missing_rows: list[tuple[str, str]] = field(default_factory=list)  # table id, row label
    used: set[int] = field(default_factory=set)  # indexes of the blocks read as table rows

    def merge(self, other: Placed) -> None:
        """Take what ``other`` placed (a table read on its own)."""
        self.values.update(other.values)
        self.printed.update(other.printed)
        self.rows.update(other.rows)
        self.left_out += other.left_out
        self.missing_rows += other.missing_rows
        self.used |= other.used


@dataclass(frozen=True)
class _Row:
    spec: RowSpec
    keys: tuple[str, ...]
    types: tuple[str, ...]
    own: str  # the row's own label cells
    full: str  # every label cell covering the row
    units: tuple[str, ...]


Shape = tuple[int, tuple[str, ...], bool]  # values, units, a label or none: splits a block


class _Described(NamedTuple):
    """A table's rows of figures as :func:`read_table` looks for them."""

    rows: list[_Row]
    labels: dict[str, set[int]]  # each row's own label, normalised → the rows printing it
    shapes: dict[Shape, list[int]]  # rows of one shape, which split a block alike
    shape_of: list[Shape]  # each row's shape


def described_rows(fmt: Format, table: TableSpec) -> list[_Row]:
    return _described(fmt, table).rows


@per_format
def _described(fmt: Format, table: TableSpec) -> _Described:
    """A table's described rows, by format and table (the format gives each value's type):
    every import reads each table once or twice."""
    rows = _described_rows(fmt, table)
    labels: dict[str, set[int]] = {}
    shapes: dict[Shape, list[int]] = {}
    shape_of = []
    for number, described in enumerate(rows):
        labels.setdefault(norm(described.own), set()).add(number)
        shape = (len(described.keys), described.units, bool(described.own))
        shapes.setdefault(shape, []).append(number)
        shape_of.append(shape)
    return _Described(rows, labels, shapes, shape_of)


def _described_rows(fmt: Format, table: TableSpec) -> list[_Row]:
    rows = []
    for spec in table.rows:
        keys = tuple(dict.fromkeys(cell.key for cell in spec.cells if cell.key))
        if spec.role != "data" or not keys:
            continue
        types = tuple(fmt.values[key].type for key in keys)
        labels = [c.text for c in spec.cells if c.text and "unit" not in c.classes]
        units = tuple(c.text for c in spec.cells if c.text and "unit" in c.classes)
        rows.append(_Row(spec, keys, types, " ".join(labels), spec.label, units))
    return rows


def footnotes(blocks: list[Block]) -> dict[str, str]:
    """The report's table notes ("注1：…") by number, for cells that point at them."""
    found: dict[str, str] = {}
    for block in blocks:
        match = _FOOTNOTE.match(block.text)
        if match and (block.cells is None or block.loose):
            found.setdefault(match.group(1), match.group(2).strip())
    return found


def read_table(
    fmt: Format,
    table: TableSpec,
    blocks: list[Block],
    region: range,
    placed: Placed,
    notes: dict[str, str] | None = None,
    bounded: bool = True,
) -> None:
    """Place the rows of ``table`` found among ``blocks[region]``. ``bounded``: the region is
    the table's own section, so a row of figures in it that matches no row is reported (in a
    whole document, only rows of real tables are)."""
    described_table = _described(fmt, table)
    rows = described_table.rows
    found: set[int] = set()
    pointer = 0
    pieces = [
        (index, piece)
        for index in region
        if index not in placed.used and blocks[index].cells is not None
        for piece in _rows(blocks[index], table.column_count)
    ]
    # Lines of copied text without figures just above: labels the copy broke off their row
    # (a label merged over rows, or one too long for a line).
    above: list[str] = []
    for index, block in pieces:
        figures = sum(_numeric(cell) for cell in block.cells or ())
        if not figures:  # no row without a figure is read: a label, a header or prose
            above = [*above, block.text] if block.loose else []
            continue
        candidates = _candidates(block, described_table)
        for count in range(1, min(len(above), LINES_ABOVE) + 1):
            if candidates or not block.loose:
                break
            joined = ("".join(above[-count:]), *(block.cells or ()))
            candidates = _candidates(replace(block, cells=joined), described_table)
        if not candidates:
            above = []
            if figures >= 2 and (bounded or not block.loose):
                placed.left_out.append((table.id, block.text, UNMATCHED))
            continue
        above = []
        best = max(strength for strength, _, _ in candidates)
        candidates = [c for c in candidates if c[0] == best]
        fresh = [c for c in candidates if c[1] not in found]
        ahead = [c for c in fresh if c[1] >= pointer]
        if best == 1 and len(fresh) > 1:
            chosen = None  # a wording variant alike several rows: not guessed
        else:
            chosen = ahead[0] if ahead else fresh[0] if len(fresh) == 1 else None
        if chosen is None:
            placed.left_out.append((table.id, block.text, "ambiguous"))
            continue
        _, number, (label, cells) = chosen
        described = rows[number]
        found.add(number)
        pointer = number + 1
        placed.used.add(index)
        placed.rows[f"{table.id}.{described.spec.key}"] = label
        remark = _remark(label, described)
        for key, kind, text in zip(described.keys, described.types, cells, strict=True):
            value = parse_value(text, kind, notes or {})
            if value is None:
                if text.strip() not in _BLANKS:
                    placed.left_out.append((table.id, label or described.full, text))
                continue
            if remark and len(described.keys) == 1 and not isinstance(value, dict):
                value = {"value": value, "note": remark}  # printed after the label: a footnote
            placed.values[key] = value
            placed.printed[key] = text
    for number, described in enumerate(rows):
        if number not in found:
            placed.missing_rows.append((table.id, described.full))


def _candidates(block: Block, table: _Described) -> list[tuple[int, int, tuple[str, list[str]]]]:
    """(strength, row number, (label, value cells)) for each described row the block may be."""
    rows = table.rows
    # Rows of one shape split a block alike: split once per shape, not per row.
    shaped = {shape: _split(block, rows[numbers[0]]) for shape, numbers in table.shapes.items()}
    # The common case first: the printed label is a row's own label, character for character
    # after normalisation (looked up, not compared row by row).
    same = sorted(
        (2, number, split)
        for shape, split in shaped.items()
        if split is not None
        for number in table.labels.get(norm(split[0]), ())
        if table.shape_of[number] == shape
    )
    if same:
        return same
    splits = [(number, shaped[shape]) for number, shape in enumerate(table.shape_of)]
    candidates = [
        (2, number, split)
        for number, split in splits
        if split is not None and _label_match(split[0], rows[number], fuzzy=False)
    ]
    if candidates:
        return candidates
    return [  # no label is the same: look for one alike enough (a wording variant)
        (1, number, split)
        for number, split in splits
        if split is not None and _label_match(split[0], rows[number], fuzzy=True)
    ]


def _rows(block: Block, width: int) -> list[Block]:
    """A block's rows: itself, or a flat run of cells cut into rows of the table's width."""
    if not block.flat or not width or len(block.cells or ()) % width:
        return [block]
    cells = block.cells or ()
    return [
        Block(" ".join(cells[start : start + width]), cells[start : start + width])
        for start in range(0, len(cells), width)
    ]


def _split(block: Block, described: _Row) -> tuple[str, list[str]] | None:
    """The row's printed label and its value cells, if it has the described number of them."""
    cells = [cell for cell in (block.cells or ()) if cell or block.tabbed or not block.loose]
    split = _split_cells(cells, described)
    while split is None and cells and not cells[-1].strip():
        cells = cells[:-1]  # blank cells a site adds after a value spanning several columns
        split = _split_cells(cells, described)
    return split


def _split_cells(cells: list[str], described: _Row) -> tuple[str, list[str]] | None:
    count = len(described.keys)
    if len(cells) < count:
        return None
    values = cells[len(cells) - count :]
    labels = cells[: len(cells) - count]
    if labels and described.units and norm(labels[-1]) in {norm(u) for u in described.units}:
        labels = labels[:-1]
    if not any(_numeric(value) for value in values):
        return None
    if not described.own and not all(_numeric(v) or v.strip() in _BLANKS for v in values):
        return None  # a row without a label (四、复议诉讼) is figures only
    return "".join(labels), values


@lru_cache(maxsize=4096)
def _numeric(text: str) -> bool:
    if len(text) > NUMERIC_CHARS:
        return False
    compact = unicodedata.normalize("NFKC", re.sub(r"[\s,，]", "", text))
    pointer = _POINTER.match(compact) if "注" in compact else None
    if pointer and pointer.group(1):
        compact = pointer.group(1)
    return bool(_NUMBER.match(compact) or _WITH_UNIT.match(compact))


def _label_match(label: str, described: _Row, fuzzy: bool) -> bool:
    """Whether the printed label is the described one (or its last parts); with ``fuzzy``,
    whether it is alike enough to be a wording variant."""
    printed, full, own = norm(label), norm(described.full), norm(described.own)
    if printed == own or (printed and full.endswith(printed) and len(printed) >= len(own)):
        return not fuzzy
    if not printed or not own:
        return False
    if _remark(label, described):
        return not fuzzy
    if bare(printed) == bare(own) or (bare(printed).endswith(bare(own)) and bare(own)):
        return not fuzzy
    return fuzzy and (_alike(bare(printed), bare(own)) or _alike(printed, full))


def _alike(a: str, b: str) -> bool:
    matcher = SequenceMatcher(None, a, b)
    return (
        matcher.real_quick_ratio() >= FUZZY
        and matcher.quick_ratio() >= FUZZY
        and (matcher.ratio() >= FUZZY)
    )


def _remark(label: str, described: _Row) -> str:
    """A remark printed in brackets after the row's own label ("新闻发布会总次数（依托行风热线
    …）"), which the year file keeps as the cell's note; "" when there is none."""
    own = norm(described.own)
    printed = norm(label)
    if not own or not printed.startswith(own) or len(printed) <= len(own) + 2:
        return ""
    rest = printed[len(own) :]
    if not (rest.startswith("(") and rest.endswith(")")):
        return ""
    text = label.strip()
    for opening in ("（", "("):
        position = text.rfind(opening)
        if position > 0:
            return text[position + 1 : -1].strip()
    return ""


def parse_value(text: str, kind: str, notes: dict[str, str] | None = None) -> object | None:
    """A printed cell as a year-file value: a number of the cell's type, an amount with its
    unit, or words kept as a note (a pointer to a table note, 见注1 or 10（注1）, gives the
    note's text); None for a blank cell."""
    if len(text) <= NUMERIC_CHARS and text.isdigit() and text.isascii():
        return int(text)  # most cells: what the rest makes of plain digits, of every type
    compact = re.sub(r"[\s,，]", "", text).replace("−", "-")
    if compact in _BLANKS:
        return None
    pointer = _POINTER.match(unicodedata.normalize("NFKC", compact))
    if pointer and notes and pointer.group(2) in notes:
        note = notes[pointer.group(2)]
        if not pointer.group(1):
            return {"note": note}
        value = parse_value(pointer.group(1), kind)
        if isinstance(value, dict):
            return None
        return None if value is None else {"value": value, "note": note}
    unit = ""
    with_unit = _WITH_UNIT.match(compact)
    if with_unit:
        compact, unit = with_unit.groups()
    if _NUMBER.match(compact):
        if kind == "amount":
            try:
                amount = Decimal(compact)
            except InvalidOperation:
                return None
            if amount < 0:
                return {"note": text.strip()}
            number: object = int(amount) if amount == amount.to_integral() else amount
            return {"value": number, "unit": unit} if unit.endswith("元") else number
        if "." in compact or (kind == "count" and compact.startswith("-")):
            return {"note": text.strip()}
        return int(compact)
    return {"note": text.strip()}
