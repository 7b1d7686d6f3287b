"""`reportgen import`: a published report (.docx, saved .html, copied .txt, or the workbook
`aggregate --xlsx` writes) read into a year file of reportgen's own schema.

:func:`import_report` returns the year file's text, what was placed and left out, and where
the year file will be written; it writes nothing. Checking the text is a run's
(reportgen.runs.importing), not an importer's.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import InputError
from reportgen.formats import description as formats
from reportgen.formats.description import Format
from reportgen.importers import (
    detect,
    read_docx,
    read_html,
    read_text,
    read_xlsx,
    sections,
    tables,
    yearfile,
)
from reportgen.importers.document import Document
from reportgen.importers.tables import Placed
from reportgen.messages import catalogue, findings
from reportgen.messages.findings import Finding, Location

KINDS = {".docx": "docx", ".html": "html", ".htm": "html", ".xlsx": "xlsx", ".txt": "txt"}
UNREAD = (".doc", ".wps", ".pdf", ".et", ".xls", ".ofd")  # said so, rather than read as text


@dataclass
class Imported:
    """A report read into a year file: its text, the check's findings on it, and what the
    import placed and could not place."""

    path: Path
    format: Format
    text: str
    findings: list[Finding]
    prose_placed: int = 0
    cells_placed: int = 0
    left_out: list[tuple[str, str, str]] = field(default_factory=list)  # table, row, cell text
    missing_rows: list[tuple[str, str]] = field(default_factory=list)
    values: dict[str, object] = field(default_factory=dict)
    row_labels: dict[str, str] = field(default_factory=dict)  # table.row → label as printed
    # Where the year file will be written (its relative paths start there) and the template
    # search path: what checking its text needs (reportgen.runs.importing).
    anchor: Path | None = None
    search: tuple[Path, ...] = ()

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_error]


def import_report(
    path: str | Path,
    format: str | None = None,
    templates: Iterable[str | Path] = (),
    target: str | Path | None = None,
) -> Imported:
    """Read a published report; raise InputError (one finding) when it is not a report.
    ``templates``: template directories (a province's formats); with ``target``, the year
    file to be written, the first is named in it (``templates = …``, relative to it), so that
    the file builds without the option."""
    path = Path(path)
    search = tuple(Path(directory) for directory in templates)
    named = None
    # The year file as it will be written: its relative paths (templates) start there.
    anchor = Path(target) if target is not None else path.with_suffix(".toml")
    if search and target is not None:
        named = os.path.relpath(search[0].resolve(), Path(target).resolve().parent)
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([findings.error("file_missing", Location(name))]) from None
    except IsADirectoryError:
        raise InputError([findings.error("file_is_directory", Location(name))]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(
            [findings.error("file_unreadable", Location(name), reason=reason)]
        ) from None
    if path.suffix.lower() in UNREAD:
        found = findings.error("import_kind", Location(name), kind=path.suffix.lower())
        raise InputError([found])
    kind = KINDS.get(path.suffix.lower(), "txt")
    candidates = _formats(format, search, name)
    if kind == "xlsx":
        return _from_workbook(path, raw, candidates, search, named, anchor)
    reader = {"docx": read_docx.read, "html": read_html.read, "txt": read_text.read}[kind]
    document = reader(raw, name) if raw.strip() else None
    if document is None or not document.blocks:
        raise InputError([findings.error("import_not_a_report", Location(name))])
    fmt = candidates[0] if format else detect.detect(candidates, document)
    if fmt is None:
        choices = "、".join(formats.available(search))
        raise InputError([findings.error("import_no_format", Location(name), choices=choices)])
    return _from_document(path, document, fmt, search, named, anchor)


def _formats(format: str | None, search: tuple[Path, ...], name: str) -> list[Format]:
    found = formats.available(search)
    if format is not None:
        if format not in found:
            choices = ", ".join(found)
            raise InputError(
                [findings.error("unknown_format", Location(name), found=format, choices=choices)]
            )
        return [formats.load(found[format])]
    return [formats.load(description) for description in found.values()]


def _from_document(
    path: Path,
    document: Document,
    fmt: Format,
    search: tuple[Path, ...],
    named: str | None,
    anchor: Path,
) -> Imported:
    blocks = document.blocks
    agency, year, title_at = sections.title(blocks)
    found = sections.headings(fmt, blocks, title_at)
    first = min(found.values(), default=len(blocks))
    last = max(found.values(), default=title_at + 1)
    end = sections.report_end(blocks, last + 1, agency)
    if year is None:
        year = sections.period_year(blocks)
    if not agency:
        agency = sections.signed_by(blocks, end)

    placed = Placed()
    notes = tables.footnotes(blocks)
    for table in fmt.tables.values():
        section = next((s.id for s in fmt.sections.values() if s.table == table.id), None)
        lines = sections.region(found, section, end) if section else None
        if lines is not None:
            attempt = tables.Placed(used=set(placed.used))
            tables.read_table(fmt, table, blocks, lines, attempt, notes)
            if len(attempt.missing_rows) < len(tables.described_rows(fmt, table)):
                placed.merge(attempt)
                continue
        # No section heading, or none of the table under it (tables gathered at the end
        # of the document, as attachments): the whole document, in order.
        tables.read_table(fmt, table, blocks, range(len(blocks)), placed, notes, bounded=False)
    if not placed.values:
        raise InputError([findings.error("import_no_tables", Location(str(path)), format=fmt.name)])

    values: dict[str, object] = {"format": fmt.id}
    if named:
        values["templates"] = named
    if year is not None:
        values["year"] = year
    if agency:
        values["agency.name"] = agency
    signatory = sections.signatory(blocks, end, agency)
    if signatory and "agency.signatory" in fmt.fields:
        values["agency.signatory"] = signatory
    issued = sections.issued(blocks, end)
    if issued is not None:
        values["agency.issued"] = issued
    contact = sections.contact(blocks)
    values.update({key: text for key, text in contact.items() if key in fmt.fields})

    prose_placed = 0
    intro = sections.intro(blocks, title_at + 1, first)
    if intro and "intro" in fmt.fields:
        values["intro"] = intro
        prose_placed += 1
    for section in fmt.sections.values():
        fields = [spec for spec in fmt.fields.values() if spec.section == section.id]
        lines = sections.region(found, section.id, end)
        if not fields or lines is None:
            continue
        paragraphs = sections.prose(blocks, lines, placed.used)
        for key, value in sections.place_fields(fields, paragraphs).items():
            values[key] = value
            prose_placed += 1

    values.update(placed.values)
    unplaced: dict[str, list[str]] = {}
    for table_id, row_text, _ in placed.left_out:
        unplaced.setdefault(table_id, []).append(row_text)
    doubts = {table_id: "\n".join(rows) for table_id, rows in unplaced.items()}
    missing = {}
    for table_id, label in placed.missing_rows:
        for row in fmt.tables[table_id].rows:
            if row.label == label and row.key:
                missing[f"{table_id}.{row.key}"] = label
    text = yearfile.text(fmt, values, _about(), doubts, missing)
    return Imported(
        path,
        fmt,
        text,
        [],
        prose_placed,
        len(placed.values),
        placed.left_out,
        placed.missing_rows,
        values,
        placed.rows,
        anchor,
        search,
    )


def _from_workbook(
    path: Path,
    raw: bytes,
    candidates: list[Format],
    search: tuple[Path, ...],
    named: str | None,
    anchor: Path,
) -> Imported:
    figures = read_xlsx.read(raw)
    if not figures:
        raise InputError([findings.error("import_not_a_report", Location(str(path)))])
    fmt = max(candidates, key=lambda fmt: len(set(figures) & set(fmt.values)))
    values: dict[str, object] = {"format": fmt.id}
    values.update({key: value for key, value in figures.items() if key in fmt.values})
    if len(values) == 1:
        raise InputError([findings.error("import_not_a_report", Location(str(path)))])
    cells = len(values) - 1
    if named:
        values["templates"] = named
    text = yearfile.text(fmt, values, _about(), {}, {})
    return Imported(path, fmt, text, [], 0, cells, values=values, anchor=anchor, search=search)


def _about() -> list[str]:
    """The year file's comment lines saying how it was made (in Chinese, as the file is)."""
    return catalogue.text("import_about", "zh", {}).split("\n")
