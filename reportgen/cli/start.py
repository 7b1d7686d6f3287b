"""The commands that make year files: `init`, `import`, `aggregate`; and `formats` and `schema`,
which say what a year file holds."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reportgen.cli.app import (
    EXIT_INPUT,
    EXIT_USAGE,
    Force,
    FormatOption,
    Lang,
    Templates,
    YearFiles,
    fail,
    folders,
    format_of,
    guard,
    help_text,
    show,
)
from reportgen.messages import catalogue as messages

if TYPE_CHECKING:
    from reportgen.formats.description import Format

FIRST_YEAR = 2008  # the Regulations on the Disclosure of Government Information took effect


def list_formats(templates: Templates = None, lang: Lang = None) -> None:
    """The report formats, by id and name."""
    language = messages.language(lang)
    found = guard(language, False, lambda: _formats(folders(templates)))
    width = max(map(len, found), default=0)
    for fmt in found.values():
        typer.echo(f"{fmt.id:<{width}}  {fmt.name_en if language == 'en' else fmt.name}")


def _formats(templates: tuple[Path, ...]) -> dict[str, Format]:
    from reportgen.formats import description as formats

    return {key: formats.load(path) for key, path in formats.available(templates).items()}


def init(
    format_id: Annotated[
        str | None,
        typer.Option("--format", "-f", help=help_text("help_init_format")),
    ] = None,
    agency: Annotated[
        str, typer.Option("--agency", help=help_text("help_init_agency"))
    ] = messages.text("init_agency_default", "zh", {}),
    year: Annotated[int | None, typer.Option("--year", help=help_text("help_init_year"))] = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", help=help_text("help_init_output"))
    ] = Path("year.toml"),
    force: Force = False,
    templates: Templates = None,
    last: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help=help_text("help_init_from"),
        ),
    ] = None,
    lang: Lang = None,
) -> None:
    """A year file to fill in and its JSON Schema, or this year's file from last year's."""
    from datetime import date

    from reportgen.runs import starting

    language = messages.language(lang)
    if last is not None:
        if output.exists() and not force:
            fail(messages.text("exists", language, {"path": output}))
        search = tuple(templates or ())
        written = guard(
            language,
            False,
            lambda: starting.write_rolled_forward(last, year, format_id, search, output),
        )
        for path in written:
            typer.echo(str(path))
        return
    fmt = format_of(format_id or "2021", tuple(templates or ()), language)
    if output.exists() and not force:
        fail(messages.text("exists", language, {"path": output}))
    year = year if year is not None else date.today().year - 1
    if not FIRST_YEAR <= year <= date.today().year:
        params = {"low": FIRST_YEAR, "high": date.today().year, "found": year}
        typer.echo(messages.text("init_year", language, params), err=True)
        raise typer.Exit(EXIT_USAGE)
    if not agency.strip():
        typer.echo(messages.text("agency_blank", language, {}), err=True)
        raise typer.Exit(EXIT_USAGE)
    for path in guard(language, False, lambda: starting.write_skeleton(fmt, agency, year, output)):
        typer.echo(str(path))
    # stdout names the files written (for scripts); what to do next is for the clerk.
    typer.echo(messages.text("init_next", language, {"file": output}), err=True)


def print_schema(
    format_id: FormatOption = "2021",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help=help_text("help_schema_output"))
    ] = None,
    templates: Templates = None,
    lang: Lang = None,
) -> None:
    """The JSON Schema of a format's year file, printed or written."""
    from reportgen.runs.starting import schema_text
    from reportgen.writers.output import write_all

    language = messages.language(lang)
    fmt = format_of(format_id, tuple(templates or ()), language)
    text = schema_text(fmt)
    if output is None:
        typer.echo(text, nl=False)
    else:
        guard(language, False, lambda: write_all({output: text.encode()}))
        typer.echo(str(output))


def import_report(
    report: Annotated[
        Path,
        typer.Argument(
            help=help_text("help_import_report"),
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help=help_text("help_import_output")),
    ] = None,
    format_id: Annotated[
        str | None,
        typer.Option("--format", "-f", help=help_text("help_import_format")),
    ] = None,
    force: Force = False,
    templates: Templates = None,
    lang: Lang = None,
) -> None:
    """A published report read into a year file, written with what was left out said."""
    from reportgen.runs import importing
    from reportgen.writers.output import write_all

    language = messages.language(lang)
    target = output if output is not None else report.with_suffix(".toml")
    if target.exists() and not force:
        fail(messages.text("import_exists", language, {"path": target}))
    imported = guard(
        language, False, lambda: importing.import_report(report, format_id, templates or (), target)
    )
    for note in importing.notes(imported):
        typer.echo(note.get(language), err=True)
    written = guard(language, False, lambda: write_all({target: imported.text.encode("utf-8")}))
    show(importing.located(imported, target), language, False)
    for path in written:
        typer.echo(str(path))


def aggregate(
    year_files: YearFiles,
    output: Annotated[
        Path,
        typer.Option("-o", "--output", help=help_text("help_aggregate_output")),
    ],
    agency: Annotated[str, typer.Option("--agency", help=help_text("help_aggregate_agency"))],
    xlsx: Annotated[
        Path | None,
        typer.Option("--xlsx", help=help_text("help_aggregate_xlsx")),
    ] = None,
    force: Force = False,
    templates: Templates = None,
    lang: Lang = None,
) -> None:
    """The departments' year files summed into the government-level year file."""
    from reportgen.runs.aggregate import aggregate as run_aggregate

    language = messages.language(lang)
    if not agency.strip():
        typer.echo(messages.text("agency_blank", language, {}), err=True)
        raise typer.Exit(EXIT_USAGE)
    if output.exists() and not force:  # the office may have written its prose in it
        fail(messages.text("exists", language, {"path": output}))
    result = guard(
        language,
        False,
        lambda: run_aggregate(
            year_files, output, agency=agency, xlsx=xlsx, templates=templates or ()
        ),
    )
    show(result.findings, language, False)
    for path in result.paths:
        typer.echo(str(path))
    if any(finding.is_error for finding in result.findings):
        raise typer.Exit(EXIT_INPUT)
