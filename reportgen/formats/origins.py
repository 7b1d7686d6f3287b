"""Where each part of a format description was written (file, key path, line)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.errors import FormatError
from reportgen.formats.format_schema import KeyPath
from reportgen.formats.problem import format_error


class Origins:
    """Where each part of a description was written, so that a mistake found after the
    descriptions were merged still points at its file, line and key."""

    def __init__(self) -> None:
        self.places: dict[int, tuple[Path, KeyPath]] = {}
        self.texts: dict[Path, str] = {}
        self.lines: dict[Path, dict[KeyPath, tuple[int, int]]] = {}
        self.kept: list[Any] = []  # keeps the registered objects alive: ids stay theirs
        # What each include lookup found ("dir", "missing", or the resolved file), so a kept
        # copy of the expanded description can tell whether the lookups would still agree.
        self.probes: dict[str, str] = {}

    def register(self, data: Any, path: Path, at: KeyPath = ()) -> None:
        if isinstance(data, dict):
            self.places[id(data)] = (path, at)
            self.kept.append(data)
            for key, value in data.items():
                self.register(value, path, (*at, key))
        elif isinstance(data, list):
            self.places[id(data)] = (path, at)
            self.kept.append(data)
            for index, value in enumerate(data):
                self.register(value, path, (*at, index))

    def line(self, path: Path, at: KeyPath) -> int | None:
        """The line of ``at`` in ``path``: located only when a message needs it, as locating
        costs more than reading the description."""
        from reportgen.read.key_locator import key_lines

        if path not in self.lines and path in self.texts:
            try:
                self.lines[path] = key_lines(self.texts[path])
            except RecursionError:
                self.lines[path] = {}
        lines = self.lines.get(path, {})
        for end in range(len(at), -1, -1):
            if at[:end] in lines:
                return lines[at[:end]][0]
        return None

    def error(self, spec: Any, key: str | None, code: str, **params: Any) -> FormatError:
        path, at = self.places.get(id(spec), (Path("format.toml"), ()))
        full = (*at, key) if key is not None else at
        name = ".".join(str(part) for part in full) or None
        return format_error(str(path), code, self.line(path, full), name, **params)
