"""`reportgen build`, `check` and `audit`: year files checked and built, one or a batch, and a
batch's progress and summary shown."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reportgen.cli.app import (
    EXIT_BUG,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    FailFast,
    Jobs,
    Lang,
    Previous,
    Strict,
    SummaryFile,
    Templates,
    YearFiles,
    fail,
    guard,
    help_text,
    show,
)
from reportgen.errors import ToolMissing
from reportgen.messages import catalogue as messages

if TYPE_CHECKING:
    from reportgen.runs.batch import Batch


def build(
    year_files: YearFiles,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help=help_text("help_build_output")),
    ] = None,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help=help_text("help_build_to"),
        ),
    ] = "docx,html",
    strict: Strict = False,
    previous: Previous = None,
    templates: Templates = None,
    jobs: Jobs = None,
    fail_fast: FailFast = False,
    summary: SummaryFile = None,
    lang: Lang = None,
) -> None:
    """The report's outputs of one year file, or of a batch."""
    from reportgen.runs.building import build as run_build
    from reportgen.runs.single import CONVERTED, OPTIONAL, OUTPUTS

    language = messages.language(lang)
    outputs = [item.strip().lower() for item in to.split(",") if item.strip()]
    choices = (*OUTPUTS, *CONVERTED, *OPTIONAL)
    unknown = [item for item in outputs if item not in choices]
    if unknown or not outputs:
        found = ", ".join(unknown) or '""'
        fail(
            messages.text(
                "unknown_output", language, {"found": found, "choices": ",".join(choices)}
            )
        )
    batch = batch_inputs(year_files, summary, previous, language)
    skipped = _without_tools(outputs, language)
    outputs = [item for item in outputs if item not in skipped]
    if batch:
        from reportgen.runs.batch import build_many

        code = run_batch(
            "build",
            lambda: build_many(
                year_files,
                output,
                outputs,
                strict=strict,
                templates=templates or (),
                jobs=jobs,
                fail_fast=fail_fast,
            ),
            language,
            summary,
        )
        raise typer.Exit(code or (EXIT_INPUT if skipped else 0))
    year_file = year_files[0]
    built = guard(
        language,
        strict,
        lambda: run_build(
            year_file,
            output,
            outputs,
            strict=strict,
            previous=previous,
            templates=templates or (),
        ),
    )
    show(built.findings, language, strict)
    for path in built.paths:
        typer.echo(str(path))
    if skipped:
        raise typer.Exit(EXIT_INPUT)  # the rest was written, but scripts must notice the gap


def _without_tools(outputs: list[str], language: str) -> set[str]:
    """The outputs whose converter is not installed, each gap said on stderr. The other outputs
    are still built: a clerk without LibreOffice still gets the .docx and .html."""
    if "pdf" not in outputs and "png" not in outputs:
        return set()
    from reportgen.writers import pdf

    skipped: set[str] = set()
    if pdf.find_soffice() is None:
        skipped = {item for item in outputs if item in ("pdf", "png")}
        _say_missing("LibreOffice", skipped, language)
    elif "png" in outputs and pdf.find_pdftoppm() is None:
        skipped = {"png"}
        _say_missing("pdftoppm", skipped, language)
    return skipped


def _say_missing(tool: str, outputs: set[str], language: str) -> None:
    names = "/".join(item.upper() for item in ("pdf", "png") if item in outputs)
    from reportgen.messages.describe import of_error  # errors only: not at every start

    for finding in of_error(ToolMissing(tool, names)):
        typer.echo(finding.render(language), err=True)


def batch_inputs(
    year_files: list[Path], summary: Path | None, previous: Path | None, language: str
) -> bool:
    """Whether the inputs make a batch: several, or a directory or a pattern, or a summary
    asked for. One year file alone keeps the one-file output (findings, then the paths)."""
    import glob

    path = year_files[0]
    # As planning.is_pattern, without importing the batch machinery for one file.
    pattern = glob.has_magic(str(path)) and not path.exists()
    if len(year_files) == 1 and not path.is_dir() and not pattern and summary is None:
        return False
    if previous is not None:  # last year's file is one department's
        fail(messages.text("batch_previous", language, {}))
    return True


def run_batch(
    command: str, plan: Callable[[], Batch], language: str, summary_path: Path | None
) -> int:
    """Run a planned batch, showing its progress and its summary; the exit code."""
    from reportgen.cli.progress import Progress, show_summary
    from reportgen.runs.summary import Summary
    from reportgen.writers.output import write_all

    batch = guard(language, False, plan)
    if batch.asked is not None and batch.asked > batch.jobs:
        from reportgen.runs.batch import cpu_count

        params = {"asked": batch.asked, "jobs": batch.jobs, "files": len(batch.files)}
        notice = messages.text("jobs_lowered", language, {**params, "cores": cpu_count()})
        typer.echo(notice, err=True)
    summary = Summary(command, language, shared=[str(path) for path in batch.shared])
    bug = interrupted = False
    done = 0
    results = iter(batch)
    with Progress(command, len(batch), language) as progress:
        try:
            for result in results:
                # A Ctrl-C waits until this file is reported whole: the count said at the end
                # is then the number of files whose paths were printed.
                with _uninterrupted():
                    if command != "build":  # check, audit: their findings
                        for finding in result.findings:
                            progress.say(finding.render(language))
                    row = summary.add(result)
                    for path in result.written:
                        progress.output(str(path))
                    progress.advance(row)
                    done += 1
                bug = bug or result.bug
        except KeyboardInterrupt:  # work handed out is finished, nothing is half-written
            interrupted = True
            results.close()  # waits for the workers to finish the files they are writing
            for result in batch.late:
                summary.add(result)
                for path in result.written:
                    progress.output(str(path))
            done += len(batch.late)
    summary.not_run = batch.not_run
    show_summary(summary)
    if summary_path is not None:
        content = summary.dump(summary_path)
        guard(language, False, lambda: write_all({summary_path: content}))
    if interrupted:
        params = {"done": done, "total": len(batch)}
        typer.echo(messages.text("batch_stopped", language, params), err=True)
        return EXIT_INTERRUPTED
    return EXIT_BUG if bug else (EXIT_INPUT if summary.failed else 0)


def check(
    year_files: YearFiles,
    previous: Previous = None,
    strict: Strict = False,
    templates: Templates = None,
    jobs: Jobs = None,
    fail_fast: FailFast = False,
    summary: SummaryFile = None,
    fix_punctuation: Annotated[
        bool,
        typer.Option(
            "--fix-punctuation",
            "--fix",
            help=help_text("help_fix_punctuation"),
        ),
    ] = False,
    lang: Lang = None,
) -> None:
    """Every finding of one year file, or of a batch."""
    from reportgen.runs.single import check as run_check

    language = messages.language(lang)
    if fix_punctuation:
        if len(year_files) != 1 or not year_files[0].is_file():
            typer.echo(messages.text("fix_one_file", language, {}), err=True)
            raise typer.Exit(EXIT_USAGE)
        _fix_punctuation(year_files[0], tuple(templates or ()), language, strict)
    if batch_inputs(year_files, summary, previous, language):
        from reportgen.runs.batch import check_many

        code = run_batch(
            "check",
            lambda: check_many(
                year_files,
                strict=strict,
                templates=templates or (),
                jobs=jobs,
                fail_fast=fail_fast,
            ),
            language,
            summary,
        )
        raise typer.Exit(code)
    year_file = year_files[0]
    checked = guard(language, strict, lambda: run_check(year_file, previous, templates or ()))
    show(checked.findings, language, strict, passed=not checked.failed(strict))
    if checked.failed(strict):
        raise typer.Exit(EXIT_INPUT)


def _fix_punctuation(path: Path, templates: tuple[Path, ...], language: str, strict: bool) -> None:
    """Rewrite the year file with full-width punctuation between Chinese characters; stdout
    names it when it was written, as for every file reportgen writes."""
    from reportgen.runs.fixing import fix_punctuation

    fixed = guard(language, strict, lambda: fix_punctuation(path, templates))
    if fixed is None:
        fail(messages.text("punctuation_not_utf8", language, {"path": path}))
    for written in fixed.written:
        typer.echo(str(written))
    params = {"count": fixed.count, "path": path}
    typer.echo(messages.text("punctuation_fixed", language, params), err=True)


def audit(
    reports: Annotated[
        list[Path],
        typer.Argument(
            help=help_text("help_audit_reports"),
            show_default=False,
        ),
    ],
    templates: Templates = None,
    jobs: Jobs = None,
    fail_fast: FailFast = False,
    summary: SummaryFile = None,
    lang: Lang = None,
) -> None:
    """Published reports imported in memory, their inconsistencies listed."""
    from reportgen.runs.audit import audit as plan_audit

    language = messages.language(lang)
    code = run_batch(
        "audit",
        lambda: plan_audit(reports, templates=templates or (), jobs=jobs, fail_fast=fail_fast),
        language,
        summary,
    )
    raise typer.Exit(code)


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """SIGINT held back (where the platform can) while the block runs, then delivered."""
    block = getattr(signal, "pthread_sigmask", None)
    if block is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = block(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, previous)
