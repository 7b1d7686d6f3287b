"""The command line: every command module, each registering its commands on the one Typer app
(reportgen.cli.app) here, in one list, and :func:`main`, the console script.

Stdout carries only the paths written; diagnostics go to stderr. Exit codes: 0 success,
1 the input (or a template, or the output directory) is wrong, 2 bad usage, 70 a bug.
"""

from __future__ import annotations

import sys

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
    app(prog_name="reportgen")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
