"""How a batch shows on stderr: a progress bar on a terminal (rich), one plain line per file
elsewhere (a log, CI), and the summary table at the end.

rich is imported only for a terminal: logs and scripts get plain lines, which grep reads.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TextIO

from reportgen.messages import catalogue as messages
from reportgen.runs.summary import BUILT, FAILED, PASSED, Row, Summary

if TYPE_CHECKING:
    from rich.progress import Progress as Bar


class Progress:
    """Files done, failed, and the file just finished; lines printed above the bar."""

    def __init__(
        self, command: str, total: int, language: str, stream: TextIO | None = None
    ) -> None:
        self.command = command  # build or check
        self.total = total
        self.language = language
        self.stream = stream or sys.stderr
        self.done = 0
        self.failed = 0
        self._bar: Bar | None = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.stream.isatty():
            self._start_bar()
        return self

    def __exit__(self, *exception: object) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def say(self, line: str) -> None:
        """A line on stderr (a finding, a note), above the bar while there is one."""
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=self.stream, flush=True)

    def output(self, line: str) -> None:
        """A line on stdout (a path written). Where stdout is the terminal the bar is drawn on,
        it goes above the bar, which would otherwise be drawn over it."""
        if self._bar is not None and sys.stdout.isatty():
            self._bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, flush=True)

    def advance(self, row: Row) -> None:
        self.done += 1
        self.failed += row.status == FAILED
        if self._bar is None:
            self.say(self._line(row))
            return
        counts = self._text("batch_progress", done=self.done, total=self.total, failed=self.failed)
        self._bar.update(self._task, completed=self.done, counts=counts, current=row.file)
        self._bar.refresh()

    def _line(self, row: Row) -> str:
        position = {"done": self.done, "total": self.total, "file": row.file}
        if self.command != "build":  # check, audit
            counts = {"errors": row.errors, "warnings": row.warnings}
            return self._text("batch_checked", **position, **counts)
        if row.status == FAILED:
            return self._text("batch_failed", **position, problem=row.first_problem)
        return self._text("batch_built", **position)

    def _text(self, code: str, **params: Any) -> str:
        return messages.text(code, self.language, params)

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        console = Console(file=self.stream, highlight=False)
        # Refreshed after each file, not by a timer thread: worker processes are forked, and
        # a fork must not copy a thread holding the console's lock.
        self._bar = Bar(
            BarColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}", style="dim"),
            console=console,
            auto_refresh=False,
            redirect_stdout=False,  # stdout carries the paths written, never the bar
            redirect_stderr=False,
        )
        counts = self._text("batch_progress", done=0, total=self.total, failed=0)
        self._task = self._bar.add_task("", total=self.total, counts=counts, current="")
        self._bar.start()
        self._bar.refresh()


def show_summary(summary: Summary, stream: TextIO | None = None) -> None:
    """The table of the files that failed or warned (their first problem), then the counts."""
    stream = stream or sys.stderr
    language = summary.language

    def text(code: str, **params: Any) -> str:
        return messages.text(code, language, params)

    rows = [row for row in summary.rows if row.status == FAILED or row.warnings]
    rows.sort(key=lambda row: (row.status != FAILED, row.file))
    status = {BUILT: "status_built", PASSED: "status_passed", FAILED: "status_failed"}
    if rows and stream.isatty():
        from rich import box
        from rich.console import Console
        from rich.table import Table

        table = Table(box=box.SIMPLE_HEAD, show_lines=False)
        for code in ("column_file", "column_result", "column_warnings", "column_problem"):
            table.add_column(text(code), overflow="fold")
        for row in rows:
            table.add_row(row.file, text(status[row.status]), str(row.warnings), row.first_problem)
        Console(file=stream, highlight=False).print(table)
    else:
        for row in rows:
            print(f"{text(status[row.status])}\t{row.file}\t{row.first_problem}", file=stream)
    for shared in summary.shared:
        print(text("batch_shared", file=shared), file=stream)
    if summary.not_run:
        print(text("batch_not_run", count=summary.not_run), file=stream)
    total = len(summary.rows)
    if summary.command == "build":
        line = text(
            "batch_total_build",
            total=total,
            built=summary.succeeded,
            failed=summary.failed,
            warnings=summary.warnings,
        )
    else:
        line = text(
            "batch_total_check",
            total=total,
            passed=summary.succeeded,
            failed=summary.failed,
            errors=summary.errors,
            warnings=summary.warnings,
        )
    print(line, file=stream)
    if summary.command == "build" and summary.failed:
        print(text("batch_hint"), file=stream)
