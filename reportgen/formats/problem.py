"""A mistake in a format description, raised as a FormatError worded from the catalogue."""

from __future__ import annotations

from reportgen.errors import FormatError
from reportgen.messages.catalogue import phrase


def format_error(
    path: str, code: str, line: int | None = None, key: str | None = None, **params: object
) -> FormatError:
    """The error for message ``code`` at ``path`` (line, key), worded in both languages."""
    return FormatError(path, code, phrase(code, **params), line, key, **params)
