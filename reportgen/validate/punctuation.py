"""Half-width punctuation between Chinese characters: found, and fixed in the year file.

Text pasted from a web page brings ``规定,现将`` and ``条例(2019年版)`` into a report whose other
sentences use full-width marks. Only ``, ; : ( ) ?`` that sit between Chinese characters are
meant: ``1,000``, ``http://…`` and English text are left as they are. The fix rewrites those
characters inside the prose strings of the year file and nothing else, byte for byte, so the
clerk's layout, comments and numbers stay as typed.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from reportgen.formats.description import FieldSpec, Format
from reportgen.formats.specs import per_format
from reportgen.messages import findings
from reportgen.messages.catalogue import Text
from reportgen.messages.findings import Finding
from reportgen.read import files
from reportgen.read.source import KeyPath, Source

_HALF_WIDTH = frozenset(",;:?()")
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "(": "（", ")": "）"}
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_BEFORE = f"[{_HAN}》」』）】”’]"  # what may precede a mark: a character, a closing mark
_AFTER = f"[{_HAN}《「『（【“‘]"  # what may follow one: a character, an opening mark
_SINGLE = f"(?<={_BEFORE})[,;:?()](?={_AFTER})"
# A bracketed aside in Chinese: both brackets turn, whatever is next to the inner ones.
_ASIDE = f"\\([^()\\n]*[{_HAN}][^()\\n]*\\)"
_PAIR = f"(?<={_BEFORE}){_ASIDE}|{_ASIDE}(?={_AFTER})"
PROSE = ("text", "paragraphs")
_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_KEY = f"{_PART}(?:[ \t]*\\.[ \t]*{_PART})*[ \t]*=[ \t]*"


@functools.cache
def _pattern(source: str) -> re.Pattern[str]:
    # Compiled on first use: the two patterns with character-class lookbehinds cost about
    # 10 ms to compile, which a check of a file that cites no such mark need not pay.
    return re.compile(source)


class Mark(NamedTuple):  # not a frozen dataclass: cheaper to create at start-up
    offset: int  # in the file's text
    line: int
    string: tuple[int, int]  # the contents of the string it is in
    spec: FieldSpec
    path: KeyPath


def warnings(source: Source, fmt: Format) -> list[Finding]:
    """One warning per prose field with half-width marks between Chinese characters, at the
    line of its first one."""
    if not any(_has_marks(value) for value in _prose_values(source.data, _prose_tree(fmt))):
        return []  # the parsed values first: a clean file is not read a second time
    text = _text(source.path)
    if text is None:
        return []
    first: dict[KeyPath, list[Mark]] = {}
    for mark in _marks(source, fmt, text):
        first.setdefault(mark.path, []).append(mark)
    found = []
    for path, marks in first.items():
        mark = marks[0]
        begin, end = mark.string
        line_start = text.rfind("\n", begin, mark.offset) + 1 or begin
        line_end = text.find("\n", mark.offset, end)
        line_end = end if line_end == -1 else line_end
        example = text[max(line_start, mark.offset - 4) : min(line_end, mark.offset + 5)]
        spec = mark.spec
        found.append(
            findings.warning(
                "half_width_punctuation",
                findings.Location(source.name, mark.line),
                ".".join(map(str, path)),
                label=Text(spec.label, spec.label_en or spec.label),
                count=len(marks),
                example=example,
            )
        )
    return found


def fixed(source: Source, fmt: Format) -> tuple[bytes, int] | None:
    """The year file with every such mark made full-width, and how many were changed; None
    when the file is not UTF-8 (it is rewritten only in the encoding reportgen writes)."""
    raw = source.path.read_bytes()
    text = _text(source.path)
    if text is None:
        return None
    marks = sorted(_marks(source, fmt, text), key=lambda mark: mark.offset)
    chars = list(text)
    for mark in marks:
        chars[mark.offset] = FULL_WIDTH[chars[mark.offset]]
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    return bom + "".join(chars).encode("utf-8"), len(marks)


def _text(path: Path) -> str | None:
    try:
        raw = files.read_bytes(path, files.YEAR_FILE_LIMIT)  # regular, bounded, as first read
        return raw.decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return None


def _marks(source: Source, fmt: Format, text: str) -> Iterator[Mark]:
    starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
    for path, spec in _prose_paths(source, fmt):
        # The parsed value first: a file with no such mark is never walked for its lines.
        if not _has_marks(_value(source.data, path)):
            continue
        if path in source.files or path not in source.lines:
            continue  # inherited from a shared file: fixed there, not here
        line, column = source.lines[path]
        if line > len(starts):
            continue
        offset = starts[line - 1] + column - 1
        key = _pattern(_KEY).match(text, offset)
        if key is None:
            continue  # not where the reader placed it (a control character removed): leave it
        for begin, end in _literals(text, key.end()):
            for offset in sorted(_offsets(text, begin, end)):
                line = bisect.bisect_right(starts, offset)
                yield Mark(offset, line, (begin, end), spec, path)


def _prose_paths(source: Source, fmt: Format) -> Iterator[tuple[KeyPath, FieldSpec]]:
    for spec in fmt.fields.values():
        path = tuple(spec.key.split("."))
        if spec.type in PROSE:
            yield path, spec
        elif spec.table is not None:
            yield (*path, "note"), spec  # { note = "…" }: a footnote of the report's
        elif spec.type == "records":
            node = source.data
            for part in path:
                node = node.get(part) if isinstance(node, dict) else None
            for index in range(len(node) if isinstance(node, list) else 0):
                for item in spec.items:
                    if item.type in PROSE:
                        yield (*path, index, item.key), item


# A format's prose fields as a tree of their keys, made once per format (kept with it, told
# apart by identity): key → (what is prose there, the keys below it). Prose there is True for
# a text, or the prose keys of each record of an array. Walking a file's values down it visits
# only what the file writes, where each field's path walked from the top costs 0.1 ms a file.
_Tree = dict[str, tuple["bool | tuple[str, ...]", "_Tree"]]


@per_format
def _prose_tree(fmt: Format) -> _Tree:
    tree: _Tree = {}
    for spec in fmt.fields.values():
        parts = spec.key.split(".")
        prose: bool | tuple[str, ...] = True
        if spec.table is not None and spec.type not in PROSE:
            parts.append("note")  # { note = "…" }: a footnote of the report's
        elif spec.type == "records":
            prose = tuple(item.key for item in spec.items if item.type in PROSE)
        elif spec.type not in PROSE:
            continue
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, (False, {}))[1]
        node[parts[-1]] = (prose, node.get(parts[-1], (False, {}))[1])
    return tree


def _prose_values(data: object, tree: _Tree) -> Iterator[object]:
    """The values of the prose fields a file writes (as _prose_paths finds them)."""
    if not isinstance(data, dict):
        return
    for part, value in data.items():
        entry = tree.get(part)
        if entry is None:
            continue
        prose, below = entry
        if prose is True:
            yield value
        elif prose and isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    yield from (item.get(key) for key in prose)
        if below:
            yield from _prose_values(value, below)


def _value(data: object, path: KeyPath) -> object:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _has_marks(value: object) -> bool:
    """Whether a parsed prose value (a string, or a list of them) holds a mark to change."""
    if isinstance(value, str):
        if not _HALF_WIDTH.intersection(value):
            return False  # most prose: no half-width mark at all, no pattern to compile
        return bool(_pattern(_SINGLE).search(value) or _pattern(_PAIR).search(value))
    return isinstance(value, list) and any(_has_marks(item) for item in value)


def _offsets(text: str, begin: int, end: int) -> set[int]:
    """Where the marks to change are, within text[begin:end] (a string's contents)."""
    content = text[begin:end]
    found = {begin + match.start() for match in _pattern(_SINGLE).finditer(content)}
    for match in _pattern(_PAIR).finditer(content):
        found |= {begin + match.start(), begin + match.end() - 1}
    return found


def _literals(text: str, at: int) -> Iterator[tuple[int, int]]:
    """The contents (start, end) of the string value written at ``at``: a string, or an
    array of strings; nothing for any other value."""
    for quote in ('"""', "'''"):
        if text.startswith(quote, at):
            end = _closing(text, at + 3, quote)
            if end is not None:
                yield at + 3, end
            return
    if text.startswith(('"', "'"), at):
        quote = text[at]
        end = _closing(text, at + 1, quote)
        if end is not None and "\n" not in text[at + 1 : end]:
            yield at + 1, end
        return
    if text.startswith("[", at):
        index = at + 1
        while index < len(text):
            char = text[index]
            if char in " \t\r\n,":
                index += 1
            elif char == "#":
                newline = text.find("\n", index)
                index = len(text) if newline == -1 else newline
            elif char == "]":
                return
            elif char in "\"'":
                parts = list(_literals(text, index))
                if not parts:
                    return
                yield from parts
                end = parts[-1][1]
                index = end + (3 if text.startswith(char * 3, index) else 1)
            else:
                return


def _closing(text: str, start: int, quote: str) -> int | None:
    """Where the string opened just before ``start`` ends (escapes count in "…" only)."""
    index = start
    while True:
        index = text.find(quote, index)
        if index == -1:
            return None
        backslashes = 0
        while quote[0] == '"' and text[index - 1 - backslashes] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            if len(quote) == 3:  # up to two quotes may end the contents: """a"""" is a"
                run = 3
                while run < 5 and text.startswith(quote[0], index + run):
                    run += 1
                index += run - 3
            return index
        index += 1
