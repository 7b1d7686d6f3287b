"""The commands that make year files: `init`, `import`, `aggregate`; and `formats` and `schema`,
which say what a year file holds."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reportgen.cli.app import (
    EXIT_INPUT,
    EXIT_USAGE,
    FormatOption,
    Lang,
    Templates,
    YearFiles,
    fail,
    folders,
    format_of,
    guard,
    show,
)
from reportgen.messages import catalogue as messages

if TYPE_CHECKING:
    from reportgen.formats.description import Format

FIRST_YEAR = 2008  # the Regulations on the Disclosure of Government Information took effect


def list_formats(templates: Templates = None, lang: Lang = None) -> None:
    """列出可用的报告格式 / List the report formats."""
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
        typer.Option(
            "--format", "-f", help="报告格式（默认 2021） / report format (default: 2021)"
        ),
    ] = None,
    agency: Annotated[str, typer.Option("--agency", help="机关名称 / agency name")] = "某某单位",
    year: Annotated[
        int | None, typer.Option("--year", help="报告年度（默认为上一年） / report year")
    ] = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="写入的年度数据文件 / the year file to write")
    ] = Path("year.toml"),
    force: Annotated[
        bool, typer.Option("--force", help="覆盖已有文件 / overwrite an existing file")
    ] = False,
    templates: Templates = None,
    last: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="由上年的数据文件生成本年的（结转数字、机关信息） / start from last year's file",
        ),
    ] = None,
    lang: Lang = None,
) -> None:
    """生成一个待填写的年度数据文件（含全部键和中文注释）及其 JSON Schema；--from 由上年文件
    结转 / Write a year file to fill in, with every key commented, and its JSON Schema;
    --from rolls last year's file forward."""
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
        Path | None, typer.Option("-o", "--output", help="写入文件（默认输出到屏幕） / file")
    ] = None,
    templates: Templates = None,
    lang: Lang = None,
) -> None:
    """输出年度数据文件的 JSON Schema，供编辑器补全和校验 /
    Print the JSON Schema of a format's year file, for editors."""
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
            help="已发布的报告：.docx、网页另存的 .html、复制的 .txt 或 aggregate --xlsx 的工作簿"
            " / a published report (.docx, saved .html, copied .txt, aggregate's .xlsx)",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="写入的年度数据文件（默认与报告同名 .toml） / the year file"
        ),
    ] = None,
    format_id: Annotated[
        str | None,
        typer.Option("--format", "-f", help="报告格式（默认自动识别） / report format"),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="覆盖已有文件 / overwrite an existing file")
    ] = False,
    templates: Templates = None,
    lang: Lang = None,
) -> None:
    """把已发布的报告导入为年度数据文件 / Import a published report as a year file."""
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
        typer.Option(
            "-o", "--output", help="写入的本级政府年度数据文件 / the summed year file to write"
        ),
    ],
    agency: Annotated[
        str, typer.Option("--agency", help="本级政府名称，如 某某市人民政府 / the government")
    ],
    xlsx: Annotated[
        Path | None,
        typer.Option("--xlsx", help="另存汇总表和各部门数据的 .xlsx / also write an .xlsx"),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="覆盖已有文件 / overwrite an existing file")
    ] = False,
    templates: Templates = None,
    lang: Lang = None,
) -> None:
    """汇总各部门的数据文件，生成本级政府的年度数据文件 /
    Sum the departments' year files into the government-level year file."""
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
