"""A gettext catalogue (.po) read as compiled messages (.mo).

Compiling needs Babel's .po reader (~80 ms to import); reading a compiled .mo with the standard
library's gettext takes ~0.2 ms. So each .po is compiled once, when its content changes, and the
.mo kept in the cache folder under the .po's checksum; without a writable cache it is
compiled in memory on every run.
"""

from __future__ import annotations

import gettext
import io
import struct
import zlib
from pathlib import Path

from reportgen import cache

FORMAT_VERSION = 1  # raise when the compiled form changes


class _Missing(gettext.NullTranslations):
    """The end of a catalogue's fallbacks: a code the catalogue lacks comes back as None."""

    def gettext(self, message: str) -> str:
        return None  # type: ignore[return-value]


class Messages:
    """One language's messages from one .po file, by code."""

    def __init__(self, mo: bytes, source: Path) -> None:
        self.source = source
        self._translations = gettext.GNUTranslations(io.BytesIO(mo))
        self._translations.add_fallback(_Missing())

    def get(self, code: str) -> str | None:
        return self._translations.gettext(code) if code else None


def load(path: Path) -> Messages:
    data = path.read_bytes()
    # CRC-32 and length tell versions of one file apart (hashlib would add ~3 ms of import).
    key = f"{FORMAT_VERSION}-{zlib.crc32(data):08x}-{len(data)}"
    folder = cache.directory("messages")
    cached = Path(folder) / f"{key}.mo" if folder else None
    if cached is not None:
        try:
            return Messages(cached.read_bytes(), path)
        except (OSError, ValueError, IndexError, struct.error):
            pass  # not compiled yet, or a damaged copy: compiled (again) and stored
    mo = compile_po(data)
    if cached is not None:
        cache.store(cached, mo)
    return Messages(mo, path)


def compile_po(data: bytes) -> bytes:
    """A .po file's bytes compiled to a .mo's (fuzzy and empty entries left out, as msgfmt)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(data), charset="utf-8")
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()
