"""Reads a year file: bytes → text → TOML values, and the line of every key.

tomllib gives values but no positions, so after it has accepted the text, a small scanner walks
the same (now known-valid) text and records where each key path was written. Every message
about a value can then point at its line.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen import findings
from reportgen.errors import InputError
from reportgen.findings import Location

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

KeyPath = tuple[str | int, ...]


@dataclass
class Source:
    """A parsed year file: its values and where each key path was written."""

    path: Path
    data: dict[str, Any]
    lines: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.path)

    def location(self, path: KeyPath) -> Location:
        """The line of ``path``, or of its nearest written ancestor (``[section]`` header)."""
        for end in range(len(path), 0, -1):
            found = self.lines.get(path[:end])
            if found:
                return Location(self.name, found[0])
        return Location(self.name)


def read(path: Path) -> Source:
    """Read and parse a year file; raise InputError with one finding if that is impossible."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([findings.error("file_missing", Location(name))]) from None
    except IsADirectoryError:
        raise InputError([findings.error("file_is_directory", Location(name))]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(
            [findings.error("file_unreadable", Location(name), reason=reason)]
        ) from None
    if path.is_dir():
        raise InputError([findings.error("file_is_directory", Location(name))])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([findings.error("file_encoding", Location(name))]) from None
    return parse(text, path)


def parse(text: str, path: Path) -> Source:
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        detail, line, column = _syntax_error(str(error))
        location = Location(str(path), line, column)
        raise InputError([findings.error("toml_syntax", location, detail=detail)]) from None
    return Source(path, data, _Locator(text).run())


_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_AT_END = re.compile(r"\s*\(at end of document\)$")

# tomllib's messages, in Chinese for the clerk; the English text is kept for --lang en.
_SYNTAX = [
    (r"Expected '=' after a key in a key/value pair", "键后面缺少等号 ="),
    (r"Invalid value", "值的写法不正确（文字要加引号，数字不加）"),
    (r"Invalid statement", "无法识别的一行（是否漏了等号或引号？）"),
    (r"Invalid initial character for a key part", "键名以不允许的字符开头"),
    (r"Expected newline or end of document after a statement", "一行只能写一个键值对"),
    (r"Unclosed array", "数组缺少右方括号 ]"),
    (r"Unclosed inline table", "行内表缺少右花括号 }"),
    (r"Unterminated string", "字符串缺少结束引号"),
    (r"Invalid date or datetime", "日期写法不正确（应如 2026-01-20）"),
    (
        r"Cannot (overwrite a value|declare .* twice|mutate immutable namespace .*|redefine .*)",
        "同一个键或表被重复定义",
    ),
    (r"Duplicate inline table key.*", "行内表中有重复的键"),
    (r"Expected ']' at the end of a table declaration", "表头缺少右方括号 ]"),
    (r"Expected ']]' at the end of an array declaration", "表数组头缺少 ]]"),
    (r"(Illegal|Found invalid) character.*", "出现了不允许的字符"),
    (r"Unescaped '\\' in a string", "字符串中的反斜杠 \\ 需写成 \\\\"),
]


def _syntax_error(message: str) -> tuple[Any, int | None, int | None]:
    """Split tomllib's message into a bilingual detail and its line and column."""
    from reportgen.messages import Text

    line = column = None
    match = _POSITION.search(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        message = message[: match.start()]
    message = _AT_END.sub("", message)
    for pattern, chinese in _SYNTAX:
        if re.fullmatch(pattern, message):
            return Text(chinese, message), line, column
    return Text(message, message), line, column


class _Locator:
    """Walks valid TOML and records the line and column where each key path is written.

    Arrays of tables get their index in the path (``("problems", 0, "measures")``), as do
    elements of inline arrays, so the location of any value tomllib produced can be found.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.line = 1
        self.line_start = 0
        self.lines: dict[KeyPath, tuple[int, int]] = {}
        self.arrays: dict[KeyPath, int] = {}

    def run(self) -> dict[KeyPath, tuple[int, int]]:
        table: KeyPath = ()
        while True:
            self._skip(newlines=True)
            if self.i >= len(self.text):
                return self.lines
            position = self._position()
            if self.text.startswith("[[", self.i):
                self.i += 2
                key = self._key()
                parent = self._resolve(key[:-1]) + key[-1:]
                index = self.arrays.get(parent, 0)
                self.arrays[parent] = index + 1
                table = (*parent, index)
                self._record(parent, position)
                self.i += 2  # ]]
            elif self.text.startswith("[", self.i):
                self.i += 1
                table = self._resolve(self._key())
                self.i += 1  # ]
            else:
                key = self._key()
                self._skip()
                self.i += 1  # =
                self._record((*table, *key), position)
                self._value((*table, *key))
                continue
            self._record(table, position)

    def _position(self) -> tuple[int, int]:
        return self.line, self.i - self.line_start + 1

    def _record(self, path: KeyPath, position: tuple[int, int]) -> None:
        self.lines.setdefault(path, position)

    def _resolve(self, key: KeyPath) -> KeyPath:
        """Insert the current index after every prefix that is an array of tables."""
        resolved: KeyPath = ()
        for part in key:
            resolved = (*resolved, part)
            if resolved in self.arrays:
                resolved = (*resolved, self.arrays[resolved] - 1)
        return resolved

    def _advance(self, count: int = 1) -> None:
        for _ in range(count):
            if self.text[self.i] == "\n":
                self.line += 1
                self.line_start = self.i + 1
            self.i += 1

    def _skip(self, newlines: bool = False) -> None:
        text = self.text
        while self.i < len(text):
            char = text[self.i]
            if char in " \t\r" or (newlines and char == "\n"):
                self._advance()
            elif char == "#":
                while self.i < len(text) and text[self.i] != "\n":
                    self.i += 1
            else:
                return

    def _key(self) -> KeyPath:
        parts: list[str] = []
        while True:
            self._skip()
            char = self.text[self.i]
            if char in "\"'":
                parts.append(self._string())
            else:
                start = self.i
                while self.i < len(self.text) and (
                    self.text[self.i].isalnum() or self.text[self.i] in "_-"
                ):
                    self.i += 1
                parts.append(self.text[start : self.i])
            self._skip()
            if self.i < len(self.text) and self.text[self.i] == ".":
                self.i += 1
                continue
            return tuple(parts)

    def _string(self) -> str:
        """Skip a string of any of the four kinds; return its raw content (for quoted keys)."""
        text = self.text
        quote = text[self.i]
        if text.startswith(quote * 3, self.i):
            self._advance(3)
            start = self.i
            while not text.startswith(quote * 3, self.i):
                self._advance(2 if quote == '"' and text[self.i] == "\\" else 1)
            end = self.i
            self._advance(3)
            while self.i < len(text) and text[self.i] == quote:  # up to two quotes of content
                self._advance()
            return text[start:end]
        self.i += 1
        start = self.i
        while text[self.i] != quote:
            self.i += 2 if quote == '"' and text[self.i] == "\\" else 1
        self.i += 1
        raw = text[start : self.i - 1]
        if quote == '"' and "\\" in raw:
            return tomllib.loads(f"k = {quote}{raw}{quote}")["k"]
        return raw

    def _value(self, path: KeyPath) -> None:
        self._skip()
        char = self.text[self.i]
        if char in "\"'":
            self._string()
        elif char == "[":
            self._advance()
            index = 0
            while True:
                self._skip(newlines=True)
                if self.text[self.i] == "]":
                    self._advance()
                    return
                self._record((*path, index), self._position())
                self._value((*path, index))
                self._skip(newlines=True)
                if self.text[self.i] == ",":
                    self._advance()
                index += 1
        elif char == "{":
            self._advance()
            while True:
                self._skip()
                if self.text[self.i] == "}":
                    self._advance()
                    return
                position = self._position()
                key = self._key()
                self._skip()
                self._advance()  # =
                self._record((*path, *key), position)
                self._value((*path, *key))
                self._skip()
                if self.text[self.i] == ",":
                    self._advance()
        else:
            while self.i < len(self.text) and self.text[self.i] not in ",]}\n#":
                self.i += 1
