"""What a check finds: an error or a warning, where it is, and its message in either language.

Named tuples, as the format specs are: every run creates these two classes, and a frozen
dataclass costs several times as much start-up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

from reportgen.messages import catalogue as messages

ERROR = "error"
WARNING = "warning"


class Location(NamedTuple):
    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class Finding(NamedTuple):
    severity: str
    code: str
    location: Location | None = None
    key: str | None = None
    params: Mapping[str, Any] = MappingProxyType({})

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def message(self, lang: str) -> str:
        return messages.text(self.code, lang, self.params)

    def render(self, lang: str) -> str:
        """``file:line: key.path: message``; warnings say so before the message."""
        prefix = [str(self.location)] if self.location else []
        if self.key:
            prefix.append(self.key)
        body = self.message(lang)
        if self.severity == WARNING:
            body = messages.text("warning_prefix", lang, {"message": body})
        return ": ".join([*prefix, body])


class Sorted:
    """For results that carry findings: the errors and the warnings among them."""

    findings: Sequence[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.is_error]


def error(code: str, location: Location | None = None, key: str | None = None, **params: Any):
    return Finding(ERROR, code, location, key, params)


def warning(code: str, location: Location | None = None, key: str | None = None, **params: Any):
    return Finding(WARNING, code, location, key, params)
