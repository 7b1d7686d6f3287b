"""Where each key of valid TOML was written: tomli gives values but no positions, so this
scanner walks the same (already accepted) text and records the line and column of every key
path. It runs only when a message first needs a line."""

from __future__ import annotations

import tomli

KeyPath = tuple[str | int, ...]


def key_lines(text: str) -> dict[KeyPath, tuple[int, int]]:
    """The line and column of every key path written in ``text``, which must be valid TOML
    (format descriptions are located with this too)."""
    return KeyLocator(text).run()


class KeyLocator:
    """Walks valid TOML and records the line and column where each key path is written.

    Arrays of tables get their index in the path (``("problems", 0, "measures")``), as do
    elements of inline arrays, so the location of any value tomli produced can be found.
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
            return tomli.loads(f"k = {quote}{raw}{quote}")["k"]
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
