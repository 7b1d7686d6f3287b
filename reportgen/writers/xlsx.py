"""The aggregation as an Excel workbook, for the submission to the level above: one sheet per
table of the format (its row labels down, its column labels across, the summed figures), and a
sheet with one row per department and one column per table value.

Written with openpyxl, imported only here: only `reportgen aggregate --xlsx` pays for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from reportgen.figures.compute import Number
from reportgen.formats.description import Format, TableSpec
from reportgen.messages.catalogue import text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


class Department(Protocol):
    """What the sheet of departments reads of one department (reportgen.runs.aggregate's
    Department has it): a writer takes plain data and knows nothing of the runs above it."""

    path: Path
    agency: str
    figures: dict[str, Number]
    notes: dict[str, str]  # cells given as a note instead of a number → the note
    unknown: set[str]  # those cells and the totals computed from them


_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31  # Excel's limit


def word(name: str) -> str:
    """A word of the workbook's layout (``departments``: its sheet of departments, ``total``,
    ``unknown``: a sum some department's note keeps from being known, ``value``: the column of a
    table whose rows hold one number each), in Chinese, as the submission is."""
    return text(f"xlsx_{name}", "zh", {})


def workbook(fmt: Format, sums: dict[str, Number], departments: Sequence[Department]) -> bytes:
    """The workbook's bytes. ``sums`` holds every known summed figure, totals included; a
    table value missing from it is unknown."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    names: set[str] = set()
    for table in fmt.tables.values():
        heading = next(
            (s.heading for s in fmt.sections.values() if s.table == table.id), table.title
        )
        _table_sheet(book.create_sheet(_sheet_name(heading, names)), fmt, table, sums)
    _department_sheet(
        book.create_sheet(_sheet_name(word("departments"), names)), fmt, sums, departments
    )
    for sheet in book.worksheets:
        _as_text(sheet)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _as_text(sheet: Worksheet) -> None:
    """Every text stored as text: openpyxl takes a string starting with "=" for a formula, so
    a department named ``=HYPERLINK(…)`` would be a live formula in the submission."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def _sheet_name(wanted: str, taken: set[str]) -> str:
    base = _NOT_IN_SHEET_NAMES.sub("_", wanted)[:SHEET_NAME_LENGTH] or "Sheet"
    name, number = base, 1
    while name in taken:
        number += 1
        suffix = f"({number})"
        name = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
    taken.add(name)
    return name


def _table_sheet(sheet: Worksheet, fmt: Format, table: TableSpec, sums: dict[str, Number]) -> None:
    """The table as a grid: one row per row label, one column per column label, in the order
    the report prints them (a row without a column leaves its cell empty)."""
    rows: dict[str, dict[str, Number | str]] = {}
    columns: dict[str, None] = {}
    for row in table.rows:
        for cell in row.cells:
            if cell.key is None or cell.key not in fmt.values:
                continue
            spec = fmt.values[cell.key]
            label = spec.row_label or row.label or word("value")
            column = spec.column_label or word("value")
            columns.setdefault(column)
            rows.setdefault(label, {})[column] = sums.get(cell.key, word("unknown"))
    sheet.append(["", *columns])
    for label, cells in rows.items():
        sheet.append([label, *(cells.get(column) for column in columns)])
    sheet.column_dimensions["A"].width = 48
    sheet.freeze_panes = "B2"


def _department_sheet(
    sheet: Worksheet, fmt: Format, sums: dict[str, Number], departments: Sequence[Department]
) -> None:
    """Row 1 the keys (for programs), row 2 their labels (for people), then one row per
    department and the sums."""
    order = {table: index for index, table in enumerate(fmt.tables)}
    keys = sorted(fmt.values, key=lambda key: order.get(fmt.values[key].table, len(order)))
    sheet.append(["file", "agency", *keys])
    sheet.append([word("file"), word("agency"), *(fmt.values[key].label for key in keys)])
    for department in departments:
        cells = [_department_cell(department, key) for key in keys]
        sheet.append([str(department.path), department.agency, *cells])
    sheet.append(["", word("total"), *(sums.get(key, word("unknown")) for key in keys)])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 24
    sheet.freeze_panes = "C3"


def _department_cell(department: Department, key: str) -> Number | str | None:
    """A department's figure; its note where it gave one instead; unknown for a total over
    such a cell."""
    if key in department.notes:
        return department.notes[key] or word("unknown")
    if key in department.unknown:
        return word("unknown")
    return department.figures.get(key)
