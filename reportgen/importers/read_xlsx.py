"""A workbook in the layout `reportgen aggregate --xlsx` writes (tables only): its 各部门 sheet
has the year-file keys in row 1 and the summed figures in the row labelled 合计."""

from __future__ import annotations

import zipfile
from io import BytesIO

from reportgen.writers.xlsx import word


def read(raw: bytes) -> dict[str, object] | None:
    """Key → figure, or None when the workbook is not in that layout."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return None
    departments, total, unknown = word("departments"), word("total"), word("unknown")
    if departments not in book.sheetnames:
        return None
    rows = list(book[departments].iter_rows(values_only=True))
    if len(rows) < 3 or tuple(rows[0][:2]) != ("file", "agency"):
        return None
    keys = rows[0][2:]
    figures = next((row for row in rows[2:] if row[1] == total), rows[-1])
    return {
        str(key): value
        for key, value in zip(keys, figures[2:], strict=False)
        if key and value is not None and value != unknown
    }
