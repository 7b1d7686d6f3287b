"""The exception tree. The library raises these and never prints or exits; cli.py turns them
into messages and exit codes in one place."""

from __future__ import annotations

from typing import Any, NamedTuple


class Text(NamedTuple):
    """A phrase in both languages. It lives here, at the bottom, because errors carry their
    wording; the message catalogue (reportgen.messages.catalogue) builds every one of them."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class ReportgenError(Exception):
    """Base of every error reportgen raises on purpose."""


class InputError(ReportgenError):
    """The year file (or another input) is wrong; carries every finding at once."""

    # The findings (reportgen.messages.findings.Finding) are typed as objects: the exception
    # tree sits below the messages and imports none of them.
    def __init__(self, findings: list[Any]) -> None:
        super().__init__(f"{len(findings)} problem(s) in the input")
        self.findings = findings


class FormatError(ReportgenError):
    """A format description (format.toml) is malformed: a mistake of its maintainer. Carries a
    message code of the catalogue with its parameters, that message worded in both languages
    (reportgen.formats.problem.format_error words it), and where it is: the file, line and key."""

    def __init__(
        self,
        path: str,
        code: str,
        wording: Text,
        line: int | None = None,
        key: str | None = None,
        **params: object,
    ) -> None:
        self.path = path
        self.code = code
        self.wording = wording
        self.line = line
        self.key = key
        self.params = params
        super().__init__(self.render("en"))

    def render(self, lang: str) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        parts = [where, *([self.key] if self.key else [])]
        return ": ".join([*parts, self.wording.get(lang)])


class TemplateError(ReportgenError):
    """A template failed to load or render; points at the template file and line. The message
    is Jinja's own (English) or reportgen's, in both languages."""

    def __init__(
        self, message: str | Text, name: str | None = None, line: int | None = None
    ) -> None:
        text = message if isinstance(message, Text) else Text(message, message)
        where = f"{name}:{line}: " if name and line else (f"{name}: " if name else "")
        super().__init__(f"{where}{text.en}")
        self.name = name
        self.line = line
        self.message = text.en
        self.detail = Text(where + text.zh, where + text.en)


class TemplateMissing(TemplateError):
    """No directory of the search path has the template; says which were searched."""

    def __init__(self, name: str, searched: tuple[str, ...]) -> None:
        super().__init__(f"not found (searched: {', '.join(searched)})", name)
        self.searched = searched


class MarkupError(ReportgenError):
    """Rendered content used markup that the writers do not know."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"content markup line {line}: {message}")
        self.line = line


class ToolMissing(ReportgenError):
    """An external program needed for an output (LibreOffice, pdftoppm) is not installed."""

    def __init__(self, tool: str, output: str) -> None:
        super().__init__(f"{tool} is not installed: cannot make {output}")
        self.tool = tool
        self.output = output


class ConversionFailed(ReportgenError):
    """An external program ran but did not produce its output (it failed or timed out)."""

    def __init__(self, tool: str, detail: str, timeout: float | None = None) -> None:
        super().__init__(f"{tool}: {detail}")
        self.tool = tool
        self.detail = detail
        self.timeout = timeout


class OutputError(ReportgenError):
    """An output could not be written (missing or read-only directory, full disk)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
