"""The imported year file's text: keys in the format's order, a Chinese comment per key as
`reportgen init` writes them (its pieces are reused), values escaped as TOML, and a comment
beside every value the import could not place for certain."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from reportgen.formats.description import FieldSpec, Format, TableSpec
from reportgen.formats.skeleton import (
    _comment,
    _toml,
    _zh,
    prose_layout,
    table_heading,
    table_values,
)
from reportgen.formats.specs import per_format


def text(
    fmt: Format,
    values: Mapping[str, object],
    about: Sequence[str],
    doubts: Mapping[str, str],
    missing_rows: Mapping[str, str],
    remarks: Mapping[str, Sequence[str]] | None = None,
    zeros: bool = False,
) -> str:
    """``values``: key → value (prose as lists of paragraphs, records as lists of dicts);
    ``doubts``: key → why it was left out, or table id → the rows of figures it had that were
    not placed, one a line; ``missing_rows``: row key prefix → its label;
    ``remarks``: key → comment lines written before it; ``zeros``: table values not given are
    written as 0 and totals as comments, as `init` does (otherwise they are left out)."""
    remarks = remarks or {}
    totals = {rule.left[0].key for rule in fmt.rules if rule.kind == "total"} if zeros else set()
    agency = values.get("agency.name", "")
    lines = [
        f"# {_zh('yearfile_title', agency=agency, year=values.get('year', ''))}",
        f"# {_zh('yearfile_format', name=fmt.name)}",
        *(f"# {line}" for line in about),
        f"# {_zh('yearfile_commands')}",
        "",
    ]
    for header, fields in prose_layout(fmt):
        if header:
            lines += ["", f"[{header}]"]
        for spec, name in fields:
            lines += _remarks(remarks, spec.key) + _field(spec, name, values, doubts)
    for table in fmt.tables.values():
        lines += _table(fmt, table.id, values, doubts, missing_rows, remarks, totals, zeros)
    return "\n".join(lines) + "\n"


def _remarks(remarks: Mapping[str, Sequence[str]], key: str) -> list[str]:
    return [f"# {line}".rstrip() for line in remarks.get(key, ())]


def _paragraphs(name: str, paragraphs: Sequence[str]) -> list[str]:
    escaped = [json.dumps(item, ensure_ascii=False)[1:-1] for item in paragraphs]
    return [f'{name} = """', *escaped, '"""']


def _field(
    spec: FieldSpec, name: str, values: Mapping[str, object], doubts: Mapping[str, str]
) -> list[str]:
    value = values.get(spec.key)
    if spec.type == "records":
        lines = ["", _comment(spec)]
        for record in value or [{}]:  # type: ignore[union-attr]
            lines.append(f"[[{spec.key}]]")
            for item in spec.items:
                lines += [_comment(item), *_paragraphs(item.key, record.get(item.key, []))]
        return lines
    if spec.type == "counts" or spec.key == "extends" or (spec.key == "templates" and not value):
        return []
    lines = [_comment(spec)]
    if spec.key in doubts:
        lines.append(f"# {_zh('import_doubt', reason=doubts[spec.key])}")
    if value is None:
        if spec.type == "paragraphs" and spec.required:
            return [*lines, *_paragraphs(name, [])]
        return [*lines, f"# {name} = "] if spec.required else []
    if spec.type == "paragraphs":
        return [*lines, *_paragraphs(name, value)]  # type: ignore[arg-type]
    return [*lines, f"{name} = {_toml(value)}"]


def _table(
    fmt: Format,
    table_id: str,
    values: Mapping[str, object],
    doubts: Mapping[str, str],
    missing_rows: Mapping[str, str],
    remarks: Mapping[str, Sequence[str]],
    totals: set[str],
    zeros: bool,
) -> list[str]:
    table = fmt.tables[table_id]
    lines = table_heading(table, fmt)
    for row_text in doubts.get(table.id, "").splitlines():
        lines.append(f"# {_zh('import_row_left_out', row=row_text)}")
    for key, name, opens, row, label in _cells(fmt, table):
        if opens:
            lines += ["", opens]
            if row in missing_rows:
                lines.append(f"# {_zh('import_row_missing')}")
        if key in remarks:
            lines += _remarks(remarks, key)
        if key in doubts:
            doubt = _zh("import_cell_doubt", label=label, reason=doubts[key])
            lines.append(f"# {name} = ？  # {doubt}")
        elif key in values:
            lines.append(f"{name} = {_toml(values[key])}  # {label}")
        elif key in totals:
            lines.append(f"# {_zh('scaffold_computed', name=name, label=label)}")
        elif zeros:
            lines.append(f"{name} = 0  # {label}")
    return lines


@per_format
def _cells(fmt: Format, table: TableSpec) -> list[tuple[str, str, str, str, str]]:
    """Each table's cells as written (key, name, the table header line it opens, its row's
    key, its comment's label), worked out once per format: every import writes every table."""
    cells = []
    for value in table_values(table, fmt):
        spec = value.spec
        label = spec.row_label if value.one_value else spec.column_label or spec.row_label
        if value.units:
            label += f"（{value.units[0]}）"
        row = f"{table.id}.{value.row.key}"
        cells.append((value.key, value.name, value.opens or "", row, label))
    return cells
