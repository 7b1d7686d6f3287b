"""`reportgen audit`: published reports imported in memory and checked, each inconsistency
said the way a reader finds it in the published report (table, row and column as printed,
both numbers, the rule). Many files run as a batch, as `check` does (reportgen.batch).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reportgen import batch, findings
from reportgen.batch import Batch, FileResult, Options
from reportgen.findings import Finding, Location
from reportgen.importers.report import KINDS, Imported, import_report

SUFFIXES = tuple(KINDS)


def audit(
    inputs: Iterable[str | Path],
    *,
    templates: Iterable[str | Path] = (),
    jobs: int | None = None,
    fail_fast: bool = False,
) -> Batch:
    """Plan the audit of published reports (files, directories, glob patterns); iterate the
    returned :class:`~reportgen.batch.Batch` for one result per report."""
    options = Options(None, (), False, tuple(Path(directory) for directory in templates))
    files, shared, missing = batch.expand(inputs, SUFFIXES)
    jobs = jobs or batch.cpu_count()
    return Batch(files, shared, missing, options, _audit_chunk, jobs, fail_fast)


def audit_file(path: Path, templates: tuple[Path, ...] = ()) -> FileResult:
    imported = import_report(path, templates=templates)
    found = tuple(inconsistencies(imported))
    return FileResult(path, (), found, any(finding.is_error for finding in found))


def _audit_chunk(paths: tuple[Path, ...], options: Options) -> list[FileResult]:
    results = []
    for path in paths:
        try:
            results.append(audit_file(path, options.templates))
        except Exception as error:
            results.append(FileResult(path, (), tuple(batch.as_findings(path, error)), True))
    return results


def inconsistencies(imported: Imported) -> list[Finding]:
    """The published figures' broken rules, located in the published report."""
    fmt = imported.format
    where = Location(str(imported.path))
    found = []
    for finding in imported.findings:
        if finding.code not in ("total_mismatch", "rule_failed") or finding.key is None:
            continue
        spec = fmt.values[finding.key]
        table = fmt.tables[spec.table or ""]
        heading = next((s.heading for s in fmt.sections.values() if s.table == table.id), "")
        row_key = finding.key.rpartition(".")[0]
        place = {
            "table": heading or table.title,
            "row": imported.row_labels.get(row_key, spec.row_label),
            "column": spec.column_label or spec.row_label,
        }
        params = finding.params
        if finding.code == "total_mismatch":
            found.append(
                findings.Finding(
                    finding.severity,
                    "audit_total",
                    where,
                    None,
                    {
                        **place,
                        "given": params["given"],
                        "computed": params["computed"],
                        "description": params["description"],
                    },
                )
            )
        else:
            found.append(
                findings.Finding(
                    finding.severity,
                    "audit_rule",
                    where,
                    None,
                    {
                        "table": place["table"],
                        "left": params["left"],
                        "right": params["right"],
                        "description": params["description"],
                    },
                )
            )
    return found
