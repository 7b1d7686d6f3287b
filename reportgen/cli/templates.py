"""`reportgen templates list|which|copy`: the template search path inspected, an override
started."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reportgen.cli.app import (
    Force,
    Lang,
    Templates,
    fail,
    folders,
    guard,
    help_text,
)
from reportgen.messages import catalogue as messages

templates_app = typer.Typer(
    no_args_is_help=True,
    help=help_text("help_templates_app"),
)


@templates_app.command("list", help=help_text("help_templates_list"))
def templates_list(templates: Templates = None, lang: Lang = None) -> None:
    """Every template and the directories it is in, the one used first."""
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


@templates_app.command("which", help=help_text("help_templates_which"))
def templates_which(
    name: Annotated[str, typer.Argument(help=help_text("help_template_name"))],
    templates: Templates = None,
    lang: Lang = None,
) -> None:
    """The file a template name resolves to."""
    from reportgen.render.templating import SearchPath

    language = messages.language(lang)
    typer.echo(str(guard(language, False, lambda: SearchPath(folders(templates)).find(name))))


@templates_app.command("copy", help=help_text("help_templates_copy"))
def templates_copy(
    name: Annotated[str, typer.Argument(help=help_text("help_template_name"))],
    to: Annotated[Path, typer.Option("--to", help=help_text("help_templates_to"))],
    force: Force = False,
    lang: Lang = None,
) -> None:
    """A built-in template copied into an override directory."""
    from reportgen.render.templating import DEFAULT_PREFIX, SearchPath
    from reportgen.writers.output import write_all

    language = messages.language(lang)
    source = guard(language, False, lambda: SearchPath().find(DEFAULT_PREFIX + name))
    target = to / name
    if target.exists() and not force:
        fail(messages.text("exists", language, {"path": target}))
    for path in guard(language, False, lambda: write_all({target: source.read_bytes()})):
        typer.echo(str(path))
