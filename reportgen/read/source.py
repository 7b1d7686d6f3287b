"""Reads a year file: bytes → text (read/encodings.py) → TOML values (tomli, its errors made
plain by read/toml_errors.py), and the line of every key (read/key_locator.py, run lazily).
"""

from __future__ import annotations

import contextlib
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli

from reportgen.errors import InputError
from reportgen.messages import findings
from reportgen.messages.catalogue import Text, phrase
from reportgen.messages.findings import Finding, Location
from reportgen.read import files
from reportgen.read.encodings import decode
from reportgen.read.key_locator import KeyLocator, KeyPath

if TYPE_CHECKING:
    from collections.abc import Callable


Lines = dict[KeyPath, tuple[int, int]]  # key path → (line, column) where it was written
Files = dict[KeyPath, Path]  # inherited key path → the shared file that wrote it


class Source:
    """A parsed year file: its values and where each key path was written.

    A year file that ``extends`` a shared file holds the values of both (reportgen/inherit.py);
    ``files`` names the shared file that wrote each inherited key path, so that a message about
    an inherited value points at the line that really wrote it.

    Where keys were written is found only when a message first needs a line: walking the text
    for positions costs as much as parsing it, and a clean file needs none.
    """

    def __init__(
        self,
        path: Path,
        data: dict[str, Any],
        locate: Callable[[], tuple[Lines, Files]] | None = None,
        notices: list[Finding] | None = None,
    ) -> None:
        self.path = path
        self.data = data
        self._locate = locate
        self._located: tuple[Lines, Files] | None = None
        # Warnings of reading each file: an encoding other than UTF-8, control characters
        # removed.
        self.notices: list[Finding] = notices if notices is not None else []

    @property
    def lines(self) -> Lines:
        return self._where()[0]

    @property
    def files(self) -> Files:
        return self._where()[1]

    def _where(self) -> tuple[Lines, Files]:
        if self._located is None:
            self._located = self._locate() if self._locate else ({}, {})
            self._locate = None  # the text it closes over is not needed any more
        return self._located

    @property
    def name(self) -> str:
        return str(self.path)

    def location(self, path: KeyPath) -> Location:
        """The file and line of ``path``, or of its nearest written ancestor (``[section]``
        header)."""
        written = self._written(path)
        if written is None:
            return Location(self.name)
        return Location(str(self.origin(written)), self.lines[written][0])

    def origin(self, path: KeyPath) -> Path:
        """The file that wrote ``path`` (or its nearest written ancestor): this one, or a shared
        file it extends. Relative paths in a value are relative to this file."""
        written = self._written(path)
        return self.files.get(written, self.path) if written is not None else self.path

    def _written(self, path: KeyPath) -> KeyPath | None:
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return path[:end]
        return None


def read(path: Path) -> Source:
    """Read and parse a year file; raise InputError with one finding if that is impossible.

    Besides UTF-8, a file whose byte-order mark says UTF-16 or UTF-32, or that reads cleanly as
    Chinese in GB18030 (Chinese Windows' GBK), is read; control characters, which TOML refuses
    and which Word pastes invisibly, are removed. ``Source.notices`` says what was done, for the
    checker to warn about; a binary file or one in another encoding is refused by name.
    """
    name = str(path)
    decoded, decoding = _decoded(path)
    text, removed = _without_controls(decoded)
    try:
        source = parse(text, path)
        _refuse_depth(source.data, name)
    except RecursionError:  # nested deeper than Python's stack: past the limit too
        error = findings.error("toml_too_deep", Location(name), limit=MAX_DEPTH)
        raise InputError([error]) from None
    except InputError as error:
        from reportgen.read.toml_errors import explained  # errors only: not at every start

        raise InputError([explained(text, finding) for finding in error.findings]) from None
    except ValueError:  # a number of thousands of digits, which Python will not convert
        digits = re.search(r"[0-9_]{1000,}", text)
        line = text.count("\n", 0, digits.start()) + 1 if digits else None
        detail = phrase("toml_number_too_long")
        error = findings.error("toml_syntax", Location(name, line), detail=detail)
        raise InputError([error]) from None
    if not source.data:
        raise InputError([findings.error("file_empty", Location(name))])
    source.notices = [*decoding, *_removed(source, decoded, removed)]
    return source


def _decoded(path: Path) -> tuple[str, list[Finding]]:
    """A year file's text and the notices of decoding it; InputError if it cannot be read."""
    name = str(path)
    try:
        raw = files.read_bytes(path, files.YEAR_FILE_LIMIT)
    except FileNotFoundError:
        raise InputError([findings.error("file_missing", Location(name))]) from None
    except files.NotARegularFile as error:
        if error.kind == "kind_folder":
            raise InputError([findings.error("file_is_directory", Location(name))]) from None
        kind = phrase(error.kind)
        raise InputError([findings.error("file_special", Location(name), kind=kind)]) from None
    except files.TooLarge as error:
        limit = files.megabytes(error.limit)
        raise InputError([findings.error("file_too_large", Location(name), limit=limit)]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(
            [findings.error("file_unreadable", Location(name), reason=reason)]
        ) from None
    return decode(raw, name)


def head(path: Path, table: str) -> dict[str, Any]:
    """The values a year file writes before its first table and in its ``[table]``, without
    parsing the rest (prose, figures): what planning a batch needs of each file.

    The text is cut before the table that follows ``[table]``. A cut that parses is one TOML
    sees too (a cut inside a string or an array over lines leaves it open), and no value can
    be written again further down, so for a file its build can read these are the values its
    full parse holds (but for tables added below, such as ``[agency.contact]``). Where no such
    cut parses, the whole file is parsed. Raises what :func:`read` raises for a file that
    cannot be read, and InputError for a TOML error."""
    text = _without_controls(_decoded(path)[0])[0]
    data: dict[str, Any] | None = None
    opened = re.search(rf"^[ \t]*\[[ \t]*{re.escape(table)}[ \t]*\][ \t]*(#.*)?\r?$", text, re.M)
    if opened is not None:
        after = re.compile(r"^[ \t]*\[", re.M).search(text, opened.end())
        with contextlib.suppress(tomli.TOMLDecodeError):
            data = tomli.loads(text[: after.start()] if after else text, parse_float=Decimal)
    if data is None or not isinstance(data.get(table), dict):
        data = parse(text, path).data
    _refuse_depth(data, str(path))
    return data


MAX_DEPTH = 32  # levels of tables, arrays and dotted keys: a year file needs 4


def _refuse_depth(data: dict[str, Any], name: str) -> None:
    """InputError if ``data`` nests deeper than MAX_DEPTH (walked without recursion: the
    code that reads values later recurses)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            error = findings.error("toml_too_deep", Location(name), limit=MAX_DEPTH)
            raise InputError([error])
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _removed(source: Source, text: str, removed: list[tuple[int, int, str]]) -> list[Finding]:
    """A warning for the control characters removed from each value (at its key and line)."""
    if not removed:
        return []
    keys = sorted((position, key) for key, position in source.lines.items())
    lines = text.split("\n")
    grouped: dict[KeyPath, tuple[int, list[str]]] = {}
    for line, column, char in removed:
        earlier = [key for position, key in keys if position <= (line, column)]
        comment = lines[line - 1].lstrip().startswith("#")
        key = earlier[-1] if earlier and not comment else ()
        grouped.setdefault(key, (line, []))[1].append(char)
    return [
        unwritable(Location(source.name, line), key, chars)
        for key, (line, chars) in grouped.items()
    ]


def unwritable(location: Location, key: KeyPath, chars: list[str]) -> Finding:
    """The warning for characters removed from a value, naming each (``U+000B``)."""
    names = [f"U+{ord(char):04X}" for char in dict.fromkeys(chars)]
    return findings.warning(
        "cleaned",
        location,
        ".".join(map(str, key)) or None,
        count=len(chars),
        chars=Text("、".join(names), ", ".join(names)),
    )


# What python-docx cannot write (XML 1.0 has no place for them) and nobody means to type: C0
# controls but tab, newline and carriage return, DEL, lone surrogates, U+FFFE and U+FFFF.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# The part of those TOML refuses in the file itself (it accepts the rest, and escapes).
_RAW_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _without_controls(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """``text`` without the control characters TOML refuses, and where each was (line, column,
    character): Word pastes vertical tabs and bell characters into text, invisibly."""
    if not _RAW_CONTROLS.search(text):
        return text, []
    removed = []
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        for match in _RAW_CONTROLS.finditer(line):
            removed.append((number, match.start() + 1, match.group()))
        lines[number - 1] = _RAW_CONTROLS.sub("", line)
    return "\n".join(lines), removed


def parse(text: str, path: Path) -> Source:
    try:
        data = tomli.loads(text, parse_float=Decimal)
    except tomli.TOMLDecodeError as error:
        from reportgen.read.toml_errors import syntax_error  # errors only: not at every start

        detail = syntax_error(error.msg)
        # An error at the end of the file (a string left open) has no line of its own: the
        # explanation finds where the string opened.
        at_end = error.pos >= len(error.doc)
        location = Location(str(path), *((None, None) if at_end else (error.lineno, error.colno)))
        raise InputError([findings.error("toml_syntax", location, detail=detail)]) from None
    return Source(path, data, lambda: (KeyLocator(text).run(), {}))
