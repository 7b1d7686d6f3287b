"""A format's sum rules expanded: one rule per row or column it loops over, each term a value
of this year or, written ``previous:<key>``, of last year."""

from __future__ import annotations

from itertools import product
from typing import Any

from reportgen.formats.origins import Origins
from reportgen.formats.specs import FieldSpec, Rule, TableSpec, Term

PREVIOUS = "previous:"


def expand_rule(
    spec: dict[str, Any],
    table: TableSpec,
    table_spec: dict[str, Any],
    values: dict[str, FieldSpec],
    origins: Origins,
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
