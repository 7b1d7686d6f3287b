"""The command line: every command module, each registering its commands on the one Typer app
(reportgen.cli.app) here, in one list, and :func:`main`, the console script.

Stdout carries only the paths written; diagnostics go to stderr. Exit codes: 0 success,
1 the input (or a template, or the output directory) is wrong, 2 bad usage, 70 a bug.
"""

from __future__ import annotations

import copy
import sys

import typer

from reportgen.cli import build, preview, start, templates
from reportgen.cli.app import app, help_text

__all__ = ["app", "main"]

# In the order `reportgen --help` lists them.
app.command("formats", help=help_text("help_formats"))(start.list_formats)
app.command("init", help=help_text("help_init"))(start.init)
app.command("schema", help=help_text("help_schema"))(start.print_schema)
app.command("build", help=help_text("help_build"))(build.build)
app.command("check", help=help_text("help_check"))(build.check)
app.command("import", help=help_text("help_import"))(start.import_report)
app.command("audit", help=help_text("help_audit"))(build.audit)
app.command("aggregate", help=help_text("help_aggregate"))(start.aggregate)
app.command("preview", help=help_text("help_preview"))(preview.preview)
app.add_typer(templates.templates_app, name="templates")


def main() -> None:
    only(sys.argv[1:2])(prog_name="reportgen")


def only(first: list[str]) -> typer.Typer:
    """The app with only the command the command line names, when it names one: Typer turns
    each command into a Click command before parsing, about 10 ms of every run's start for all
    of them. Anything else (an option such as --help, a mistyped name) gets the whole app."""
    name = first[0] if first else None
    commands = [info for info in app.registered_commands if info.name == name]
    groups = [info for info in app.registered_groups if info.name == name]
    if not commands and not groups:
        return app
    trimmed = copy.copy(app)
    trimmed.registered_commands, trimmed.registered_groups = commands, groups
    return trimmed


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
