"""Loads a format description (``templates/<format>/format.toml``) into typed, expanded specs.

A format is data: its sections, the year-file fields it reads, its tables (header rows with
spans, body rows whose cells either print a label or read a value) and its sum rules. The
model, the checker, the templates and every writer read what this module returns; nothing
else knows a row label. Adding a format is adding a folder with a format.toml and templates.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from itertools import product
from pathlib import Path
from typing import Any

from reportgen.errors import FormatError
from reportgen.formats.builtin import builtin_templates as builtin_templates
from reportgen.formats.format_schema import FIELD_TYPES as FIELD_TYPES
from reportgen.formats.format_schema import LAYOUTS, KeyPath, validate
from reportgen.formats.format_schema import VALUE_TYPES as VALUE_TYPES
from reportgen.formats.problem import format_error
from reportgen.messages.catalogue import phrase
from reportgen.read import files
from reportgen.read.numerals import chinese_count

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

# ``counts`` (a FIELD_TYPE): lists of counts the clerk names freely (``[counts.channels]``).
PREVIOUS = "previous:"
MAX_BYTES = 1024 * 1024  # a format description is a few dozen kilobytes
MAX_EXTENDS = 20  # descriptions one format may extend in a chain


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
    internal: bool = False  # read by reportgen itself, never printed (format, year file links)
    choices: tuple[str, ...] = ()  # text fields: the values allowed (problems_layout)


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
    relation: str = "="  # check rules may also say left >= right or left <= right

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
    caption: str = ""  # printed above the table (计量单位：件)
    notes: tuple[str, ...] = ()  # printed under the table, before the year file's footnotes


@dataclass(frozen=True)
class SectionSpec:
    id: str
    heading: str
    table: str | None = None
    max_chars: int | None = None
    part: str = ""  # its name in the introduction's list of parts
    fields: tuple[str, ...] = ()  # keys of the fields it prints, in order


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
    # The sections in order (plain data for the generic template), the introduction with its
    # list of parts filled in, and how problems and their measures are printed by default.
    parts: tuple[SectionSpec, ...] = ()
    intro: str = ""
    problems_layout: str = "grouped"


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


class _Origins:
    """Where each part of a description was written, so that a mistake found after the
    descriptions were merged still points at its file, line and key."""

    def __init__(self) -> None:
        self.places: dict[int, tuple[Path, KeyPath]] = {}
        self.texts: dict[Path, str] = {}
        self.lines: dict[Path, dict[KeyPath, tuple[int, int]]] = {}
        self.kept: list[Any] = []  # keeps the registered objects alive: ids stay theirs

    def register(self, data: Any, path: Path, at: KeyPath = ()) -> None:
        if isinstance(data, dict):
            self.places[id(data)] = (path, at)
            self.kept.append(data)
            for key, value in data.items():
                self.register(value, path, (*at, key))
        elif isinstance(data, list):
            self.places[id(data)] = (path, at)
            self.kept.append(data)
            for index, value in enumerate(data):
                self.register(value, path, (*at, index))

    def line(self, path: Path, at: KeyPath) -> int | None:
        """The line of ``at`` in ``path``: located only when a message needs it, as locating
        costs more than reading the description."""
        from reportgen.read.key_locator import key_lines

        if path not in self.lines and path in self.texts:
            try:
                self.lines[path] = key_lines(self.texts[path])
            except RecursionError:
                self.lines[path] = {}
        lines = self.lines.get(path, {})
        for end in range(len(at), -1, -1):
            if at[:end] in lines:
                return lines[at[:end]][0]
        return None

    def error(self, spec: Any, key: str | None, code: str, **params: Any) -> FormatError:
        path, at = self.places.get(id(spec), (Path("format.toml"), ()))
        full = (*at, key) if key is not None else at
        name = ".".join(str(part) for part in full) or None
        return format_error(str(path), code, self.line(path, full), name, **params)


@cache
def load(description: Path) -> Format:
    origins = _Origins()
    data = _expanded(description, origins)
    fields: dict[str, FieldSpec] = {}
    for spec in data["fields"]:
        _add_field(fields, _field(spec, origins), spec, origins)

    tables: dict[str, TableSpec] = {}
    values: dict[str, FieldSpec] = {}
    rules: list[Rule] = []
    for table_id, spec in data["tables"].items():
        table, table_values = _table(table_id, spec, origins)
        tables[table_id] = table
        for value in table_values:
            _add_field(fields, value, spec, origins)
            values[value.key] = value
        for rule in spec.get("rules", []):
            rules.extend(_expand_rule(rule, table, spec, values, origins))

    sections = {}
    for spec in data.get("sections", []):
        heading = spec["heading"]
        section = SectionSpec(
            id=spec["id"],
            heading=heading,
            table=spec.get("table"),
            max_chars=spec.get("max_chars"),
            part=spec.get("part", heading.split("、", 1)[-1]),
            fields=tuple(
                key for key, field_spec in fields.items() if field_spec.section == spec["id"]
            ),
        )
        if section.table and section.table not in tables:
            raise origins.error(spec, "table", "format_unknown_table", name=section.table)
        sections[section.id] = section
    for spec in data["fields"]:
        if spec.get("section") is not None and spec["section"] not in sections:
            raise origins.error(spec, "section", "format_unknown_section", name=spec["section"])

    # Tables in the order their sections print them (an included table is read first).
    printed = [section.table for section in sections.values() if section.table]
    tables = {key: tables[key] for key in dict.fromkeys([*printed, *tables])}

    shares = {}
    for share_id, spec in data["shares"].items():
        shares[share_id] = ShareSpec(
            share_id, spec.get("label", share_id), tuple(spec["part"]), tuple(spec["whole"])
        )
        for side in ("part", "whole"):
            for index, key in enumerate(spec[side]):
                if key not in values:
                    raise origins.error(spec[side], index, "format_unknown_value", name=key)

    if "id" not in data:
        raise format_error(str(description), "format_missing_key", 1, None, name="id")
    parts = tuple(sections.values())
    names = "、".join(section.part for section in parts)
    intro = data.get("intro", "").replace("{parts}", names)
    intro = intro.replace("{count}", chinese_count(len(parts)))
    return Format(
        id=data["id"],
        name=data.get("name", data["id"]),
        name_en=data.get("name_en", data.get("name", data["id"])),
        directory=description.parent,
        template=data.get("template", ""),
        percent_decimals=int(data.get("percent_decimals", 1)),
        sections=sections,
        fields=fields,
        tables=tables,
        rules=rules,
        shares=shares,
        values=values,
        parts=parts,
        intro=intro,
        problems_layout=data.get("problems_layout", LAYOUTS[0]),
    )


def _expanded(description: Path, origins: _Origins, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """A description with what it extends and includes merged in.

    ``extends = "!default/2021/format.toml"`` starts from another description (a province's
    override of the national format, which then survives the next national revision) and
    ``include`` adds shared parts. The description's own fields replace same-key ones, its
    tables and shares same-id ones, and its sections same-id ones in place; a new section goes
    ``after`` the one it names, or at the end.
    """
    if description in seen:
        chain = " → ".join(str(path) for path in (*seen, description))
        raise format_error(str(description), "format_extends_itself", None, "extends", chain=chain)
    if not seen and not description.resolve().is_relative_to(description.parent.parent.resolve()):
        # A format.toml (or format folder) that links out of its templates directory.
        name = f"{description.parent.name}/{description.name}"
        raise format_error(str(description), "format_include_outside", name=name)
    if len(seen) >= MAX_EXTENDS:
        raise format_error(str(description), "format_extends_too_long", limit=MAX_EXTENDS)
    data = _read(description, origins)
    merged: dict[str, Any] = {"fields": [], "tables": {}, "shares": {}, "sections": []}
    if "extends" in data:
        target = _include(description, data, "extends", data["extends"], origins)
        merged = _expanded(target, origins, (*seen, description))
    for index, name in enumerate(data.get("include", [])):
        part = _read(_include(description, data["include"], index, name, origins), origins)
        merged["fields"] = _merge_fields(merged["fields"], part.get("fields", []))
        merged["tables"] = {**merged["tables"], **part.get("tables", {})}
        merged["shares"] = {**merged["shares"], **part.get("shares", {})}
    for key, value in data.items():
        if key == "fields":
            merged["fields"] = _merge_fields(merged["fields"], value)
        elif key in ("tables", "shares"):
            merged[key] = {**merged[key], **value}
        elif key == "sections":
            merged["sections"] = _merge_sections(merged["sections"], value, origins)
        elif key not in ("include", "extends"):
            merged[key] = value
    return merged


def _merge_fields(base: list[dict[str, Any]], own: list[dict[str, Any]]) -> list[dict[str, Any]]:
    replaced = {spec.get("key"): spec for spec in own}
    kept = [replaced.pop(spec.get("key"), spec) for spec in base]
    return kept + [spec for spec in own if spec.get("key") in replaced]


def _merge_sections(
    base: list[dict[str, Any]], own: list[dict[str, Any]], origins: _Origins
) -> list[dict[str, Any]]:
    sections = list(base)
    for spec in own:
        ids = [section.get("id") for section in sections]
        if spec.get("id") in ids:
            sections[ids.index(spec.get("id"))] = spec
        elif "after" in spec:
            if spec["after"] not in ids:
                raise origins.error(spec, "after", "format_unknown_section", name=spec["after"])
            sections.insert(ids.index(spec["after"]) + 1, spec)
        else:
            sections.append(spec)
    return sections


def _include(description: Path, owner: Any, key: str | int, name: str, origins: _Origins) -> Path:
    """An included or extended description (``base/agency.toml``), named like a template:
    looked up in the templates directory holding this format, then among the built-in
    templates, so a format written by a province can include the shared national parts;
    ``!default/NAME`` is always the built-in one. Only a relative name inside one of these
    directories is followed: an absolute name, ``..`` or a link out of the directory would let
    a format passed around between offices read any file."""
    roots = (description.parent.parent, builtin_templates())
    if name.startswith("!default/"):
        name, roots = name.removeprefix("!default/"), (builtin_templates(),)
    parts = name.replace("\\", "/").split("/")
    if not name or name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
        raise origins.error(owner, key, "format_include_outside", name=name)
    for root in roots:
        candidate = root / name
        if candidate.is_dir():
            raise origins.error(owner, key, "format_include_directory", name=name)
        if candidate.is_file():
            if not candidate.resolve().is_relative_to(root.resolve()):
                raise origins.error(owner, key, "format_include_outside", name=name)
            return candidate
    raise origins.error(owner, key, "format_include_missing", name=name)


def _read(path: Path, origins: _Origins) -> dict[str, Any]:
    """One description file, parsed and checked against the schema. Only a regular file of
    modest size is read: a FIFO or device would hang, a huge file exhaust memory."""
    try:
        text = files.read_bytes(path, MAX_BYTES).decode("utf-8")
        data = tomllib.loads(text)
    except RecursionError:
        raise format_error(str(path), "format_too_deep") from None
    except files.NotARegularFile as error:
        raise format_error(str(path), "format_not_a_file", kind=phrase(error.kind)) from None
    except files.TooLarge:
        raise format_error(str(path), "format_too_large", limit=MAX_BYTES // 1024) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise format_error(str(path), "format_unreadable", reason=reason) from error
    except UnicodeDecodeError as error:
        raise format_error(str(path), "format_not_utf8") from error
    except tomllib.TOMLDecodeError as error:
        raise format_error(str(path), "format_toml", detail=str(error)) from error
    origins.texts[path] = text
    try:
        origins.register(data, path)
    except RecursionError:
        raise format_error(str(path), "format_too_deep") from None
    validate(data, path, lambda at: origins.line(path, at))
    _unique(data.get("fields", []), "key", origins)
    _unique(data.get("sections", []), "id", origins)
    for table in data.get("tables", {}).values():
        _unique(table.get("rows", []), "key", origins)
    return data


def _unique(specs: list[dict[str, Any]], key: str, origins: _Origins) -> None:
    seen: set[Any] = set()
    for spec in specs:
        if key in spec and spec[key] in seen:
            raise origins.error(spec, key, "format_duplicate", name=spec[key])
        seen.add(spec.get(key))


def _add_field(
    fields: dict[str, FieldSpec], spec: FieldSpec, owner: Any, origins: _Origins
) -> None:
    if spec.key in fields:
        raise origins.error(owner, None, "format_duplicate", name=spec.key)
    fields[spec.key] = spec


def _field(spec: dict[str, Any], origins: _Origins) -> FieldSpec:
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
        items=tuple(_field(item, origins) for item in spec.get("items", [])),
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
    rows: list[tuple[CellSpec, ...]], raw: list[list[dict[str, Any]]], origins: _Origins
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


def _table(
    table_id: str, spec: dict[str, Any], origins: _Origins
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


def _expand_rule(
    spec: dict[str, Any],
    table: TableSpec,
    table_spec: dict[str, Any],
    values: dict[str, FieldSpec],
    origins: _Origins,
) -> list[Rule]:
    loops: dict[str, list[str]] = {}
    for name, choice in spec.get("for", {}).items():
        if choice == "*" and name == "row":
            loops[name] = [row.key for row in table.rows if row.key and row.role == "data"]
        elif choice == "*" and name == "col":
            if not table_spec.get("columns"):
                raise origins.error(spec["for"], name, "format_no_columns")
            loops[name] = list(table_spec.get("columns", []))
        elif isinstance(choice, list):
            loops[name] = [str(item) for item in choice]
        else:
            raise origins.error(spec["for"], name, "format_bad_loop", found=repr(choice))
    rule_id = spec["id"]
    kind = spec.get("kind", "check")
    relation = spec.get("relation", "=")
    if kind == "total" and relation != "=":
        raise origins.error(spec, "relation", "format_total_relation")
    rules = []
    for combination in product(*loops.values()) if loops else [()]:
        names = dict(zip(loops, combination, strict=True))
        terms: dict[str, tuple[Term, ...]] = {}
        for side in ("left", "right"):
            items = spec.get(side, [])
            try:
                terms[side] = tuple(_term(item, table.id, names) for item in items)
            except (KeyError, IndexError, ValueError) as error:
                raise origins.error(
                    spec, side, "format_bad_placeholder", found=str(error)
                ) from None
            for index, term in enumerate(terms[side]):
                if term.key not in values:
                    raise origins.error(items, index, "format_unknown_value", name=term.key)
        left, right = terms["left"], terms["right"]
        if not left:
            raise origins.error(spec, "left", "format_missing_key", name="left")
        if kind == "total" and (len(left) != 1 or left[0].previous or left[0].sign < 0):
            raise origins.error(spec, "left", "format_total_left")
        first = values[left[0].key]
        labels = {"row_label": _loop_label("row", first)}
        labels |= {f"{name}_label": _loop_label(name, first) for name in names}
        described = {}
        for key in ("description", "description_en"):
            try:
                described[key] = spec.get(key, rule_id).format(**names, **labels)
            except (KeyError, IndexError, ValueError, AttributeError) as error:
                raise origins.error(spec, key, "format_bad_placeholder", found=str(error)) from None
        rules.append(
            Rule(
                id=rule_id,
                kind=kind,
                severity=spec.get("severity", "error"),
                left=left,
                right=right,
                table=table.id,
                relation=relation,
                **described,
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
