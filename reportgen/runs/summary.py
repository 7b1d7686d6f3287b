"""A batch's summary: one row per file (never its findings, so memory stays small), the counts,
and the machine-readable copy ``--summary summary.json`` or ``summary.csv`` writes."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reportgen.runs.planning import FileResult

BUILT, PASSED, FAILED = "built", "passed", "failed"


@dataclass(frozen=True, slots=True)  # one per file of a batch: no __dict__ each
class Row:
    file: str
    status: str  # built or passed, failed
    errors: int
    warnings: int
    first_problem: str  # the first error, else the first warning, in the summary's language
    outputs: tuple[str, ...] = ()


@dataclass
class Summary:
    command: str  # build or check
    language: str
    rows: list[Row] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)  # shared-defaults files, skipped
    not_run: int = 0  # files left undone after --fail-fast stopped the batch

    def add(self, result: FileResult) -> Row:
        errors, warnings = result.errors, result.warnings
        first = (errors or warnings)[:1]
        row = Row(
            file=str(result.path),
            status=FAILED if result.failed else (BUILT if self.command == "build" else PASSED),
            errors=len(errors),
            warnings=len(warnings),
            first_problem=first[0].render(self.language) if first else "",
            outputs=tuple(map(str, result.written)),
        )
        self.rows.append(row)
        return row

    @property
    def failed(self) -> int:
        return sum(row.status == FAILED for row in self.rows)

    @property
    def succeeded(self) -> int:
        return len(self.rows) - self.failed

    @property
    def errors(self) -> int:
        return sum(row.errors for row in self.rows)

    @property
    def warnings(self) -> int:
        return sum(row.warnings for row in self.rows)

    def dump(self, path: Path) -> bytes:
        """The summary as the file ``path`` asks for: CSV for ``.csv``, else JSON."""
        return self.csv() if path.suffix.lower() == ".csv" else self.json()

    def json(self) -> bytes:
        document = {
            "command": self.command,
            "files": len(self.rows),
            "succeeded": self.succeeded,
            "failed": self.failed,
            "errors": self.errors,
            "warnings": self.warnings,
            "not_run": self.not_run,
            "shared": self.shared,
            "results": [asdict(row) for row in self._sorted()],
        }
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def csv(self) -> bytes:
        """UTF-8 with a byte-order mark: without it, Excel reads Chinese text as GBK."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["file", "status", "errors", "warnings", "first_problem", "outputs"])
        for row in self._sorted():
            writer.writerow(
                [
                    row.file,
                    row.status,
                    row.errors,
                    row.warnings,
                    row.first_problem,
                    ";".join(row.outputs),
                ]
            )
        return buffer.getvalue().encode("utf-8-sig")

    def _sorted(self) -> list[Row]:
        """Rows by file name: workers finish in any order, a summary is compared run to run."""
        return sorted(self.rows, key=lambda row: row.file)
