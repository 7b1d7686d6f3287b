"""The year file as typed values, validated against its format's field descriptions.

Every problem is collected, not just the first: a clerk fixes the file once per run. Fields
(their keys, types and meanings) are declared in the format description, so this module holds
no knowledge of any particular report: only how each type of value is read and checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from reportgen.errors import InputError
from reportgen.formats import description as formats
from reportgen.formats.description import FieldSpec, Format
from reportgen.messages import findings
from reportgen.messages.catalogue import EXPECTED, Text, phrase
from reportgen.messages.findings import Finding
from reportgen.read.describe import describe
from reportgen.read.inherit import read  # the year file with what it inherits (`extends`)
from reportgen.read.source import UNWRITABLE, KeyPath, Source, unwritable
from reportgen.validate import misplaced, punctuation
from reportgen.validate.conversion import CONVERTERS, MISSING, key_path, lookup
from reportgen.validate.unknown_keys import unknown_key, unknown_keys


class YearFile:
    """A year file that passed validation (errors may remain in ``findings``). A plain class
    rather than a dataclass, which costs about half a millisecond of start-up."""

    __slots__ = (
        "findings",
        "format",
        "notes",
        "search_path",
        "source",
        "units",
        "unknown",
        "values",
    )

    def __init__(
        self,
        source: Source,
        fmt: Format,
        values: dict[str, Any],
        search_path: tuple[Path, ...] = (),
    ) -> None:
        self.source = source
        self.format = fmt
        self.values = values  # dotted key → typed value, for every key the file gives
        self.findings: list[Finding] = []
        # Table values whose number is not known: given wrongly, or replaced by a note. Rules
        # reading them are not judged.
        self.unknown: set[str] = set()
        self.notes: dict[str, str] = {}  # table value → its footnote
        self.units: dict[str, str] = {}  # amount → the unit it was given in
        # Template directories, first wins: those asked for (--templates), then the file's own
        # `templates` setting; the built-in templates come after these.
        self.search_path = search_path

    def given(self, key: str) -> bool:
        return key in self.values

    def location(self, key: str) -> findings.Location:
        return self.source.location(tuple(key.split(".")))


def load(path: Path, search_path: tuple[Path, ...] = ()) -> YearFile:
    """Read and validate a year file. Raises InputError when it cannot even be interpreted
    (unreadable, bad TOML, unknown format); otherwise returns it with its findings."""
    check_template_folders(search_path)
    return validate(read(path), search_path)


def validate(source: Source, search_path: tuple[Path, ...] = ()) -> YearFile:
    """A parsed year file validated (`reportgen import` checks what it made in memory)."""
    search_path = (*search_path, *_own_templates(source))
    fmt = _format(source, search_path)
    year = YearFile(source, fmt, {}, search_path=search_path)
    found = year.findings
    found.extend(source.notices)  # read as GB18030 or UTF-16; control characters removed
    found.extend(_cleaned(source))
    for spec in fmt.fields.values():
        raw = lookup(source.data, spec.key)
        if raw is MISSING:
            if spec.required:
                found.append(_missing(source, spec))
            continue
        path = key_path(spec.key)
        if spec.table and isinstance(raw, dict):
            raw = _annotated(year, spec, raw, path)
            if raw is MISSING:
                continue
        value = _convert(source, spec, raw, path, found)
        if value is MISSING:
            year.unknown.add(spec.key)
        else:
            year.values[spec.key] = value
    _refuse_blank_agency(year)
    found.extend(unknown_keys(source, fmt))
    found.extend(_too_long(source, fmt, year.values))
    found.extend(_issued_early(source, year.values))
    found.extend(punctuation.warnings(source, fmt))
    year.findings = misplaced.explain(source, fmt, found)
    return year


AGENCY_NAME = "agency.name"  # what the report's title and file name are made of


def _refuse_blank_agency(year: YearFile) -> None:
    """An agency name of nothing but spaces would make a report with no name in its title
    and file name: an error, where other required texts left empty are a warning."""
    name = year.values.get(AGENCY_NAME)
    if not isinstance(name, str) or name.strip():
        return
    year.findings[:] = [
        finding
        for finding in year.findings
        if not (finding.code == "empty" and finding.key == AGENCY_NAME)
    ]
    location = year.location(AGENCY_NAME)
    year.findings.append(findings.error("agency_blank", location, AGENCY_NAME))


def check_template_folders(search_path: tuple[Path, ...]) -> None:
    """InputError for a --templates directory that does not exist or is a file: building with
    the built-in templates instead would be a silent mistake."""
    problems = [
        findings.error(
            "templates_not_folder", findings.Location(str(directory)), path=str(directory)
        )
        for directory in search_path
        if not directory.is_dir()
    ]
    if problems:
        raise InputError(problems)


def _annotated(year: YearFile, spec: FieldSpec, raw: dict[str, Any], path: KeyPath) -> Any:
    """A table value written as an inline table: ``{ value = 3, note = "…" }`` adds a footnote,
    ``{ note = "…" }`` puts a footnote where the number would be (for a cell a real report
    filled with words), ``{ value = 251000, unit = "元" }`` keeps an amount's unit. Returns the
    raw value to convert, or MISSING when there is none."""
    source = year.source
    allowed = ("value", "note", "unit") if spec.type == "amount" else ("value", "note")
    for name in raw:
        if name not in allowed:
            year.findings.append(unknown_key(source, (*path, name), list(allowed)))
    for name in ("note", "unit"):
        if name in raw and name in allowed:
            text = CONVERTERS["text"](raw[name])
            if text is MISSING or not text:
                label = phrase("label_note") if name == "note" else phrase("label_unit")
                meta = FieldSpec(name, "text", *label)
                year.findings.append(_wrong(source, meta, (*path, name), raw[name]))
            elif name == "note":
                year.notes[spec.key] = text
            else:
                year.units[spec.key] = text
    if "value" in raw:
        return raw["value"]
    if "note" not in raw:
        year.findings.append(_wrong(source, spec, path, raw))
    year.unknown.add(spec.key)
    return MISSING


def _too_long(source: Source, fmt: Format, values: dict[str, Any]) -> Iterator[Finding]:
    """Sections with a length limit (2021: 总体情况 原则上不超过一千字) warn beyond it."""
    for section in fmt.sections.values():
        if not section.max_chars:
            continue
        keys = [spec.key for spec in fmt.fields.values() if spec.section == section.id]
        written = [key for key in keys if key in values] or keys  # point at a line written
        count = sum(
            len(line) for key in keys for line in values.get(key, ()) if isinstance(line, str)
        )
        if count > section.max_chars:
            yield findings.warning(
                "too_long",
                source.location(tuple(written[0].split("."))) if keys else None,
                section.id,
                label=section.heading,
                count=count,
                limit=section.max_chars,
            )


def _own_templates(source: Source) -> tuple[Path, ...]:
    """The year file's `templates` directory, relative to the file; it must exist, or the
    report would silently come out in the national layout."""
    raw = source.data.get("templates", MISSING)
    if raw is MISSING:
        return ()
    spec = FieldSpec("templates", "text", *phrase("label_templates"))
    if not isinstance(raw, str) or not raw.strip():
        raise InputError([_wrong(source, spec, ("templates",), raw)])
    # Relative to the file that wrote it: with `extends`, possibly a shared file.
    directory = source.origin(("templates",)).parent / raw.strip()
    if not directory.is_dir():
        location = source.location(("templates",))
        raise InputError(
            [findings.error("templates_missing", location, "templates", path=str(directory))]
        )
    return (directory,)


def _format(source: Source, search_path: tuple[Path, ...]) -> Format:
    format_id = source.data.get("format", MISSING)
    if not isinstance(format_id, str):  # missing or not text; its label worded only then
        spec = FieldSpec("format", "text", *phrase("label_format"))
        if format_id is MISSING:
            raise InputError([_missing(source, spec)])
        raise InputError([_wrong(source, spec, ("format",), format_id)])
    fmt = formats.find(format_id, search_path)
    if fmt is None:
        choices = "、".join(formats.available(search_path))
        raise InputError(
            [
                findings.error(
                    "unknown_format",
                    source.location(("format",)),
                    "format",
                    found=f'"{format_id}"',
                    choices=choices,
                )
            ]
        )
    return fmt


def _label(spec: FieldSpec) -> Text:
    return Text(spec.label, spec.label_en or spec.label)


def _missing(source: Source, spec: FieldSpec) -> Finding:
    parent = tuple(spec.key.split("."))[:-1]
    location = source.location(parent) if parent else findings.Location(source.name)
    return findings.error("missing", location, spec.key, label=_label(spec))


def _wrong(source: Source, spec: FieldSpec, path: KeyPath, raw: Any) -> Finding:
    from reportgen.validate.slips import note_hint, suggestion  # errors only: not at every start

    return findings.error(
        "wrong_type",
        source.location(path),
        ".".join(str(part) for part in path),
        label=_label(spec),
        expected=EXPECTED[spec.type],
        found=describe(raw),
        hint=suggestion(spec.type, raw) or note_hint(spec, raw),
    )


def _convert(source: Source, spec: FieldSpec, raw: Any, path: KeyPath, found: list[Finding]) -> Any:
    """The typed value of ``raw``, or MISSING after recording why it is wrong."""
    value = CONVERTERS[spec.type](raw)
    if value is MISSING:
        found.append(_wrong(source, spec, path, raw))
        return MISSING
    if spec.choices and value and value not in spec.choices:  # empty: the default
        key = ".".join(map(str, path))
        choices = "、".join(f'"{choice}"' for choice in spec.choices)
        found.append(
            findings.error(
                "not_a_choice",
                source.location(path),
                key,
                label=_label(spec),
                found=describe(raw),
                choices=choices,
            )
        )
        return MISSING
    if spec.required and spec.type in ("paragraphs", "text") and not value:
        # Left empty, as `reportgen init` writes it: the report can be built for a look, but
        # it is not finished (and --strict refuses it).
        key = ".".join(map(str, path))
        found.append(findings.warning("empty", source.location(path), key, label=_label(spec)))
    if spec.type == "counts":
        # Kept in the order written: the order the clerk cites them in.
        lists: dict[str, dict[str, int]] = {}
        for name, items in value.items():
            lists[name] = {}
            for item, raw_count in items.items():
                label = f"{spec.label} {name}.{item}"
                item_spec = FieldSpec(item, "count", label, f"{spec.label_en} {name}.{item}")
                count = _convert(source, item_spec, raw_count, (*path, name, item), found)
                if count is not MISSING:
                    lists[name][item] = count
        return lists
    if spec.type == "records":
        items = []
        for index, item in enumerate(value):
            converted: dict[str, Any] = {}
            for item_spec in spec.items:
                item_path = (*path, index, item_spec.key)
                if item_spec.key not in item:
                    if item_spec.required:
                        outer, inner = _label(spec), _label(item_spec)
                        label = Text(f"{outer.zh}·{inner.zh}", f"{outer.en}: {inner.en}")
                        found.append(
                            findings.error(
                                "missing",
                                source.location((*path, index)),
                                ".".join(map(str, item_path)),
                                label=label,
                            )
                        )
                    continue
                typed = _convert(source, item_spec, item[item_spec.key], item_path, found)
                if typed is not MISSING:
                    converted[item_spec.key] = typed
            items.append(converted)
        if spec.required and not items:
            found.append(_missing(source, spec))
        return items
    return value


def _cleaned(source: Source) -> Iterator[Finding]:
    """Every text of the year file without the characters no .docx can hold (python-docx
    refuses them, and the build would fail): removed, with a warning at their key and line."""

    def walk(node: Any, path: KeyPath) -> Iterator[Finding]:
        if isinstance(node, dict):
            items: list[tuple[Any, Any]] = list(node.items())
        elif isinstance(node, list):
            items = list(enumerate(node))
        else:
            return
        for name, value in items:
            if isinstance(value, str):
                chars = UNWRITABLE.findall(value)
                if chars:
                    node[name] = UNWRITABLE.sub("", value)
                    yield unwritable(source.location((*path, name)), (*path, name), chars)
            else:
                yield from walk(value, (*path, name))

    yield from walk(source.data, ())


def _issued_early(source: Source, values: dict[str, Any]) -> Iterator[Finding]:
    """A report is issued after the year it reports on, whose statistics run to 31 December."""
    issued, year = values.get("agency.issued"), values.get("year")
    if isinstance(issued, date) and isinstance(year, int) and issued.year <= year:
        yield findings.warning(
            "issued_early",
            source.location(("agency", "issued")),
            "agency.issued",
            issued=issued.isoformat(),
            year=year,
        )
