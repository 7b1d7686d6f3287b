"""A year file's bytes as text: UTF-8 (with or without its mark), UTF-16 and UTF-32, or Chinese
in GB18030 (Chinese Windows' GBK); anything else (a picture, a Word document, another
encoding) refused by name."""

from __future__ import annotations

import codecs
import re

from reportgen.errors import InputError
from reportgen.messages import findings
from reportgen.messages.catalogue import phrase
from reportgen.messages.findings import Finding, Location

_UTF16_32 = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),  # before UTF-16 LE, whose mark begins its own
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "file_kind_png"),
    (b"\xff\xd8\xff", "file_kind_jpeg"),
    (b"GIF87a", "file_kind_gif"),
    (b"GIF89a", "file_kind_gif"),
    (b"%PDF-", "file_kind_pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "file_kind_old_office"),
    (b"\x1f\x8b", "file_kind_gzip"),
    (b"Rar!\x1a\x07", "file_kind_rar"),
    (b"7z\xbc\xaf\x27\x1c", "file_kind_7z"),
)
# Office documents are ZIP archives; the folder of their main part names the kind.
_ZIPPED = (
    (b"word/", "file_kind_docx"),
    (b"xl/", "file_kind_xlsx"),
    (b"ppt/", "file_kind_pptx"),
)
_GB18030 = "GBK/GB18030"


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
    unmarked = _utf16_unmarked(raw) if kind == "file_kind_binary" else None
    if unmarked is not None:
        text, label = unmarked
        return text, [findings.warning("file_decoded", location, encoding=label)]
    if kind is not None:
        raise InputError([findings.error("file_binary", location, kind=phrase(kind))])
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
        # Compiled here, on the rare path: a class of surrogates takes a millisecond to compile.
        return re.sub("[\ud800-\udbff][\udc00-\udfff]", _joined, text), []
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


def _binary(raw: bytes) -> str | None:
    """The catalogue code of what a file that is not text is (a PNG, a .docx…), or None for
    text."""
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    if raw.startswith(b"PK\x03\x04"):
        return next((kind for folder, kind in _ZIPPED if folder in raw), "file_kind_zip")
    return "file_kind_binary" if b"\x00" in raw else None


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
# Ranges, not a regular expression: compiling a character class this wide costs milliseconds
# of every run's start, for a test that only text not in UTF-8 needs.
_CHINESE = (
    "\u00a0-\u00ff",
    "\u2000-\u27ff",
    "\u3000-\u303f",
    "\u3400-\u4dbf",
    "\u4e00-\u9fff",
    "\uf900-\ufaff",
    "\ufe30-\ufe4f",
    "\uff00-\uffef",
    "\U00020000-\U0003134f",
)


def _reads_as_chinese(text: str) -> bool:
    foreign = [char for char in text if char > "\x7f"]
    chinese = sum(1 for char in foreign if any(low <= char <= high for low, _, high in _CHINESE))
    return chinese >= 0.9 * len(foreign)
