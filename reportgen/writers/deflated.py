"""A zip archive of deflated parts, byte for byte as ``zipfile`` writes it with ``writestr`` of a
``ZipInfo`` at deflate level 1 (the .docx package), but with each part compressed separately:
the parts of the reference document that every report repeats are compressed once per process,
not once per report, and no ZipInfo, lock or seek is made per part.

Only what the .docx needs: deflate, names and sizes without ZIP64 (a report's parts are a few
megabytes at most), no comments, no extra fields.
"""

from __future__ import annotations

import struct
import sys
import zlib

LEVEL = 1  # the fastest deflate: a third of the default's time, a report 1 KB larger
_VERSION = 20  # version needed to extract (and made by): deflate
_SYSTEM = 0 if sys.platform == "win32" else 3  # the maker's system, as zipfile names it
_PERMISSIONS = 0o600 << 16  # what zipfile gives a part written without any
_UTF8_NAME = 0x800
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_LIMIT = (1 << 31) - 1  # zipfile turns to ZIP64 (another layout) past this


class Member:
    """A part deflated, with what its headers say of it."""

    __slots__ = ("crc", "data", "flags", "name", "size")

    def __init__(self, name: str, content: bytes) -> None:
        if len(content) * 1.05 > _LIMIT:
            raise ValueError(f"{name}: {len(content)} bytes is too large for a .docx part")
        try:
            self.name, self.flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            self.name, self.flags = name.encode("utf-8"), _UTF8_NAME
        compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)  # as zipfile makes it
        self.data = compressor.compress(content) + compressor.flush()
        self.crc = zlib.crc32(content)
        self.size = len(content)


_KEPT: dict[str, tuple[object, dict[str, Member]]] = {}


def kept(key: str, owner: object, parts: list[tuple[str, bytes]]) -> dict[str, Member]:
    """``parts`` deflated, by name in order: once for each ``owner`` (a reference document read
    once per version) kept under ``key`` (its path), which a newer owner replaces."""
    cached = _KEPT.get(key)
    if cached is None or cached[0] is not owner:
        cached = _KEPT[key] = (owner, {name: Member(name, data) for name, data in parts})
    return cached[1]


def archive(members: list[Member], date_time: tuple[int, ...]) -> bytes:
    """The zip archive of ``members`` in order, each dated ``date_time`` (year … second)."""
    year, month, day, hour, minute, second = date_time[:6]
    date = (year - 1980) << 9 | month << 5 | day
    time = hour << 11 | minute << 5 | second // 2
    pieces: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for member in members:
        name, packed = member.name, len(member.data)
        local = _LOCAL.pack(
            b"PK\x03\x04", _VERSION, 0, member.flags, zlib.DEFLATED, time, date,
            member.crc, packed, member.size, len(name), 0,
        )  # fmt: skip
        pieces += [local, name, member.data]
        central += [
            _CENTRAL.pack(
                b"PK\x01\x02", _VERSION, _SYSTEM, _VERSION, 0, member.flags, zlib.DEFLATED,
                time, date, member.crc, packed, member.size, len(name), 0, 0, 0, 0,
                _PERMISSIONS, offset,
            ),
            name,
        ]  # fmt: skip
        offset += len(local) + len(name) + packed
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(pieces) + directory + end
