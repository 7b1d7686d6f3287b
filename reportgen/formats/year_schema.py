"""A JSON Schema of a format's year file, for editors: TOML language servers (taplo, Even Better
TOML) read it from the ``#:schema`` line `reportgen init` writes, then complete keys and show
each key's meaning while the clerk types.

Generated from the format description like everything else, so it cannot drift from what
`reportgen check` accepts. Dates are strings in the schema (``format: date``), as TOML tools
present them.
"""

from __future__ import annotations

from typing import Any

from reportgen.formats.description import FieldSpec, Format
from reportgen.messages.catalogue import phrase

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema(fmt: Format) -> dict[str, Any]:
    root = _object(phrase("year_schema_title", name=fmt.name).zh, fmt.name_en)
    complete: dict[str, Any] = {"required": []}  # what a file must give unless it extends one
    for spec in fmt.fields.values():
        node, needed = root, complete
        *parents, name = spec.key.split(".")
        for parent in parents:
            node = node["properties"].setdefault(parent, _object())
            if spec.required:
                if parent not in needed["required"]:
                    needed["required"].append(parent)
                needed = needed.setdefault("properties", {}).setdefault(parent, {"required": []})
        node["properties"][name] = _field(spec)
        if spec.required:
            needed["required"].append(name)
    root["$schema"] = DRAFT
    root["$defs"] = _definitions()
    root["properties"]["format"]["const"] = fmt.id
    if "extends" in root["properties"]:
        # A department file may take its format, year, issuing date… from the file it extends.
        root["anyOf"] = [{"required": ["extends"]}, complete]
    else:
        root["allOf"] = [complete]
    _drop_empty_required(root)
    return root


def _object(title: str = "", description: str = "") -> dict[str, Any]:
    node: dict[str, Any] = {
        "type": "object",
        "properties": {},
        "required": [],
        "additionalProperties": False,
    }
    if title:
        node["title"] = title
    if description:
        node["description"] = description
    return node


def _drop_empty_required(node: dict[str, Any]) -> None:
    if node.get("required") == []:
        del node["required"]
    for child in node.get("properties", {}).values():
        _drop_empty_required(child)
    if "items" in node:
        _drop_empty_required(node["items"])


def _field(spec: FieldSpec) -> dict[str, Any]:
    described = {"title": spec.label, "description": spec.doc or spec.label}
    if spec.table is not None:
        return described | _table_value(spec)
    return described | _value(spec)


def _value(spec: FieldSpec) -> dict[str, Any]:
    kind = spec.type
    if kind == "text":
        # Left empty (as `init` writes it), a choice is the format's default.
        return (
            {"type": "string", "enum": [*spec.choices, ""]} if spec.choices else {"type": "string"}
        )
    if kind == "paragraphs":
        return {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    if kind == "date":
        return {"type": "string", "format": "date"}
    if kind == "year":
        return {"type": "integer", "minimum": 1}
    if kind == "records":
        item = _object()
        for part in spec.items:
            item["properties"][part.key] = {"title": part.label, "description": part.doc} | _value(
                part
            )
            if part.required:
                item["required"].append(part.key)
        return {"type": "array", "items": item, "minItems": 1 if spec.required else 0}
    if kind == "counts":
        counts = {"type": "integer", "minimum": 0}
        return {
            "type": "object",
            "additionalProperties": {"type": "object", "additionalProperties": counts},
        }
    return _number(kind)


def _number(kind: str) -> dict[str, Any]:
    if kind == "count":
        return {"type": "integer", "minimum": 0}
    if kind == "signed":
        return {"type": "integer"}
    return {"type": "number", "minimum": 0}


def _table_value(spec: FieldSpec) -> dict[str, Any]:
    """A number, or an inline table giving it a footnote (or a footnote instead of it) and,
    for amounts, a unit. Shared definitions keep the schema small: tables have hundreds of
    cells."""
    return {"$ref": f"#/$defs/{spec.type}_cell"}


def _definitions() -> dict[str, Any]:
    definitions = {}
    for kind in ("count", "signed", "amount"):
        annotated: dict[str, Any] = {
            "type": "object",
            "properties": {"value": _number(kind), "note": {"type": "string", "minLength": 1}},
            "anyOf": [{"required": ["value"]}, {"required": ["note"]}],
            "additionalProperties": False,
        }
        if kind == "amount":
            annotated["properties"]["unit"] = {"type": "string", "minLength": 1}
        definitions[f"{kind}_cell"] = {"anyOf": [_number(kind), annotated]}
    return definitions
