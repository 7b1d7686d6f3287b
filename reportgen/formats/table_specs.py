"""The fields and tables of a format description as specs: each table's header grid (spans
included), its body rows and the values its cells read."""

from __future__ import annotations

from collections import Counter
from itertools import product
from typing import Any

from reportgen.formats.origins import Origins
from reportgen.formats.specs import CellSpec, FieldSpec, RowSpec, TableSpec


def add_field(fields: dict[str, FieldSpec], spec: FieldSpec, owner: Any, origins: Origins) -> None:
    if spec.key in fields:
        raise origins.error(owner, None, "format_duplicate", name=spec.key)
    fields[spec.key] = spec


def field_spec(spec: dict[str, Any], origins: Origins) -> FieldSpec:
    kind = spec.get("type", "text")
    if spec.get("items") and kind != "records":
        raise origins.error(spec, "items", "format_items_not_records")
    return FieldSpec(
        key=spec["key"],
        type=kind,
        label=spec.get("label", spec["key"]),
        label_en=spec.get("label_en", ""),
        doc=spec.get("doc", ""),
        required=bool(spec.get("required", False)),
        section=spec.get("section"),
        heading=spec.get("heading"),
        items=tuple(field_spec(item, origins) for item in spec.get("items", [])),
        internal=bool(spec.get("internal", False)),
        choices=tuple(spec.get("choices", ())),
    )


def _cell(spec: dict[str, Any], prefix: str) -> CellSpec:
    """A label cell (``text``) or a value cell: ``col = "x"`` reads ``<row key>.x``, and
    ``value = true`` reads the row key itself (a one-value row, as in a 统计表)."""
    col = spec.get("col")
    key = f"{prefix}.{col}" if col else prefix if spec.get("value") else None
    return CellSpec(
        text=spec.get("text"),
        key=key,
        colspan=int(spec.get("colspan", 1)),
        rowspan=int(spec.get("rowspan", 1)),
        classes=tuple(spec.get("class", "").split()),
        type=spec.get("type"),
        unit=spec.get("unit", ""),
    )


def _grid(
    rows: list[tuple[CellSpec, ...]], raw: list[list[dict[str, Any]]], origins: Origins
) -> list[dict[int, CellSpec]]:
    """Which cell covers each (row, grid column), following row and column spans. A span
    that runs past the last row or into another cell is the description's mistake."""
    grid: list[dict[int, CellSpec]] = [{} for _ in rows]
    for r, cells in enumerate(rows):
        c = 0
        for index, cell in enumerate(cells):
            while c in grid[r]:
                c += 1
            if cell.rowspan < 1 or cell.colspan < 1 or r + cell.rowspan > len(grid):
                key = "rowspan" if r + cell.rowspan > len(grid) or cell.rowspan < 1 else "colspan"
                raise origins.error(raw[r][index], key, "format_span_overrun")
            for dr, dc in product(range(cell.rowspan), range(cell.colspan)):
                if c + dc in grid[r + dr]:
                    key = "rowspan" if dr else "colspan"
                    raise origins.error(raw[r][index], key, "format_span_overrun")
                grid[r + dr][c + dc] = cell
            c += cell.colspan
    # The width most rows have: the row that differs is the one in error.
    widths = Counter(len(row) for r, row in enumerate(grid) if raw[r])
    width = widths.most_common(1)[0][0] if widths else 0
    for r, row in enumerate(grid):
        if raw[r] and len(row) != width:
            last = raw[r][-1]
            raise origins.error(last, None, "format_row_width", found=len(row), width=width)
    return grid


def table_spec(
    table_id: str, spec: dict[str, Any], origins: Origins
) -> tuple[TableSpec, list[FieldSpec]]:
    columns: list[str] = spec.get("columns", [])
    header_raw = [row["cells"] for row in spec.get("header", [])]
    header_cells = [tuple(_cell(cell, table_id) for cell in row) for row in header_raw]
    body: list[tuple[str, str | None, tuple[CellSpec, ...], str]] = []
    body_raw: list[list[dict[str, Any]]] = []
    for row in spec.get("rows", []):
        key = row.get("key")
        prefix = f"{table_id}.{key}" if key else table_id
        raw = list(row.get("cells", []))
        for cell in raw:
            if columns and cell.get("col") is not None and cell["col"] not in columns:
                raise origins.error(cell, "col", "format_unknown_column", name=cell["col"])
        cells = [_cell(cell, prefix) for cell in raw]
        kind = row.get("type", "count")
        if key and columns and not any(cell.key for cell in cells):
            cells += [CellSpec(key=f"{prefix}.{col}") for col in columns]
            raw += [row] * len(columns)
        role = row.get("role", "data")
        body.append((role, key, tuple(cells), kind))
        body_raw.append(raw)

    grid = _grid(header_cells + [cells for _, _, cells, _ in body], header_raw + body_raw, origins)
    width = max((max(row) + 1 for row in grid if row), default=0)
    value_columns = {c for row in grid for c, cell in row.items() if cell.key}
    header_rows = list(range(len(header_cells)))
    rows: list[RowSpec] = []
    values: list[FieldSpec] = []
    columns_named: dict[int, str] = {}  # column → its label under the current header rows
    for index, (role, key, cells, kind) in enumerate(body):
        r = len(header_cells) + index
        if role == "header":
            header_rows = [r]
            columns_named = {}
            rows.append(RowSpec(role, cells, key))
            continue
        label_cells = [
            cell
            for _, cell in sorted(grid[r].items())
            if cell.text is not None and "unit" not in cell.classes
        ]
        label = " ".join(dict.fromkeys(cell.text or "" for cell in label_cells))
        rows.append(RowSpec(role, cells, key, label))
        for c, cell in sorted(grid[r].items()):
            spanned = (r > 0 and grid[r - 1].get(c) is cell) or grid[r].get(c - 1) is cell
            if cell.key is None or spanned:
                continue
            column = columns_named.get(c)
            if column is None:
                column = columns_named[c] = _column_label(grid, header_rows, c, value_columns)
            values.append(
                FieldSpec(
                    key=cell.key,
                    type=cell.type or kind,
                    label=" / ".join(part for part in (label, column) if part),
                    table=table_id,
                    row_label=label,
                    column_label=column,
                    unit=cell.unit,
                )
            )
    widths = tuple(float(w) for w in spec.get("widths", []))
    if widths and len(widths) != width:
        raise origins.error(spec, "widths", "format_widths", found=len(widths), width=width)
    header = tuple(RowSpec("header", cells) for cells in header_cells)
    title = spec.get("title", table_id)
    table = TableSpec(
        table_id,
        header,
        tuple(rows),
        widths,
        width,
        title,
        spec.get("caption", ""),
        tuple(spec.get("notes", [])),
    )
    return table, values


def _column_label(
    grid: list[dict[int, CellSpec]], header_rows: list[int], c: int, value_columns: set[int]
) -> str:
    """The header texts above grid column c, leaving out cells that span every value column
    (such as 申请人情况), which would name every cell alike."""
    parts: list[str] = []
    for r in header_rows:
        cell = grid[r].get(c)
        if cell is None or cell.text is None or cell.text in parts:
            continue
        covered = {col for col, other in grid[r].items() if other is cell}
        if value_columns <= covered:
            continue
        parts.append(cell.text)
    return " ".join(parts)
