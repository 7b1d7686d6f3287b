"""Any error as a message: the one place where a raised error becomes findings, for the command
line, which prints them, for a batch, which reports them file by file, and for the preview,
which shows them on a page."""

from __future__ import annotations

from reportgen import errors
from reportgen.messages import catalogue as messages
from reportgen.messages.findings import Finding, Location, error


def of_error(raised: BaseException, location: Location | None = None) -> list[Finding]:
    """What a raised error says, as findings; an error that is not reportgen's own is a bug,
    said as such."""
    if isinstance(raised, errors.InputError):
        return list(raised.findings)
    if isinstance(raised, errors.TemplateMissing):
        searched = messages.Text("；".join(raised.searched), "; ".join(raised.searched))
        return [error("template_missing", location, None, name=raised.name, searched=searched)]
    if isinstance(raised, errors.TemplateError):
        return [error("template", location, None, detail=raised.detail)]
    if isinstance(raised, errors.FormatError):
        where = Location(raised.path, raised.line)
        return [error(raised.code, where, raised.key, **raised.params)]
    if isinstance(raised, errors.MarkupError):
        return [error("markup", location, None, detail=str(raised))]
    if isinstance(raised, errors.OutputError):
        return [error("output", location, None, path=raised.path, reason=raised.reason)]
    if isinstance(raised, errors.ToolMissing):
        install = messages.phrase(
            "install_poppler" if raised.tool == "pdftoppm" else "install_libreoffice"
        )
        params = {"outputs": raised.output, "tool": raised.tool, "install": install}
        return [error("tool_missing", location, None, **params)]
    if isinstance(raised, errors.ConversionFailed):
        if raised.timeout is not None:
            seconds = round(raised.timeout)
            return [error("conversion_timeout", location, None, tool=raised.tool, seconds=seconds)]
        return [error("conversion_failed", location, None, tool=raised.tool, detail=raised.detail)]
    if isinstance(raised, errors.ReportgenError):
        return [error("error_detail", location, None, detail=str(raised))]
    return [error("internal", location, None, detail=f"{type(raised).__name__}: {raised}")]
