"""`reportgen preview`: the report served in the browser while the year file is edited."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reportgen.cli.app import (
    Lang,
    Templates,
    fail,
    help_text,
)
from reportgen.messages import catalogue as messages


def preview(
    year_file: Annotated[Path, typer.Argument(help=help_text("help_preview_year_file"))],
    templates: Templates = None,
    port: Annotated[
        int,
        typer.Option("--port", min=0, max=65535, help=help_text("help_preview_port")),
    ] = 8000,
    lang: Lang = None,
) -> None:
    """The report served on 127.0.0.1 until Ctrl-C, reloaded on edits."""
    from reportgen.runs.preview import Preview, ServeError

    language = messages.language(lang)
    try:
        server = Preview(year_file, templates or (), language, port)
    except ServeError as error:
        fail(messages.text("preview_port", language, {"port": port, "reason": error.reason}))
    with server:
        typer.echo(messages.text("preview_url", language, {"url": server.url}), err=True)
        try:
            server.wait()
        except KeyboardInterrupt:  # how a preview is meant to end: no traceback, exit 0
            typer.echo(messages.text("preview_stopped", language, {}), err=True)
