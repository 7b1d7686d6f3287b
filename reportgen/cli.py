"""The command line: argument parsing and the display of findings and errors, nothing else.

Stdout carries only the paths written; diagnostics go to stderr. Exit codes: 0 success,
1 the input (or a template, or the output directory) is wrong, 2 bad usage, 70 a bug.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from reportgen import __version__, messages
from reportgen.errors import (
    FormatError,
    InputError,
    MarkupError,
    OutputError,
    ReportgenError,
    TemplateError,
)
from reportgen.findings import Finding

T = TypeVar("T")
EXIT_INPUT = 1
EXIT_BUG = 70

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
    """Commands: build, check."""


@app.command()
def build(
    year_file: Annotated[Path, typer.Argument(help="年度数据文件 year.toml / the year file")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="输出目录（默认与数据文件相同） / output directory"),
    ] = None,
    to: Annotated[
        str, typer.Option("--to", help="输出类型，逗号分隔 / output types: docx,html")
    ] = "docx,html",
    strict: Strict = False,
    previous: Previous = None,
    lang: Lang = None,
) -> None:
    """生成报告（.docx 和 .html） / Build the report as .docx and .html."""
    from reportgen.pipeline import OUTPUTS
    from reportgen.pipeline import build as run_build

    language = messages.language(lang)
    outputs = [item.strip().lower() for item in to.split(",") if item.strip()]
    unknown = [item for item in outputs if item not in OUTPUTS]
    if unknown or not outputs:
        found = ", ".join(unknown) or '""'
        _fail(
            messages.text(
                "unknown_output", language, {"found": found, "choices": ",".join(OUTPUTS)}
            )
        )
    built = _guard(
        language,
        strict,
        lambda: run_build(year_file, output, outputs, strict=strict, previous=previous),
    )
    _show(built.findings, language, strict)
    for path in built.paths:
        typer.echo(str(path))


@app.command()
def check(
    year_file: Annotated[Path, typer.Argument(help="年度数据文件 year.toml / the year file")],
    previous: Previous = None,
    strict: Strict = False,
    lang: Lang = None,
) -> None:
    """检查数据文件，列出全部错误和警告 / Check a year file and list every problem."""
    from reportgen.pipeline import check as run_check

    language = messages.language(lang)
    checked = _guard(language, strict, lambda: run_check(year_file, previous))
    _show(checked.findings, language, strict)
    if checked.failed(strict):
        raise typer.Exit(EXIT_INPUT)


def _guard(language: str, strict: bool, action: Callable[[], T]) -> T:
    """Run a library call; turn every error it raises into a message and an exit code."""
    try:
        return action()
    except InputError as error:
        _show(error.findings, language, strict)
        raise typer.Exit(EXIT_INPUT) from None
    except TemplateError as error:
        _fail(messages.text("template", language, {"detail": error}))
    except FormatError as error:
        _fail(messages.text("format_description", language, {"detail": error}))
    except MarkupError as error:
        _fail(messages.text("markup", language, {"detail": error}))
    except OutputError as error:
        _fail(messages.text("output", language, {"path": error.path, "reason": error.reason}))
    except ReportgenError as error:
        _fail(str(error))
    except Exception as error:  # a bug: say so plainly, keep the traceback for maintainers
        if os.environ.get("REPORTGEN_DEBUG"):
            traceback.print_exc()
        detail = f"{type(error).__name__}: {error}"
        typer.echo(messages.text("internal", language, {"detail": detail}), err=True)
        raise typer.Exit(EXIT_BUG) from None


def _show(found: list[Finding], language: str, strict: bool) -> None:
    if not found:
        return
    for finding in found:
        typer.echo(finding.render(language), err=True)
    errors = sum(1 for finding in found if finding.is_error)
    warnings = len(found) - errors
    typer.echo(
        messages.text("summary", language, {"errors": errors, "warnings": warnings}), err=True
    )
    if strict and warnings and not errors:
        typer.echo(messages.text("strict_failed", language, {}), err=True)


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_INPUT)


def main() -> None:
    app(prog_name="reportgen")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
