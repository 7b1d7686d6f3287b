"""A format description read (format.toml, bounded and checked against its schema) with what it
``extends`` and ``include``s merged in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli

from reportgen.formats.builtin import builtin_templates
from reportgen.formats.format_schema import validate
from reportgen.formats.origins import Origins
from reportgen.formats.problem import format_error
from reportgen.messages.catalogue import phrase
from reportgen.read import files

MAX_BYTES = 1024 * 1024  # a format description is a few dozen kilobytes
MAX_EXTENDS = 20  # descriptions one format may extend in a chain


def expanded(description: Path, origins: Origins, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
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
        merged = expanded(target, origins, (*seen, description))
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
    base: list[dict[str, Any]], own: list[dict[str, Any]], origins: Origins
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


def _include(description: Path, owner: Any, key: str | int, name: str, origins: Origins) -> Path:
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
        origins.probes[str(candidate)] = probe(candidate)
        if candidate.is_dir():
            raise origins.error(owner, key, "format_include_directory", name=name)
        if candidate.is_file():
            if not candidate.resolve().is_relative_to(root.resolve()):
                raise origins.error(owner, key, "format_include_outside", name=name)
            return candidate
    raise origins.error(owner, key, "format_include_missing", name=name)


def probe(candidate: Path) -> str:
    """What an include lookup finds at ``candidate``: "dir", "missing" or the resolved file."""
    if candidate.is_dir():
        return "dir"
    return str(candidate.resolve()) if candidate.is_file() else "missing"


def _read(path: Path, origins: Origins) -> dict[str, Any]:
    """One description file, parsed and checked against the schema. Only a regular file of
    modest size is read: a FIFO or device would hang, a huge file exhaust memory."""
    try:
        text = files.read_bytes(path, MAX_BYTES).decode("utf-8")
        data = tomli.loads(text)
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
    except tomli.TOMLDecodeError as error:
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


def _unique(specs: list[dict[str, Any]], key: str, origins: Origins) -> None:
    seen: set[Any] = set()
    for spec in specs:
        if key in spec and spec[key] in seen:
            raise origins.error(spec, key, "format_duplicate", name=spec[key])
        seen.add(spec.get(key))
