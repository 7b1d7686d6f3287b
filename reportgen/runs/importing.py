"""A published report imported: read into a year file's text by reportgen.importers, then
checked in memory as the year file will be written. :func:`import_report` is the library's
entry point (``reportgen.import_report``); the CLI writes what it returns."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from reportgen.errors import InputError
from reportgen.formats.description import Format
from reportgen.importers import report
from reportgen.importers.report import Imported
from reportgen.messages import catalogue as messages
from reportgen.messages.findings import Finding, Location
from reportgen.runs import single

# What the importer writes in place of a cell's text, and the message that says it.
_LEFT_OUT = {"ambiguous": "import_ambiguous", "unmatched": "import_unmatched"}


def import_report(
    path: str | Path,
    format: str | None = None,
    templates: Iterable[str | Path] = (),
    target: str | Path | None = None,
) -> Imported:
    """Read a published report (see reportgen.importers.report.import_report) and add the
    findings of `check` on its text. Writes nothing."""
    imported = report.import_report(path, format, templates, target)
    anchor = imported.anchor if imported.anchor is not None else Path(path).with_suffix(".toml")
    try:
        found = list(single.check_text(imported.text, anchor, imported.search).findings)
    except InputError as error:
        found = list(error.findings)
    return dataclasses.replace(imported, findings=found)


def notes(imported: Imported) -> list[messages.Text]:
    """What the import could not place, row by row, then what it placed, counted."""
    said = []
    for table, row, cell in imported.left_out:
        detail = messages.phrase(_LEFT_OUT[cell]) if cell in _LEFT_OUT else cell
        params = {"table": _heading(imported.format, table), "row": row, "cell": detail}
        said.append(messages.phrase("import_left_out", **params))
    for table, row in imported.missing_rows:
        params = {"table": _heading(imported.format, table), "row": row}
        said.append(messages.phrase("import_missing_row", **params))
    counts = {
        "prose": imported.prose_placed,
        "cells": imported.cells_placed,
        "left_out": len(imported.left_out),
        "missing": len(imported.missing_rows),
    }
    said.append(messages.phrase("import_summary", **counts))
    return said


def located(imported: Imported, target: Path) -> list[Finding]:
    """The check's findings, each naming the year file written."""
    return [
        finding._replace(location=Location(str(target), _line(finding)))
        for finding in imported.findings
    ]


def _line(finding: Finding) -> int | None:
    return finding.location.line if finding.location else None


def _heading(fmt: Format, table: str) -> str:
    return next((s.heading for s in fmt.sections.values() if s.table == table), table)
