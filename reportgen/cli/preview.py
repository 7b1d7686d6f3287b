"""`reportgen preview`: the report served in the browser while the year file is edited."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reportgen.cli.app import (
    Lang,
    Templates,
    fail,
)
from reportgen.messages import catalogue as messages


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
        fail(messages.text("preview_port", language, {"port": port, "reason": error.reason}))
    with server:
        typer.echo(messages.text("preview_url", language, {"url": server.url}), err=True)
        try:
            server.wait()
        except KeyboardInterrupt:  # how a preview is meant to end: no traceback, exit 0
            typer.echo(messages.text("preview_stopped", language, {}), err=True)
