"""Reading the files reportgen is given: regular files only, of a bounded size.

A FIFO, a device (``/dev/zero``) or a socket named as a year file, as ``--previous``, as an
``extends`` target, as a template, a format description or a reference document would make a
plain ``read()`` wait for ever or read without end. Every file is opened without blocking,
looked at (fstat) and refused at once unless it is a regular file; its size is capped, and
reading stops one byte past the cap in case it grows meanwhile.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from reportgen.messages.catalogue import Text, phrase

MB = 2**20
YEAR_FILE_LIMIT = 8 * MB  # a year file, or a shared file it extends
TEMPLATE_LIMIT = 2 * MB  # a template, a format description, a stylesheet
REFERENCE_LIMIT = 32 * MB  # a reference .docx (its images, fonts)

_KINDS = (
    (stat.S_ISDIR, "kind_folder"),
    (stat.S_ISFIFO, "kind_fifo"),
    (stat.S_ISCHR, "kind_character_device"),
    (stat.S_ISBLK, "kind_block_device"),
    (stat.S_ISSOCK, "kind_socket"),
)


class NotARegularFile(OSError):
    """The path names a folder, a FIFO, a device or a socket; ``kind`` says which."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path}: {phrase(kind).en}, not a regular file")
        self.path = path
        self.kind = kind


class TooLarge(OSError):
    """The file is larger than ``limit`` bytes."""

    def __init__(self, path: Path, limit: int) -> None:
        super().__init__(f"{path}: larger than {megabytes(limit)}")
        self.path = path
        self.limit = limit


def megabytes(limit: int) -> str:
    return f"{limit // MB} MB"


def read_bytes(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; NotARegularFile, TooLarge or
    the OSError of opening it otherwise (FileNotFoundError, PermissionError)."""
    try:
        handle = os.open(path, _READ)
    except IsADirectoryError:
        raise NotARegularFile(Path(path), _KINDS[0][1]) from None
    except OSError as error:
        if error.errno == errno.ENXIO and stat.S_ISSOCK(os.stat(path).st_mode):
            raise NotARegularFile(Path(path), "kind_socket") from None  # cannot be opened
        raise
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            kind = next((kind for test, kind in _KINDS if test(info.st_mode)), "kind_special")
            raise NotARegularFile(Path(path), kind)
        data = _read_to_end(handle, info.st_size, limit)
    finally:
        os.close(handle)
    if len(data) > limit:
        raise TooLarge(Path(path), limit)
    return data


_READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_to_end(handle: int, size: int, limit: int) -> bytes:
    """At most ``limit`` + 1 bytes, in reads of the size the file says it has (a read of
    ``limit`` bytes at once would allocate that much for every small file), until the end."""
    parts: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = os.read(handle, min(limit + 1 - total, max(size + 1 - total, 1 << 16)))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def check_regular(path: str | Path, limit: int) -> None:
    """What read_bytes would refuse, without reading: for a file another library reads."""
    path = Path(path)
    mode = os.stat(path)
    if not stat.S_ISREG(mode.st_mode):
        kind = next((kind for test, kind in _KINDS if test(mode.st_mode)), "kind_special")
        raise NotARegularFile(path, kind)
    if mode.st_size > limit:
        raise TooLarge(path, limit)


def read_text(path: str | Path, limit: int) -> str:
    """A regular file's text, UTF-8 (a byte-order mark allowed); UnicodeDecodeError else."""
    return read_bytes(path, limit).decode("utf-8-sig")


def refusal(error: OSError) -> Text | None:
    """What to tell the user about a file refused here; None for any other OSError."""
    if isinstance(error, NotARegularFile):
        return phrase("file_special", kind=phrase(error.kind))
    if isinstance(error, TooLarge):
        return phrase("file_too_large", limit=megabytes(error.limit))
    return None
