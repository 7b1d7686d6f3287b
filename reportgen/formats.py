"""Loads a format description (``templates/<format>/format.toml``) into typed, expanded specs.

A format is data: its sections, the year-file fields it reads, its tables (header rows with
spans, body rows whose cells either print a label or read a value) and its sum rules. The
model, the checker, the templates and every writer read what this module returns; nothing
else knows a row label. Adding a format is adding a folder with a format.toml and templates.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cache
from itertools import product
from pathlib import Path
from typing import Any

from reportgen import files
from reportgen.errors import FormatError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

VALUE_TYPES = ("count", "signed", "amount")
# ``counts``: lists of counts the clerk names freely (``[counts.channels]``), for prose shares.
FIELD_TYPES = ("text", "paragraphs", "date", "year", "records", "counts", *VALUE_TYPES)
PREVIOUS = "previous:"


@dataclass(frozen=True)
class FieldSpec:
    """One key of the year file: what it holds and what it means."""

    key: str
    type: str
    label: str
    label_en: str = ""
    doc: str = ""
    required: bool = False
    section: str | None = None
    heading: str | None = None
    items: tuple[FieldSpec, ...] = ()
    table: str | None = None  # set for table values, with the labels of their row and column
    row_label: str = ""
    column_label: str = ""
    unit: str = ""  # amounts: the unit printed after the figure, unless the header names it


@dataclass(frozen=True)
class CellSpec:
    text: str | None = None  # a label cell prints this
    key: str | None = None  # a value cell reads this year-file key
    colspan: int = 1
    rowspan: int = 1
    classes: tuple[str, ...] = ()
    type: str | None = None  # value type when not the row's
    unit: str = ""


@dataclass(frozen=True)
class RowSpec:
    role: str  # header | caption | data
    cells: tuple[CellSpec, ...]
    key: str | None = None
    label: str = ""  # the row's full label, from the label cells that cover it


@dataclass(frozen=True)
class Term:
    key: str
    sign: int = 1
    previous: bool = False  # read from last year's file (``previous:`` prefix)


@dataclass(frozen=True)
class Rule:
    """A concrete sum rule: ``left = right``. A total rule computes its single left key."""

    id: str
    kind: str  # total | check
    severity: str  # error | warning
    left: tuple[Term, ...]
    right: tuple[Term, ...]
    description: str
    description_en: str
    table: str

    @property
    def needs_previous(self) -> bool:
        return any(term.previous for term in (*self.left, *self.right))


@dataclass(frozen=True)
class TableSpec:
    id: str
    header: tuple[RowSpec, ...]
    rows: tuple[RowSpec, ...]
    widths: tuple[float, ...]
    column_count: int
    title: str = ""


@dataclass(frozen=True)
class SectionSpec:
    id: str
    heading: str
    table: str | None = None
    max_chars: int | None = None


@dataclass(frozen=True)
class ShareSpec:
    id: str
    label: str
    part: tuple[str, ...]
    whole: tuple[str, ...]


@dataclass
class Format:
    id: str
    name: str
    name_en: str
    directory: Path
    template: str
    percent_decimals: int
    sections: dict[str, SectionSpec]
    fields: dict[str, FieldSpec]
    tables: dict[str, TableSpec]
    rules: list[Rule]
    shares: dict[str, ShareSpec]
    values: dict[str, FieldSpec] = field(default_factory=dict)  # table cells only


def builtin_templates() -> Path:
    """The templates shipped with reportgen: inside the wheel, or at the checkout's top."""
    package = Path(__file__).resolve().parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


def available(search_path: tuple[Path, ...] = ()) -> dict[str, Path]:
    """Format id → its format.toml, first directory of the search path winning."""
    found: dict[str, Path] = {}
    for directory in (*search_path, builtin_templates()):
        for description in sorted(directory.glob("*/format.toml")):
            found.setdefault(description.parent.name, description)
    return found


def find(format_id: str, search_path: tuple[Path, ...] = ()) -> Format | None:
    description = available(search_path).get(format_id)
    return load(description) if description else None


@cache
def load(description: Path) -> Format:
    data = _expanded(description)
    where = str(description)
    fields: dict[str, FieldSpec] = {}
    for spec in data["fields"]:
        _add_field(fields, _field(spec, where), where)

    tables: dict[str, TableSpec] = {}
    values: dict[str, FieldSpec] = {}
    rules: list[Rule] = []
    for table_id, spec in data["tables"].items():
        table, table_values = _table(table_id, spec, where)
        tables[table_id] = table
        for value in table_values:
            _add_field(fields, value, where)
            values[value.key] = value
        for rule in spec.get("rules", []):
            rules.extend(_expand_rule(rule, table, spec, values, where))

    sections = {}
    for spec in data.get("sections", []):
        section = SectionSpec(
            id=_required(spec, "id", where),
            heading=_required(spec, "heading", where),
            table=spec.get("table"),
            max_chars=spec.get("max_chars"),
        )
        if section.table and section.table not in tables:
            raise FormatError(where, f"section {section.id} names unknown table {section.table}")
        sections[section.id] = section

    # Tables in the order their sections print them (an included table is read first).
    printed = [section.table for section in sections.values() if section.table]
    tables = {key: tables[key] for key in dict.fromkeys([*printed, *tables])}

    shares = {
        share_id: ShareSpec(
            share_id, spec.get("label", share_id), tuple(spec["part"]), tuple(spec["whole"])
        )
        for share_id, spec in data["shares"].items()
    }
    for share in shares.values():
        for key in (*share.part, *share.whole):
            if key not in values:
                raise FormatError(where, f"share {share.id} reads unknown value {key}")

    return Format(
        id=_required(data, "id", where),
        name=data.get("name", data["id"]),
        name_en=data.get("name_en", data.get("name", data["id"])),
        directory=description.parent,
        template=data.get("template", "report.html.j2"),
        percent_decimals=int(data.get("percent_decimals", 1)),
        sections=sections,
        fields=fields,
        tables=tables,
        rules=rules,
        shares=shares,
        values=values,
    )


def _expanded(description: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """A description with what it extends and includes merged in.

    ``extends = "!default/2021/format.toml"`` starts from another description (a province's
    override of the national format, which then survives the next national revision) and
    ``include`` adds shared parts. The description's own fields replace same-key ones, its
    tables and shares same-id ones, and its sections same-id ones in place; a new section goes
    ``after`` the one it names, or at the end.
    """
    if description in seen:
        chain = " → ".join(str(path) for path in (*seen, description))
        raise FormatError(str(description), f"extends itself: {chain}")
    data = _read(description)
    merged: dict[str, Any] = {"fields": [], "tables": {}, "shares": {}, "sections": []}
    if "extends" in data:
        merged = _expanded(_include(description, data["extends"]), (*seen, description))
    for name in data.get("include", []):
        part = _read(_include(description, name))
        merged["fields"] = _merge_fields(merged["fields"], part.get("fields", []))
        merged["tables"] = {**merged["tables"], **part.get("tables", {})}
        merged["shares"] = {**merged["shares"], **part.get("shares", {})}
    for key, value in data.items():
        if key == "fields":
            merged["fields"] = _merge_fields(merged["fields"], value)
        elif key in ("tables", "shares"):
            merged[key] = {**merged[key], **value}
        elif key == "sections":
            merged["sections"] = _merge_sections(merged["sections"], value, str(description))
        elif key not in ("include", "extends"):
            merged[key] = value
    return merged


def _merge_fields(base: list[dict[str, Any]], own: list[dict[str, Any]]) -> list[dict[str, Any]]:
    replaced = {spec.get("key"): spec for spec in own}
    kept = [replaced.pop(spec.get("key"), spec) for spec in base]
    return kept + [spec for spec in own if spec.get("key") in replaced]


def _merge_sections(
    base: list[dict[str, Any]], own: list[dict[str, Any]], where: str
) -> list[dict[str, Any]]:
    sections = list(base)
    for spec in own:
        ids = [section.get("id") for section in sections]
        if spec.get("id") in ids:
            sections[ids.index(spec.get("id"))] = spec
        elif "after" in spec:
            if spec["after"] not in ids:
                raise FormatError(where, f"section {spec.get('id')}: no section {spec['after']}")
            sections.insert(ids.index(spec["after"]) + 1, spec)
        else:
            sections.append(spec)
    return sections


def _include(description: Path, name: str) -> Path:
    """An included or extended description (``base/agency.toml``), named like a template:
    looked up in the templates directory holding this format, then among the built-in
    templates, so a format written by a province can include the shared national parts;
    ``!default/NAME`` is always the built-in one."""
    roots = (description.parent.parent, builtin_templates())
    if name.startswith("!default/"):
        name, roots = name.removeprefix("!default/"), (builtin_templates(),)
    for root in roots:
        if (root / name).is_file():
            return root / name
    raise FormatError(str(description), f"included file {name} not found")


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(files.read_text(path, files.TEMPLATE_LIMIT))
    except UnicodeDecodeError as error:
        raise FormatError(str(path), f"invalid TOML: {error}") from error
    except OSError as error:
        reason = files.refusal(error)
        detail = reason.en if reason else f"cannot read: {error.strerror}"
        raise FormatError(str(path), detail) from error
    except tomllib.TOMLDecodeError as error:
        raise FormatError(str(path), f"invalid TOML: {error}") from error


def _required(spec: dict[str, Any], key: str, where: str) -> Any:
    if key not in spec:
        raise FormatError(where, f"missing '{key}' in {spec!r:.80}")
    return spec[key]


def _add_field(fields: dict[str, FieldSpec], spec: FieldSpec, where: str) -> None:
    if spec.key in fields:
        raise FormatError(where, f"field {spec.key} is declared twice")
    fields[spec.key] = spec


def _field(spec: dict[str, Any], where: str) -> FieldSpec:
    kind = spec.get("type", "text")
    if kind not in FIELD_TYPES:
        raise FormatError(where, f"field {spec.get('key')}: unknown type {kind!r}")
    return FieldSpec(
        key=_required(spec, "key", where),
        type=kind,
        label=spec.get("label", spec["key"]),
        label_en=spec.get("label_en", ""),
        doc=spec.get("doc", ""),
        required=bool(spec.get("required", False)),
        section=spec.get("section"),
        heading=spec.get("heading"),
        items=tuple(_field(item, where) for item in spec.get("items", [])),
    )


def _cell(spec: dict[str, Any], prefix: str, where: str) -> CellSpec:
    """A label cell (``text``) or a value cell: ``col = "x"`` reads ``<row key>.x``, and
    ``value = true`` reads the row key itself (a one-value row, as in a 统计表)."""
    col = spec.get("col")
    kind = spec.get("type")
    if kind is not None and kind not in VALUE_TYPES:
        raise FormatError(where, f"cell {prefix}.{col}: unknown value type {kind!r}")
    key = f"{prefix}.{col}" if col else prefix if spec.get("value") else None
    return CellSpec(
        text=spec.get("text"),
        key=key,
        colspan=int(spec.get("colspan", 1)),
        rowspan=int(spec.get("rowspan", 1)),
        classes=tuple(spec.get("class", "").split()),
        type=kind,
        unit=spec.get("unit", ""),
    )


def _grid(rows: list[tuple[CellSpec, ...]]) -> list[dict[int, CellSpec]]:
    """Which cell covers each (row, grid column), following row and column spans."""
    grid: list[dict[int, CellSpec]] = [{} for _ in rows]
    for r, cells in enumerate(rows):
        c = 0
        for cell in cells:
            while c in grid[r]:
                c += 1
            for dr, dc in product(range(cell.rowspan), range(cell.colspan)):
                if r + dr < len(grid):
                    grid[r + dr][c + dc] = cell
            c += cell.colspan
    return grid


def _table(table_id: str, spec: dict[str, Any], where: str) -> tuple[TableSpec, list[FieldSpec]]:
    columns: list[str] = spec.get("columns", [])
    header_cells = [
        tuple(_cell(cell, table_id, where) for cell in row["cells"])
        for row in spec.get("header", [])
    ]
    body: list[tuple[str, str | None, tuple[CellSpec, ...], str]] = []
    for row in spec.get("rows", []):
        key = row.get("key")
        prefix = f"{table_id}.{key}" if key else table_id
        cells = [_cell(cell, prefix, where) for cell in row.get("cells", [])]
        kind = row.get("type", "count")
        if key and columns and not any(cell.key for cell in cells):
            cells += [CellSpec(key=f"{prefix}.{col}") for col in columns]
        role = row.get("role", "data")
        body.append((role, key, tuple(cells), kind))

    grid = _grid(header_cells + [cells for _, _, cells, _ in body])
    width = max((max(row) + 1 for row in grid if row), default=0)
    value_columns = {c for row in grid for c, cell in row.items() if cell.key}
    header_rows = list(range(len(header_cells)))
    rows: list[RowSpec] = []
    values: list[FieldSpec] = []
    for index, (role, key, cells, kind) in enumerate(body):
        r = len(header_cells) + index
        if role == "header":
            header_rows = [r]
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
            column = _column_label(grid, header_rows, c, value_columns)
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
        raise FormatError(where, f"table {table_id}: {len(widths)} widths for {width} columns")
    header = tuple(RowSpec("header", cells) for cells in header_cells)
    title = spec.get("title", table_id)
    return TableSpec(table_id, header, tuple(rows), widths, width, title), values


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


def _expand_rule(
    spec: dict[str, Any],
    table: TableSpec,
    table_spec: dict[str, Any],
    values: dict[str, FieldSpec],
    where: str,
) -> list[Rule]:
    loops: dict[str, list[str]] = {}
    for name, choice in spec.get("for", {}).items():
        if choice == "*" and name == "row":
            loops[name] = [row.key for row in table.rows if row.key and row.role == "data"]
        elif choice == "*" and name == "col":
            loops[name] = list(table_spec.get("columns", []))
        elif isinstance(choice, list):
            loops[name] = [str(item) for item in choice]
        else:
            raise FormatError(where, f"rule {spec.get('id')}: cannot loop {name} over {choice!r}")
    rule_id = _required(spec, "id", where)
    kind = spec.get("kind", "check")
    rules = []
    for combination in product(*loops.values()) if loops else [()]:
        names = dict(zip(loops, combination, strict=True))
        left = tuple(_term(item, table.id, names) for item in spec.get("left", []))
        right = tuple(_term(item, table.id, names) for item in spec.get("right", []))
        for term in (*left, *right):
            if term.key not in values:
                raise FormatError(where, f"rule {rule_id} reads unknown value {term.key}")
        if kind == "total" and (len(left) != 1 or left[0].previous or left[0].sign < 0):
            raise FormatError(where, f"total rule {rule_id} must have one plain key on the left")
        first = values[left[0].key]
        labels = {"row_label": _loop_label("row", first)}
        labels |= {f"{name}_label": _loop_label(name, first) for name in names}
        rules.append(
            Rule(
                id=rule_id,
                kind=kind,
                severity=spec.get("severity", "error"),
                left=left,
                right=right,
                description=spec.get("description", rule_id).format(**names, **labels),
                description_en=spec.get("description_en", rule_id).format(**names, **labels),
                table=table.id,
            )
        )
    return rules


def _term(item: str, prefix: str, names: dict[str, str]) -> Term:
    text = item.format(**names)
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("-")
    previous = text.startswith(PREVIOUS)
    text = text.removeprefix(PREVIOUS)
    return Term(f"{prefix}.{text}", sign, previous)


def _loop_label(name: str, value: FieldSpec) -> str:
    """Short label of what a rule loops over: the row for row loops, the column for column
    loops, otherwise the column header of the rule's first key without its last part."""
    if name == "row":
        return value.row_label.split(" ")[-1]
    parts = value.column_label.split(" ")
    if name == "col":
        return parts[-1]
    return " ".join(parts[:-1]) or value.column_label
