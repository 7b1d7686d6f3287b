"""Loads a format description (``templates/<format>/format.toml``) into typed, expanded specs.

A format is data: its sections, the year-file fields it reads, its tables (header rows with
spans, body rows whose cells either print a label or read a value) and its sum rules. The
model, the checker, the templates and every writer read what this module returns; nothing
else knows a row label. Adding a format is adding a folder with a format.toml and templates.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from reportgen.formats import expanded_cache
from reportgen.formats.builtin import builtin_templates as builtin_templates
from reportgen.formats.expanding import expanded
from reportgen.formats.format_schema import FIELD_TYPES as FIELD_TYPES
from reportgen.formats.format_schema import LAYOUTS
from reportgen.formats.format_schema import VALUE_TYPES as VALUE_TYPES
from reportgen.formats.origins import Origins
from reportgen.formats.problem import format_error
from reportgen.formats.rules import expand_rule
from reportgen.formats.specs import CellSpec as CellSpec
from reportgen.formats.specs import FieldSpec as FieldSpec
from reportgen.formats.specs import Format as Format
from reportgen.formats.specs import RowSpec as RowSpec
from reportgen.formats.specs import Rule as Rule
from reportgen.formats.specs import SectionSpec as SectionSpec
from reportgen.formats.specs import ShareSpec as ShareSpec
from reportgen.formats.specs import TableSpec as TableSpec
from reportgen.formats.specs import Term as Term
from reportgen.formats.table_specs import add_field, field_spec, table_spec
from reportgen.read.numerals import chinese_count


def available(search_path: tuple[Path, ...] = ()) -> dict[str, Path]:
    """Format id → its format.toml, first directory of the search path winning."""
    found: dict[str, Path] = {}
    for directory in (*search_path, builtin_templates()):
        for description in sorted(directory.glob("*/format.toml")):
            found.setdefault(description.parent.name, description)
    return found


def find(format_id: str, search_path: tuple[Path, ...] = ()) -> Format | None:
    """The format ``format_id`` as :func:`available` finds it, without globbing every
    folder of every directory (once per report of a batch): the first directory with a folder
    of exactly that name (listed, not looked up: no other case, no path) holding a
    format.toml."""
    for directory in (*search_path, builtin_templates()):
        try:
            names = os.listdir(directory)
        except OSError:
            continue  # as a glob of a directory that cannot be listed finds nothing
        description = directory / format_id / "format.toml"
        if format_id in names and os.path.exists(description):  # a folder's, or no file
            return load(description)
    return None


@cache
def load(description: Path) -> Format:
    origins = Origins()
    data = expanded_cache.kept(description)
    fresh = None
    if data is None:
        data = expanded(description, origins)
        fresh = expanded_cache.record(description, data, origins)
    fields: dict[str, FieldSpec] = {}
    for spec in data["fields"]:
        add_field(fields, field_spec(spec, origins), spec, origins)

    tables: dict[str, TableSpec] = {}
    values: dict[str, FieldSpec] = {}
    rules: list[Rule] = []
    for table_id, spec in data["tables"].items():
        table, table_values = table_spec(table_id, spec, origins)
        tables[table_id] = table
        for value in table_values:
            add_field(fields, value, spec, origins)
            values[value.key] = value
        for rule in spec.get("rules", []):
            rules.extend(expand_rule(rule, table, spec, values, origins))

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
    loaded = Format(
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
    if fresh is not None:
        expanded_cache.keep(description, fresh)
    return loaded
