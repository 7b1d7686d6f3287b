"""The command line: argument parsing and the display of findings and errors, nothing else.

Stdout carries only the paths written; diagnostics go to stderr. Exit codes: 0 success,
1 the input (or a template, or the output directory) is wrong, 2 bad usage, 70 a bug.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from reportgen import __version__
from reportgen.errors import InputError, ReportgenError, ToolMissing
from reportgen.messages import catalogue as messages
from reportgen.messages import findings
from reportgen.messages.describe import of_error
from reportgen.messages.findings import Finding

if TYPE_CHECKING:
    from reportgen.formats.description import Format
    from reportgen.runs.batch import Batch

T = TypeVar("T")
EXIT_INPUT = 1
EXIT_USAGE = 2  # as Click exits for an option it cannot parse
EXIT_BUG = 70
FIRST_YEAR = 2008  # the Regulations on the Disclosure of Government Information took effect
EXIT_INTERRUPTED = 130  # the shell's code for a command ended by Ctrl-C

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="reportgen：由 TOML 年度数据文件生成政府信息公开工作年度报告（.docx、.html）。\n\n"
    "reportgen: builds the annual report on government information disclosure from a TOML "
    "year file.",
)

Lang = Annotated[
    str | None,
    typer.Option("--lang", help="消息语言 zh 或 en（默认按系统区域设置） / message language"),
]
Strict = Annotated[bool, typer.Option("--strict", help="警告也视为错误 / treat warnings as errors")]
Previous = Annotated[
    Path | None,
    typer.Option(
        "--previous",
        help="上一年度的数据文件，用于核对结转和现行有效件数 / "
        "last year's file, for year-to-year checks",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reportgen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="显示版本 / show the version"
        ),
    ] = False,
) -> None:
    """Commands: build, check, aggregate, import, audit, preview, formats, init, schema."""


FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="报告格式（见 reportgen formats） / report format")
]
Templates = Annotated[
    list[Path] | None,
    typer.Option(
        "--templates",
        help="模板目录，可重复，先列出的优先 / template directory (repeatable, first wins)",
    ),
]

YearFiles = Annotated[
    list[Path],
    typer.Argument(
        help="年度数据文件，可多个；也可以是目录（其中的 .toml 文件）或通配符，"
        "如 'depts/**/*.toml' / year files, directories (their .toml files) or glob patterns",
        show_default=False,
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="同时处理的进程数（默认为处理器核数） / worker processes (default: the cores)",
    ),
]
FailFast = Annotated[
    bool,
    typer.Option("--fail-fast", help="有文件失败即停止 / stop after the first failed file"),
]
SummaryFile = Annotated[
    Path | None,
    typer.Option(
        "--summary",
        help="将每个文件的结果写入 .json 或 .csv 文件 / write each file's result as .json or .csv",
    ),
]


@app.command("formats")
def list_formats(templates: Templates = None, lang: Lang = None) -> None:
    """列出可用的报告格式 / List the report formats."""
    language = messages.language(lang)
    found = _guard(language, False, lambda: _formats(_folders(templates)))
    width = max(map(len, found), default=0)
    for fmt in found.values():
        typer.echo(f"{fmt.id:<{width}}  {fmt.name_en if language == 'en' else fmt.name}")


def _formats(templates: tuple[Path, ...]) -> dict[str, Format]:
    from reportgen.formats import description as formats

    return {key: formats.load(path) for key, path in formats.available(templates).items()}


@app.command()
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
    import json
    from datetime import date

    from reportgen.formats import skeleton as scaffold
    from reportgen.formats.year_schema import schema
    from reportgen.writers.output import write_all

    language = messages.language(lang)
    if last is not None:
        from reportgen.runs.rollforward import roll_forward

        if output.exists() and not force:
            _fail(messages.text("exists", language, {"path": output}))
        search = tuple(templates or ())
        text = _guard(language, False, lambda: roll_forward(last, year, format_id, search))
        for path in _guard(language, False, lambda: write_all({output: text.encode("utf-8")})):
            typer.echo(str(path))
        return
    fmt = _format(format_id or "2021", tuple(templates or ()), language)
    schema_path = output.parent / scaffold.SCHEMA_NAME.format(id=fmt.id)
    if output.exists() and not force:
        _fail(messages.text("exists", language, {"path": output}))
    year = year if year is not None else date.today().year - 1
    if not FIRST_YEAR <= year <= date.today().year:
        params = {"low": FIRST_YEAR, "high": date.today().year, "found": year}
        typer.echo(messages.text("init_year", language, params), err=True)
        raise typer.Exit(EXIT_USAGE)
    if not agency.strip():
        typer.echo(messages.text("agency_blank", language, {}), err=True)
        raise typer.Exit(EXIT_USAGE)
    text = scaffold.year_file(fmt, agency, year, schema_path.name)
    files = {
        output: text.encode("utf-8"),
        schema_path: (json.dumps(schema(fmt), ensure_ascii=False, indent=2) + "\n").encode(),
    }
    for path in _guard(language, False, lambda: write_all(files)):
        typer.echo(str(path))
    # stdout names the files written (for scripts); what to do next is for the clerk.
    typer.echo(messages.text("init_next", language, {"file": output}), err=True)


@app.command("schema")
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
    import json

    from reportgen.formats.year_schema import schema
    from reportgen.writers.output import write_all

    language = messages.language(lang)
    fmt = _format(format_id, tuple(templates or ()), language)
    text = json.dumps(schema(fmt), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        _guard(language, False, lambda: write_all({output: text.encode()}))
        typer.echo(str(output))


def _folders(templates: list[Path] | tuple[Path, ...] | None) -> tuple[Path, ...]:
    """The --templates folders, each an existing folder (InputError otherwise: building with
    the built-in templates instead would be a silent mistake)."""
    from reportgen.validate.yearfile import check_template_folders

    folders = tuple(templates or ())
    check_template_folders(folders)
    return folders


def _format(format_id: str, templates: tuple[Path, ...], language: str) -> Format:
    from reportgen.formats import description as formats

    fmt = _guard(language, False, lambda: formats.find(format_id, _folders(templates)))
    if fmt is None:
        choices = "、".join(formats.available(templates))
        found = f'"{format_id}"'
        _fail(messages.text("unknown_format", language, {"found": found, "choices": choices}))
    return fmt


@app.command()
def build(
    year_files: YearFiles,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="输出目录（默认与数据文件相同） / output directory"),
    ] = None,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="输出类型，逗号分隔；pdf 需要 LibreOffice，png 还需要 pdftoppm / "
            "output types: docx,html,pdf,png,html-fragment (pdf needs LibreOffice, png also "
            "pdftoppm; html-fragment is the body alone with inline styles, for a website's CMS)",
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
    """生成报告（.docx 和 .html）；可一次生成多个文件 /
    Build the report as .docx and .html, of one year file or many."""
    from reportgen.runs.single import CONVERTED, OPTIONAL, OUTPUTS
    from reportgen.runs.single import build as run_build

    language = messages.language(lang)
    outputs = [item.strip().lower() for item in to.split(",") if item.strip()]
    choices = (*OUTPUTS, *CONVERTED, *OPTIONAL)
    unknown = [item for item in outputs if item not in choices]
    if unknown or not outputs:
        found = ", ".join(unknown) or '""'
        _fail(
            messages.text(
                "unknown_output", language, {"found": found, "choices": ",".join(choices)}
            )
        )
    batch = _batch_inputs(year_files, summary, previous, language)
    skipped = _without_tools(outputs, language)
    outputs = [item for item in outputs if item not in skipped]
    if batch:
        from reportgen.runs.batch import build_many

        code = _run_batch(
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
    built = _guard(
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
    _show(built.findings, language, strict)
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
    for finding in of_error(ToolMissing(tool, names)):
        typer.echo(finding.render(language), err=True)


def _batch_inputs(
    year_files: list[Path], summary: Path | None, previous: Path | None, language: str
) -> bool:
    """Whether the inputs make a batch: several, or a directory or a pattern, or a summary
    asked for. One year file alone keeps the one-file output (findings, then the paths)."""
    import glob

    path = year_files[0]
    # As batch.is_pattern, without importing the batch machinery for one file.
    pattern = glob.has_magic(str(path)) and not path.exists()
    if len(year_files) == 1 and not path.is_dir() and not pattern and summary is None:
        return False
    if previous is not None:  # last year's file is one department's
        _fail(messages.text("batch_previous", language, {}))
    return True


def _run_batch(
    command: str, plan: Callable[[], Batch], language: str, summary_path: Path | None
) -> int:
    """Run a planned batch, showing its progress and its summary; the exit code."""
    from reportgen.cli.progress import Progress, show_summary
    from reportgen.runs.summary import Summary
    from reportgen.writers.output import write_all

    batch = _guard(language, False, plan)
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
                done += 1
                if command != "build":  # check, audit: their findings
                    for finding in result.findings:
                        progress.say(finding.render(language))
                row = summary.add(result)
                for path in result.written:
                    progress.output(str(path))
                progress.advance(row)
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
        _guard(language, False, lambda: write_all({summary_path: content}))
    if interrupted:
        params = {"done": done, "total": len(batch)}
        typer.echo(messages.text("batch_stopped", language, params), err=True)
        return EXIT_INTERRUPTED
    return EXIT_BUG if bug else (EXIT_INPUT if summary.failed else 0)


@app.command()
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
            help="先把中文之间的半角标点 , ; : ( ) ? 改为全角（改写该文件） / first make half-width"
            " punctuation between Chinese characters full-width, rewriting the file",
        ),
    ] = False,
    lang: Lang = None,
) -> None:
    """检查数据文件，列出全部错误和警告；可一次检查多个文件 /
    Check year files and list every problem."""
    from reportgen.runs.single import check as run_check

    language = messages.language(lang)
    if fix_punctuation:
        if len(year_files) != 1 or not year_files[0].is_file():
            typer.echo(messages.text("fix_one_file", language, {}), err=True)
            raise typer.Exit(EXIT_USAGE)
        _fix_punctuation(year_files[0], tuple(templates or ()), language, strict)
    if _batch_inputs(year_files, summary, previous, language):
        from reportgen.runs.batch import check_many

        code = _run_batch(
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
    checked = _guard(language, strict, lambda: run_check(year_file, previous, templates or ()))
    _show(checked.findings, language, strict, passed=not checked.failed(strict))
    if checked.failed(strict):
        raise typer.Exit(EXIT_INPUT)


def _fix_punctuation(path: Path, templates: tuple[Path, ...], language: str, strict: bool) -> None:
    """Rewrite the year file with full-width punctuation between Chinese characters; stdout
    names it when it was written, as for every file reportgen writes."""
    from reportgen.validate import punctuation
    from reportgen.validate import yearfile as model
    from reportgen.writers.output import write_all

    year = _guard(language, strict, lambda: model.load(path, templates))
    result = punctuation.fixed(year.source, year.format)
    if result is None:
        _fail(messages.text("punctuation_not_utf8", language, {"path": path}))
    data, count = result
    if count:
        for written in _guard(language, False, lambda: write_all({path: data})):
            typer.echo(str(written))
    typer.echo(
        messages.text("punctuation_fixed", language, {"count": count, "path": path}), err=True
    )


@app.command("import")
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
    from reportgen.importers.report import import_report as run_import
    from reportgen.writers.output import write_all

    language = messages.language(lang)
    target = output if output is not None else report.with_suffix(".toml")
    if target.exists() and not force:
        _fail(messages.text("import_exists", language, {"path": target}))
    imported = _guard(
        language, False, lambda: run_import(report, format_id, templates or (), target)
    )
    for table, row, cell in imported.left_out:
        heading = _table_heading(imported.format, table)
        known = {"ambiguous": "import_ambiguous", "unmatched": "import_unmatched"}
        detail = messages.text(known[cell], language, {}) if cell in known else cell
        params = {"table": heading, "row": row, "cell": detail}
        typer.echo(messages.text("import_left_out", language, params), err=True)
    for table, row in imported.missing_rows:
        params = {"table": _table_heading(imported.format, table), "row": row}
        typer.echo(messages.text("import_missing_row", language, params), err=True)
    counts = {
        "prose": imported.prose_placed,
        "cells": imported.cells_placed,
        "left_out": len(imported.left_out),
        "missing": len(imported.missing_rows),
    }
    typer.echo(messages.text("import_summary", language, counts), err=True)
    written = _guard(language, False, lambda: write_all({target: imported.text.encode("utf-8")}))
    # The check ran on a temporary copy: its findings name the file written.
    relocated = [
        replace(finding, location=findings.Location(str(target), _line(finding)))
        for finding in imported.findings
    ]
    _show(relocated, language, False)
    for path in written:
        typer.echo(str(path))


def _line(finding: Finding) -> int | None:
    return finding.location.line if finding.location else None


def _table_heading(fmt: Format, table: str) -> str:
    return next((s.heading for s in fmt.sections.values() if s.table == table), table)


@app.command()
def audit(
    reports: Annotated[
        list[Path],
        typer.Argument(
            help="已发布的报告（.docx、.html、.txt），可多个；也可以是目录或通配符 / published"
            " reports, directories or glob patterns",
            show_default=False,
        ),
    ],
    templates: Templates = None,
    jobs: Jobs = None,
    fail_fast: FailFast = False,
    summary: SummaryFile = None,
    lang: Lang = None,
) -> None:
    """导入已发布的报告并核对其中的数字，列出不一致之处 /
    Import published reports in memory and list their inconsistencies."""
    from reportgen.runs.audit import audit as plan_audit

    language = messages.language(lang)
    code = _run_batch(
        "audit",
        lambda: plan_audit(reports, templates=templates or (), jobs=jobs, fail_fast=fail_fast),
        language,
        summary,
    )
    raise typer.Exit(code)


@app.command()
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
        _fail(messages.text("exists", language, {"path": output}))
    result = _guard(
        language,
        False,
        lambda: run_aggregate(
            year_files, output, agency=agency, xlsx=xlsx, templates=templates or ()
        ),
    )
    _show(result.findings, language, False)
    for path in result.paths:
        typer.echo(str(path))
    if any(finding.is_error for finding in result.findings):
        raise typer.Exit(EXIT_INPUT)


@app.command()
def preview(
    year_file: Annotated[Path, typer.Argument(help="年度数据文件 year.toml / the year file")],
    templates: Templates = None,
    port: Annotated[
        int,
        typer.Option(
            "--port", min=0, max=65535, help="端口，0 为任选 / port on 127.0.0.1 (0: any free)"
        ),
    ] = 8000,
    lang: Lang = None,
) -> None:
    """在浏览器中预览报告，修改后自动刷新 / Serve the report on 127.0.0.1, reloading on edits."""
    from reportgen.runs.preview import Preview, ServeError

    language = messages.language(lang)
    try:
        server = Preview(year_file, templates or (), language, port)
    except ServeError as error:
        _fail(messages.text("preview_port", language, {"port": port, "reason": error.reason}))
    with server:
        typer.echo(messages.text("preview_url", language, {"url": server.url}), err=True)
        try:
            server.wait()
        except KeyboardInterrupt:  # how a preview is meant to end: no traceback, exit 0
            typer.echo(messages.text("preview_stopped", language, {}), err=True)


templates_app = typer.Typer(
    no_args_is_help=True,
    help="查看和复制模板（省级、市级模板目录覆盖内置模板） / "
    "inspect template overrides and start new ones",
)
app.add_typer(templates_app, name="templates")


@templates_app.command("list")
def templates_list(templates: Templates = None, lang: Lang = None) -> None:
    """列出全部模板及其所在目录 / List every template and the directory it comes from."""
    from reportgen.render.templating import SearchPath

    language = messages.language(lang)
    listing = _guard(language, False, lambda: SearchPath(_folders(templates)).listing())
    width = max(map(len, listing), default=0)
    for name, directories in listing.items():
        line = f"{name:<{width}}  {directories[0]}"
        if len(directories) > 1:
            hidden = ", ".join(str(directory) for directory in directories[1:])
            line += "  " + messages.text("overrides", language, {"hidden": hidden})
        typer.echo(line)


@templates_app.command("which")
def templates_which(
    name: Annotated[str, typer.Argument(help="模板名，如 2021/report.html.j2 / template name")],
    templates: Templates = None,
    lang: Lang = None,
) -> None:
    """显示某个模板实际使用的文件 / Show the file a template name resolves to."""
    from reportgen.render.templating import SearchPath

    language = messages.language(lang)
    typer.echo(str(_guard(language, False, lambda: SearchPath(_folders(templates)).find(name))))


@templates_app.command("copy")
def templates_copy(
    name: Annotated[str, typer.Argument(help="模板名，如 2021/report.html.j2 / template name")],
    to: Annotated[Path, typer.Option("--to", help="覆盖模板目录 / the override directory")],
    force: Annotated[
        bool, typer.Option("--force", help="覆盖已有文件 / overwrite an existing file")
    ] = False,
    lang: Lang = None,
) -> None:
    """把内置模板复制到覆盖目录，作为修改的起点 / Copy a built-in template into an override
    directory, to start an override from it."""
    from reportgen.render.templating import DEFAULT_PREFIX, SearchPath
    from reportgen.writers.output import write_all

    language = messages.language(lang)
    source = _guard(language, False, lambda: SearchPath().find(DEFAULT_PREFIX + name))
    target = to / name
    if target.exists() and not force:
        _fail(messages.text("exists", language, {"path": target}))
    for path in _guard(language, False, lambda: write_all({target: source.read_bytes()})):
        typer.echo(str(path))


def _guard(language: str, strict: bool, action: Callable[[], T]) -> T:
    """Run a library call; turn every error it raises into a message and an exit code."""
    try:
        return action()
    except InputError as error:
        _show(error.findings, language, strict)
        raise typer.Exit(EXIT_INPUT) from None
    except Exception as error:  # a bug too: said plainly, the traceback kept for maintainers
        bug = not isinstance(error, ReportgenError)
        if bug and os.environ.get("REPORTGEN_DEBUG"):
            traceback.print_exc()
        for finding in of_error(error):
            typer.echo(finding.render(language), err=True)
        raise typer.Exit(EXIT_BUG if bug else EXIT_INPUT) from None


def _show(found: list[Finding], language: str, strict: bool, passed: bool = False) -> None:
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


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_INPUT)


def main() -> None:
    app(prog_name="reportgen")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
