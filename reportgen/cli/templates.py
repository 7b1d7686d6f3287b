"""`reportgen templates list|which|copy`: the template search path inspected, an override
started."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reportgen.cli.app import (
    Lang,
    Templates,
    fail,
    folders,
    guard,
)
from reportgen.messages import catalogue as messages

templates_app = typer.Typer(
    no_args_is_help=True,
    help="查看和复制模板（省级、市级模板目录覆盖内置模板） / "
    "inspect template overrides and start new ones",
)


@templates_app.command("list")
def templates_list(templates: Templates = None, lang: Lang = None) -> None:
    """列出全部模板及其所在目录 / List every template and the directory it comes from."""
    from reportgen.render.templating import SearchPath

    language = messages.language(lang)
    listing = guard(language, False, lambda: SearchPath(folders(templates)).listing())
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
    typer.echo(str(guard(language, False, lambda: SearchPath(folders(templates)).find(name))))


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
    source = guard(language, False, lambda: SearchPath().find(DEFAULT_PREFIX + name))
    target = to / name
    if target.exists() and not force:
        fail(messages.text("exists", language, {"path": target}))
    for path in guard(language, False, lambda: write_all({target: source.read_bytes()})):
        typer.echo(str(path))
