"""`reportgen init`: a year file to fill in, with every key of the format, a Chinese comment per
key saying what it feeds, zeros for the counts and empty prose.

As written it passes `reportgen check` (with a warning for each text still empty), so a clerk
can build the report at any point while filling it in. Totals are left out, as comments:
reportgen computes them, and a typed total would only be one more number to keep right.

It can be followed literally: every commented example (a second [[problems]], the
[counts.channels] group) sits where removing its "# " keeps the file valid, which for a
[table] header means after every plain key, at the end of the file; examples that could not
be valid as written (a path that must exist) are described in words instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from reportgen.formats.description import FieldSpec, Format, RowSpec, TableSpec
from reportgen.messages.catalogue import text
from reportgen.read.source import UNWRITABLE

SCHEMA_NAME = "reportgen-{id}.schema.json"
# Optional paths that must exist once written: shown in a comment, not given a value.
PLACEHOLDERS = {"templates": "scaffold_example_templates", "extends": "scaffold_example_extends"}


def year_file(
    fmt: Format,
    agency: str,
    year: int,
    schema: str | None,
    given: Mapping[str, object] | None = None,
    about: Sequence[str] | None = None,
) -> str:
    """The year file's text. ``given`` fills in values (table cells, ``templates``) instead of
    zeros and placeholders, as `reportgen aggregate` does with its sums; ``about`` replaces
    the comment lines saying how the file was made."""
    if about is None:
        about = _zh("scaffold_about").split("\n")
    lines = [f"#:schema ./{schema}"] if schema else []
    lines += [
        f"# {_zh('yearfile_title', agency=_comment_text(agency), year=year)}",
        f"# {_zh('yearfile_format', name=_comment_text(fmt.name))}",
        *(f"# {_comment_text(line)}" if line else "#" for line in about),
        f"# {_zh('yearfile_commands')}",
        "",
    ]
    values = {"format": fmt.id, "year": year, "agency.name": agency}
    values["agency.issued"] = date(year + 1, 1, 20)
    values.update(given or {})
    for header, fields in prose_layout(fmt):
        if header:
            lines += ["", f"[{header}]"]
        for spec, name in fields:
            lines += _field(spec, name, values)
    totals = {rule.left[0].key for rule in fmt.rules if rule.kind == "total"}
    for index, table in enumerate(fmt.tables.values()):
        lines += _table(table, fmt, totals, values, notes=index == 0)
    # A [table] example comes last: uncommented anywhere above, it would take every key
    # below it into its table.
    for spec in fmt.fields.values():
        if spec.type == "counts":
            lines += _counts(spec)
    return "\n".join(lines) + "\n"


def _comment(spec: FieldSpec) -> str:
    """``# label：doc``, or the doc alone when it already names the field (no label twice)."""
    if not spec.doc:
        body = spec.label
    elif spec.label in spec.doc:
        body = spec.doc
    else:
        body = f"{spec.label}：{spec.doc}"
    return "# " + _comment_text(body)


def _field(spec: FieldSpec, name: str, values: dict[str, object]) -> list[str]:
    if spec.type == "records":
        lines = ["", _comment(spec), f"[[{spec.key}]]"]
        for item in spec.items:
            lines += [_comment(item), f'{item.key} = """', '"""']
        lines += ["", f"# {_zh('scaffold_another_record', key=spec.key)}", f"# [[{spec.key}]]"]
        for item in spec.items:
            lines += [f'# {item.key} = """', '# """']
        return lines
    if spec.type == "counts":
        return []  # written last, by _counts
    if spec.key in PLACEHOLDERS and spec.key not in values:
        # Optional, and a path that must exist once written: said in words, since any
        # example path uncommented as is would be refused.
        example = _zh(PLACEHOLDERS[spec.key])
        return [_zh("scaffold_optional_path", comment=_comment(spec), name=name, example=example)]
    if spec.type == "paragraphs":
        return [_comment(spec), f'{name} = """', '"""']
    value = values.get(spec.key, "")
    return [_comment(spec), f"{name} = {_toml(value)}"]


def _counts(spec: FieldSpec) -> list[str]:
    return [
        "",
        f"# ---------------------------------------------------------------- {spec.label}",
        _comment(spec),
        f"# {_zh('scaffold_counts_here')}",
        f"# [{spec.key}.channels]",
        "# website = 0",
        "# wechat = 0",
    ]


def _zh(code: str, **params: object) -> str:
    # The year file is written in Chinese whatever the user's language: it feeds a Chinese report.
    return text(code, "zh", params)


def _toml(value: object) -> str:
    if type(value) is int:  # most values (a table's counts): as tomli_w writes them, without it
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")  # never an exponent, which TOML would read as a float
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{key} = {_toml(item)}" for key, item in value.items()) + " }"
    # Strings (an agency name holding " and a line break), numbers and dates are written by a
    # TOML library, so that no value can end itself and add keys of its own.
    import tomli_w

    if not isinstance(value, (int, date)):
        value = UNWRITABLE.sub("", str(value))
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")


def _comment_text(text: str) -> str:
    """Text for a comment line: a line break in it would end the comment and start a line of
    TOML; control characters are removed likewise."""
    return UNWRITABLE.sub("", re.sub(r"[\r\n\x0b\x0c\x85\u2028\u2029]+", " ", text))


def _table(
    table: TableSpec,
    fmt: Format,
    totals: set[str],
    values: Mapping[str, object],
    notes: bool = False,
) -> Iterator[str]:
    yield from table_heading(table, fmt)
    if notes:
        yield f"# {_zh('scaffold_notes')}"
    for value in table_values(table, fmt):
        spec = value.spec
        if value.opens:
            yield ""
            yield value.opens
        label = spec.row_label
        if not value.one_value:
            label = spec.column_label or _spanning(value.header) or spec.row_label
        extra = [note for note in _notes(spec, value.units, value.header) if note not in label]
        if extra:
            label += f"（{'；'.join(extra)}）"
        if value.key in totals:
            yield f"# {_zh('scaffold_computed', name=value.name, label=label)}"
        else:
            yield f"{value.name} = {_toml(values.get(value.key, 0))}  # {label}"


def table_heading(table: TableSpec, fmt: Format) -> list[str]:
    """The comment line that opens a table's keys in a year file: its section's heading."""
    section = next((s.heading for s in fmt.sections.values() if s.table == table.id), table.title)
    return ["", f"# ---------------------------------------------------------------- {section}"]


class TableValue(NamedTuple):
    """A value cell of a table as a year file writes it (for init's skeleton and import)."""

    key: str
    name: str  # its key inside its TOML table
    spec: FieldSpec
    row: RowSpec
    header: RowSpec | None  # the last header row above it
    units: list[str]  # the texts of its row's unit cells
    one_value: bool  # a 统计表 row: the row is the value
    opens: str | None  # the TOML table header line, when this value starts a new one


def table_values(table: TableSpec, fmt: Format) -> Iterator[TableValue]:
    """The table's value cells in order, each with what writing its line needs."""
    group = None
    header: RowSpec | None = None
    for row in table.rows:
        if row.role == "header":
            header = row
        units = [cell.text for cell in row.cells if "unit" in cell.classes and cell.text]
        for cell in row.cells:
            if cell.key is None:
                continue
            spec = fmt.values[cell.key]
            parent, _, name = cell.key.rpartition(".")
            one_value = cell.key == f"{table.id}.{row.key}"
            opens = None
            if parent != group:
                group = parent
                comment = "" if one_value or not spec.row_label else f"  # {spec.row_label}"
                opens = f"[{parent}]{comment}"
            yield TableValue(cell.key, name, spec, row, header, units, one_value, opens)


def _spanning(header: RowSpec | None) -> str:
    """The one header text over every value column (2021: 本年处理决定数量), which the format
    leaves out of each cell's label; the row's own comment already names the row."""
    texts = [cell.text for cell in (header.cells[1:] if header else ()) if cell.text]
    return texts[0] if len(texts) == 1 else ""


_HEADER_UNIT = re.compile(r"单位[:：]\s*([^）)，,；;\s]+)")


def _notes(spec: FieldSpec, units: list[str], header: RowSpec | None) -> list[str]:
    """What a cell's comment adds to its label: its unit, how to write a decrease."""
    if units:
        return [units[0]]
    if spec.type == "signed":
        return [_zh("scaffold_signed")]
    if spec.type != "amount":
        return []
    if spec.unit:
        return [spec.unit]
    # The unit is often only in the header above the row (本年收费金额（单位：万元）).
    header_texts = [cell.text or "" for cell in (header.cells if header else ())]
    found = next((m for t in header_texts if (m := _HEADER_UNIT.search(t))), None)
    if found:
        return [found.group(1)]
    return [_zh("scaffold_no_unit")]


def prose_layout(fmt: Format) -> list[tuple[str, list[tuple[FieldSpec, str]]]]:
    """The fields that are not table values, as a year file writes them: the plain keys first
    (header ""), then each [table] with its keys, each field with the name it is written by."""
    prose = [spec for spec in fmt.fields.values() if spec.table is None]
    top = [spec for spec in prose if "." not in spec.key and spec.type != "records"]
    layout: list[tuple[str, list[tuple[FieldSpec, str]]]] = [
        ("", [(spec, spec.key) for spec in top])
    ]
    groups: dict[str, list[tuple[FieldSpec, str]]] = {}
    for spec in prose:
        if spec not in top:
            group, _, name = spec.key.rpartition(".")
            groups.setdefault(group, []).append((spec, name if group else spec.key))
    layout += groups.items()
    return layout
