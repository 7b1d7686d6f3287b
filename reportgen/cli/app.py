"""The one Typer app every command registers on, the options they share, the exit codes, and
the one place where errors become messages and exit codes.

Stdout carries only the paths written; diagnostics go to stderr. Exit codes: 0 success,
1 the input (or a template, or the output directory) is wrong, 2 bad usage, 70 a bug.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from reportgen import __version__
from reportgen.errors import InputError, ReportgenError
from reportgen.messages import catalogue as messages
from reportgen.messages.findings import Finding

if TYPE_CHECKING:
    from reportgen.formats.description import Format

T = TypeVar("T")
EXIT_INPUT = 1
EXIT_USAGE = 2  # as Click exits for an option it cannot parse
EXIT_BUG = 70
EXIT_INTERRUPTED = 130  # the shell's code for a command ended by Ctrl-C


def _help_language(argv: list[str]) -> str:
    """The language of the help: ``--lang`` on the command line, else the environment's
    (the help is made before the options are parsed)."""
    for index, argument in enumerate(argv):
        if argument == "--lang" and index + 1 < len(argv):
            return messages.language(argv[index + 1])
        if argument.startswith("--lang="):
            return messages.language(argument.partition("=")[2])
    return messages.language()


HELP_LANGUAGE = _help_language(sys.argv[1:])


def help_text(code: str) -> str:
    """A help text of the catalogue, in the help's language."""
    return messages.text(code, HELP_LANGUAGE, {})


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help=help_text("help_app"),
)

Lang = Annotated[str | None, typer.Option("--lang", help=help_text("help_lang"))]
Strict = Annotated[bool, typer.Option("--strict", help=help_text("help_strict"))]
Previous = Annotated[Path | None, typer.Option("--previous", help=help_text("help_previous"))]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reportgen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=help_text("help_version")),
    ] = False,
) -> None:
    """Commands: build, check, aggregate, import, audit, preview, formats, init, schema."""


FormatOption = Annotated[str, typer.Option("--format", "-f", help=help_text("help_format"))]
Templates = Annotated[
    list[Path] | None, typer.Option("--templates", help=help_text("help_templates"))
]
YearFiles = Annotated[
    list[Path], typer.Argument(help=help_text("help_year_files"), show_default=False)
]


def _jobs(value: int | None) -> int | None:
    """--jobs 0 said in the user's language (Click's own range check speaks English)."""
    if value is not None and value < 1:
        typer.echo(messages.text("jobs_invalid", HELP_LANGUAGE, {"found": value}), err=True)
        raise typer.Exit(EXIT_USAGE)
    return value


Jobs = Annotated[
    int | None, typer.Option("--jobs", "-j", callback=_jobs, help=help_text("help_jobs"))
]
FailFast = Annotated[bool, typer.Option("--fail-fast", help=help_text("help_fail_fast"))]
SummaryFile = Annotated[Path | None, typer.Option("--summary", help=help_text("help_summary"))]
Force = Annotated[bool, typer.Option("--force", help=help_text("help_force"))]


def folders(templates: list[Path] | tuple[Path, ...] | None) -> tuple[Path, ...]:
    """The --templates folders, each an existing folder (InputError otherwise: building with
    the built-in templates instead would be a silent mistake)."""
    from reportgen.validate.yearfile import check_template_folders

    folders = tuple(templates or ())
    check_template_folders(folders)
    return folders


def format_of(format_id: str, templates: tuple[Path, ...], language: str) -> Format:
    from reportgen.formats import description as formats

    fmt = guard(language, False, lambda: formats.find(format_id, folders(templates)))
    if fmt is None:
        choices = "、".join(formats.available(templates))
        found = f'"{format_id}"'
        fail(messages.text("unknown_format", language, {"found": found, "choices": choices}))
    return fmt


def guard(language: str, strict: bool, action: Callable[[], T]) -> T:
    """Run a library call; turn every error it raises into a message and an exit code."""
    try:
        return action()
    except InputError as error:
        show(error.findings, language, strict)
        raise typer.Exit(EXIT_INPUT) from None
    except Exception as error:  # a bug too: said plainly, the traceback kept for maintainers
        from reportgen.messages.describe import of_error  # errors only: not at every start

        bug = not isinstance(error, ReportgenError)
        if bug and os.environ.get("REPORTGEN_DEBUG"):
            traceback.print_exc()
        for finding in of_error(error):
            typer.echo(finding.render(language), err=True)
        raise typer.Exit(EXIT_BUG if bug else EXIT_INPUT) from None


def show(found: list[Finding], language: str, strict: bool, passed: bool = False) -> None:
    """Each finding, then the count. ``passed``: a check that succeeded says so, so that
    success does not look like nothing happened."""
    for finding in found:
        typer.echo(finding.render(language), err=True)
    errors = sum(1 for finding in found if finding.is_error)
    warnings = len(found) - errors
    counts = {"errors": errors, "warnings": warnings}
    if passed:
        typer.echo(messages.text("check_passed", language, counts), err=True)
        return
    if not found:
        return
    typer.echo(messages.text("summary", language, counts), err=True)
    if strict and warnings and not errors:
        typer.echo(messages.text("strict_failed", language, {}), err=True)


def fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_INPUT)
