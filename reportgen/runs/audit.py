"""`reportgen audit`: published reports imported in memory and checked, each inconsistency
said the way a reader finds it in the published report (table, row and column as printed,
both numbers, the rule). Many files run as a batch, as `check` does (reportgen.runs.batch).

Two reports of the same agency for consecutive years in one audit are also compared with each
other (上年结转 against last year's 结转下年度继续办理, 现行有效件数 against last year's plus
制发 − 废止): the findings go with whichever of the two is audited second.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from reportgen.errors import ReportgenError, Text
from reportgen.formats.description import FieldSpec, Format
from reportgen.importers.report import KINDS, Imported
from reportgen.messages import findings
from reportgen.messages.catalogue import phrase
from reportgen.messages.describe import of_error
from reportgen.messages.findings import Finding, Location
from reportgen.runs import batch, planning
from reportgen.runs.batch import Batch, Options
from reportgen.runs.importing import import_report
from reportgen.runs.planning import FileResult

SUFFIXES = tuple(KINDS)


def audit(
    inputs: Iterable[str | Path],
    *,
    templates: Iterable[str | Path] = (),
    jobs: int | None = None,
    fail_fast: bool = False,
) -> Batch:
    """Plan the audit of published reports (files, directories, glob patterns); iterate the
    returned :class:`~reportgen.runs.batch.Batch` for one result per report."""
    options = Options(None, (), False, tuple(Path(directory) for directory in templates))
    files, shared, missing = planning.expand(inputs, SUFFIXES)
    jobs = jobs or batch.cpu_count()
    return AuditBatch(files, shared, missing, options, _audit_chunk, jobs, fail_fast)


@dataclass(frozen=True)
class AuditResult(FileResult):
    """A report's result, with what comparing it with the agency's other years needs."""

    agency: str = ""
    year: int | None = None
    text: str = ""  # the imported year file
    labels: tuple[tuple[str, str], ...] = ()  # table.row → the row's label as printed


class AuditBatch(Batch):
    """The audit batch: as results come, a report meeting the same agency's report of the
    year before or after is compared with it."""

    def __iter__(self) -> Iterator[FileResult]:
        seen: dict[tuple[str, int], AuditResult] = {}
        for result in super().__iter__():
            if isinstance(result, AuditResult) and result.agency and result.year:
                seen[(result.agency, result.year)] = result
                found: list[Finding] = []
                earlier = seen.get((result.agency, result.year - 1))
                later = seen.get((result.agency, result.year + 1))
                if earlier is not None:
                    found += across_years(earlier, result)
                if later is not None:
                    found += across_years(result, later)
                if found:
                    result = replace(result, findings=(*result.findings, *found))
            yield result


def audit_file(path: Path, templates: tuple[Path, ...] = ()) -> AuditResult:
    imported = import_report(path, templates=templates)
    found = tuple(inconsistencies(imported))
    return AuditResult(
        path,
        (),
        found,
        any(finding.is_error for finding in found),
        str(imported.values.get("agency.name", "")),
        imported.values.get("year"),  # type: ignore[arg-type]
        imported.text,
        tuple(imported.row_labels.items()),
    )


def across_years(earlier: AuditResult, later: AuditResult) -> list[Finding]:
    """The year-to-year rules between two reports of an agency, said of the later one."""
    from reportgen.figures import compute
    from reportgen.read import source
    from reportgen.validate import yearfile as model

    try:
        prior = model.validate(source.parse(earlier.text, earlier.path.with_suffix(".toml")))
        year = model.validate(source.parse(later.text, later.path.with_suffix(".toml")))
    except ReportgenError:
        return []
    figures = compute.compute(year, compute.compute(prior))
    fmt = year.format
    where = Location(str(later.path))
    labels = dict(later.labels)
    found = []
    for finding in figures.findings:
        rule = finding.params.get("rule")
        if finding.code != "rule_failed" or finding.key is None or not _yearly(fmt, rule):
            continue
        spec = fmt.values[finding.key]
        heading = next(
            (s.heading for s in fmt.sections.values() if s.table == spec.table), spec.table
        )
        params = {
            "table": heading,
            "cell": _cell(labels.get(finding.key.rpartition(".")[0], spec.row_label), spec),
            "description": finding.params["description"],
            "left": finding.params["left"],
            "right": finding.params["right"],
            "previous": str(earlier.path),
        }
        found.append(Finding(finding.severity, "audit_previous", where, None, params))
    return found


def _cell(row: str, spec: FieldSpec) -> Text:
    """The cell as a reader finds it: its row and column, or its row alone where the row has
    a single figure (a 统计表)."""
    if spec.column_label:
        return phrase("audit_cell", row=row, column=spec.column_label)
    return phrase("audit_row", row=row)


def _yearly(fmt: Format, rule_id: object) -> bool:
    return any(rule.id == rule_id and rule.needs_previous for rule in fmt.rules)


def _audit_chunk(paths: tuple[Path, ...], options: Options) -> list[FileResult]:
    results = []
    for path in paths:
        try:
            results.append(audit_file(path, options.templates))
        except Exception as error:
            results.append(FileResult(path, (), tuple(of_error(error, Location(str(path)))), True))
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
            "cell": _cell(imported.row_labels.get(row_key, spec.row_label), spec),
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
