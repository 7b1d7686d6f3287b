"""Reads a year file: bytes → text → TOML values, and the line of every key.

tomllib gives values but no positions, so after it has accepted the text, a small scanner walks
the same (now known-valid) text and records where each key path was written. Every message
about a value can then point at its line.
"""

from __future__ import annotations

import codecs
import re
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.errors import InputError
from reportgen.messages import findings
from reportgen.messages.catalogue import Text, phrase
from reportgen.messages.findings import Finding, Location
from reportgen.read import files
from reportgen.read.dates import date_in, date_problem
from reportgen.read.numerals import number_in

if TYPE_CHECKING:
    from collections.abc import Callable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

KeyPath = tuple[str | int, ...]


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
    decoded, decoding = decode(raw, name)
    text, removed = _without_controls(decoded)
    try:
        source = parse(text, path)
        _refuse_depth(source.data, name)
    except RecursionError:  # nested deeper than Python's stack: past the limit too
        error = findings.error("toml_too_deep", Location(name), limit=MAX_DEPTH)
        raise InputError([error]) from None
    except InputError as error:
        raise InputError([_explained(text, finding) for finding in error.findings]) from None
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


_UTF16_32 = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),  # before UTF-16 LE, whose mark begins its own
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", Text("一张 PNG 图片", "a PNG image")),
    (b"\xff\xd8\xff", Text("一张 JPEG 图片", "a JPEG image")),
    (b"GIF87a", Text("一张 GIF 图片", "a GIF image")),
    (b"GIF89a", Text("一张 GIF 图片", "a GIF image")),
    (b"%PDF-", Text("一个 PDF 文件", "a PDF file")),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        Text("一个旧版 Office 文档（.doc、.xls、.wps 等）", "an old Office document (.doc, .xls…)"),
    ),
    (b"\x1f\x8b", Text("一个 gzip 压缩文件", "a gzip archive")),
    (b"Rar!\x1a\x07", Text("一个 RAR 压缩文件", "a RAR archive")),
    (b"7z\xbc\xaf\x27\x1c", Text("一个 7z 压缩文件", "a 7z archive")),
)
# Office documents are ZIP archives; the folder of their main part names the kind.
_ZIPPED = (
    (b"word/", Text("一个 Word 文档（.docx）", "a Word document (.docx)")),
    (b"xl/", Text("一个 Excel 表格（.xlsx）", "an Excel workbook (.xlsx)")),
    (b"ppt/", Text("一个 PowerPoint 演示文稿（.pptx）", "a PowerPoint presentation (.pptx)")),
)
_ZIP = Text("一个 ZIP 压缩文件", "a ZIP archive")
_BINARY = Text("一个二进制文件（含有空字节）", "a binary file (it has NUL bytes)")
_GB18030 = "GBK/GB18030"
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def decode(raw: bytes, name: str) -> tuple[str, list[Finding]]:
    """The text of a year file, and a warning when it was not UTF-8; InputError naming what
    the file is when it is not text, or the line of the first byte that is not UTF-8."""
    location = Location(name)
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]  # UTF-8 all the same: Notepad writes the mark
    else:
        for mark, codec, label in _UTF16_32:
            if raw.startswith(mark):
                try:
                    text = raw.decode(codec)
                except UnicodeDecodeError:
                    error = findings.error("file_bad_bom", location, encoding=label)
                    raise InputError([error]) from None
                return text, [findings.warning("file_decoded", location, encoding=label)]
    kind = _binary(raw)
    unmarked = _utf16_unmarked(raw) if kind is _BINARY else None
    if unmarked is not None:
        text, label = unmarked
        return text, [findings.warning("file_decoded", location, encoding=label)]
    if kind is not None:
        raise InputError([findings.error("file_binary", location, kind=kind)])
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        failure = error
    try:
        # Surrogates written one by one as UTF-8 (CESU-8, as some Java and Windows tools do):
        # pairs become the character they stand for; lone ones are removed with a warning.
        text = raw.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        pass
    else:
        return _SURROGATE_PAIR.sub(_joined, text), []
    where = Location(name, raw.count(b"\n", 0, failure.start) + 1)
    shown = " ".join(f"0x{byte:02X}" for byte in raw[failure.start : failure.start + 2])
    lenient = raw.decode("utf-8", "replace")
    broken = lenient.count("\ufffd")
    if sum(char > "\x7f" for char in lenient) - broken > broken:
        # Mostly good UTF-8 with a few foreign bytes: text pasted from another encoding.
        # Reading it all as GB18030 would turn the rest into nonsense.
        raise InputError([findings.error("file_mixed", where, bytes=shown)])
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if _reads_as_chinese(text):
            return text, [findings.warning("file_decoded", location, encoding=_GB18030)]
    raise InputError([findings.error("file_encoding", where, bytes=shown)])


def _binary(raw: bytes) -> Text | None:
    """What a file that is not text is (a PNG, a .docx…), or None for text."""
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    if raw.startswith(b"PK\x03\x04"):
        return next((kind for folder, kind in _ZIPPED if folder in raw), _ZIP)
    return _BINARY if b"\x00" in raw else None


def _utf16_unmarked(raw: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark, as some Windows tools write it: a year file is mostly
    ASCII, so every other byte is NUL."""
    if len(raw) % 2:
        return None
    for codec, label, high in (
        ("utf-16-le", "UTF-16LE", raw[1::2]),
        ("utf-16-be", "UTF-16BE", raw[::2]),
    ):
        if high.count(0) * 2 >= len(high):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:
                return text, label
    return None


def _joined(pair: re.Match[str]) -> str:
    return pair.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le")


# What Chinese text in GB18030 decodes to: ideographs, CJK and full-width punctuation, the
# general punctuation “”…—, number forms ①Ⅰ, shapes ■●, and a few Latin-1 signs (·×÷°±).
# Text in another encoding read as GB18030 comes out as kana, Cyrillic, private-use characters.
_CHINESE = re.compile(
    "[\u00a0-\u00ff\u2000-\u27ff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]"
)


def _reads_as_chinese(text: str) -> bool:
    foreign = [char for char in text if char > "\x7f"]
    chinese = sum(1 for char in foreign if _CHINESE.match(char))
    return chinese >= 0.9 * len(foreign)


# tomllib's messages after which the value on the line is worth a closer look, and those
# after which the key is.
_VALUE_ERRORS = (
    "Invalid value",
    "Expected newline or end of document after a statement",
    "Invalid date or datetime",
)
_KEY_ERRORS = (
    "Invalid statement",
    "Expected '=' after a key in a key/value pair",
    "Invalid initial character for a key part",
)


def _explained(text: str, finding: Finding) -> Finding:
    """A TOML syntax error made specific where its line shows the slip a clerk makes (a date
    that does not exist, 1,000, 3件 or 五 unquoted, “quotes”, a full-width ＝, a comma before
    the } of an inline table)."""
    location = finding.location
    if finding.code != "toml_syntax" or location is None:
        return finding
    english = getattr(finding.params.get("detail"), "en", "")
    if location.line is None:  # tomllib says "at end of document" for a string left open
        opened = _opening(text, english)
        return (
            finding if opened is None else replace(finding, location=replace(location, line=opened))
        )
    line = text.split("\n")[location.line - 1].rstrip("\r")
    key, equals, value = line.partition("=")
    better = None
    if english == "Illegal character '\\n'" and line.count('"') % 2:
        better = phrase("toml_unterminated_line")
    elif english == "Invalid initial character for a key part" and "{" in line:
        at = line[location.column - 1 :].strip()[:1] if location.column else ""
        if at == "}":
            better = phrase("toml_trailing_comma")
        elif not at:
            better = phrase("toml_inline_newline")
    if better is None and (english in _KEY_ERRORS or not equals):
        better = _key_slip(line, key if equals else line)
    if better is None and equals and english in _VALUE_ERRORS:
        better = _value_slip(value.split("#")[0].strip())
    if better is None:
        return finding
    return replace(finding, params={**finding.params, "detail": better})


def _opening(text: str, english: str) -> int | None:
    """The line where the string left open at the end of the file begins: the last of an odd
    number of triple quotes, or for a literal string the last line with an odd number of '."""
    if english == "Unterminated string":
        for quote in ('"""', "'''"):
            if text.count(quote) % 2:
                return text.count("\n", 0, text.rindex(quote)) + 1
    elif english == 'Expected "\'"':
        lines = text.split("\n")
        return next((n for n in range(len(lines), 0, -1) if lines[n - 1].count("'") % 2), None)
    return None


def _key_slip(line: str, key: str) -> Text | None:
    """What is wrong with a line whose key tomllib could not read: full-width characters, a key
    in Chinese."""
    if "＝" in line:
        return phrase("toml_fullwidth", char="＝")
    if "\u3000" in line:
        return phrase("toml_fullwidth", char=phrase("full_width_space"))
    key = key.strip()
    if key and not key.startswith(("[", "#", '"', "'")) and not key.isascii():
        return phrase("toml_key_chars", key=key)
    return None


def _value_slip(value: str) -> Text | None:
    """What is wrong with a value tomllib could not read, if it is a slip clerks make."""
    date = date_in(value)
    if date is not None:
        year, month, day = date
        reason = date_problem(year, month, day)
        if reason is not None:
            return phrase("toml_no_such_date", found=value, reason=reason)
        return phrase("toml_date_form", date=f"{year:04d}-{month:02d}-{day:02d}")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", value):
        return phrase("toml_thousands", found=value, number=value.replace(",", ""))
    if re.fullmatch(r"0\d+", value):
        return phrase("toml_leading_zero", found=value, number=int(value))
    if re.fullmatch(r"\d+\.", value):
        return phrase("toml_trailing_dot", found=value, number=value[:-1])
    if value in ("True", "False", "TRUE", "FALSE"):
        return phrase("toml_boolean")
    if value and value[0] in "“”‘’「」『』":
        return phrase("toml_cn_quotes")
    number = number_in(value)
    if number is not None:
        return phrase("toml_number_text", found=value, number=number)
    if value and not value.isascii() and value[0] not in "\"'[{":
        return phrase("toml_unquoted", found=value)
    return None


def parse(text: str, path: Path) -> Source:
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        detail, line, column = _syntax_error(str(error))
        location = Location(str(path), line, column)
        raise InputError([findings.error("toml_syntax", location, detail=detail)]) from None
    return Source(path, data, lambda: (_Locator(text).run(), {}))


def key_lines(text: str) -> dict[KeyPath, tuple[int, int]]:
    """The line and column of every key path written in ``text``, which must be valid TOML
    (format descriptions are located with this too)."""
    return _Locator(text).run()


_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_AT_END = re.compile(r"\s*\(at end of document\)$")

# tomllib's messages, in Chinese for the clerk; the English text is kept for --lang en.
_SYNTAX = [
    (r"Expected '=' after a key in a key/value pair", "键后面缺少等号 ="),
    (r"Invalid value", "值的写法不正确（文字要加引号，数字不加）"),
    (r"Invalid statement", "无法识别的一行（是否漏了等号或引号？）"),
    (r"Invalid initial character for a key part", "键名以不允许的字符开头"),
    (
        r"Expected newline or end of document after a statement",
        "值后面还有多余的内容（一行只写一个键值对；数字不加逗号和单位，文字要加引号）",
    ),
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
    (r"Expected \"'\"", "字符串缺少结束的单引号 '"),
    (r"Invalid hex value", "\\u 或 \\U 后应为十六进制数字"),
    (r"Escaped character is not a Unicode scalar value", "\\u 转义的不是有效的 Unicode 字符"),
]


def _syntax_error(message: str) -> tuple[Any, int | None, int | None]:
    """Split tomllib's message into a bilingual detail and its line and column."""
    from reportgen.messages.catalogue import Text

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
