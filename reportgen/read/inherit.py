"""Shared defaults: a year file that ``extends`` a shared file takes every value it does not
write itself from that file.

What every department of a government shares (the format, the year, a templates directory,
the issuing date, boilerplate paragraphs) is written once in a shared file; each department's
file says ``extends = "../city-defaults.toml"`` (relative to itself) and writes only what is its
own. Shared files may extend others in turn. Values in the extending file win: tables merge key
by key, anything else (a number, a text, an array such as ``[[problems]]``) is replaced whole.
The merged :class:`~reportgen.read.source.Source` remembers which file wrote each key path, so a
wrong value is reported at its own file and line, also when that is the shared file.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

from reportgen.errors import InputError
from reportgen.messages import findings
from reportgen.messages.catalogue import EXPECTED, phrase
from reportgen.messages.findings import Location
from reportgen.read import source
from reportgen.read.describe import describe
from reportgen.read.source import KeyPath, Source

EXTENDS = "extends"


MAX_CHAIN = 32  # files in one extends chain (a county's file, its city's, its province's …)


def read(path: Path) -> Source:
    """Read a year file with everything it inherits through ``extends``."""
    return _read(path, ())[0]


def extended(own: Source) -> Source:
    """A year file's own values (``own``, read by the caller) with everything it inherits."""
    return _extend(own, ())[0]


def _read(path: Path, chain: tuple[Path, ...]) -> tuple[Source, tuple[Path, ...]]:
    """The file's source, with what it inherits, and the files that were read for it."""
    return _extend(source.read(path), chain)


def _extend(own: Source, chain: tuple[Path, ...]) -> tuple[Source, tuple[Path, ...]]:
    path = own.path
    raw = own.data.get(EXTENDS)
    if raw is None:
        return own, (path,)
    if not isinstance(raw, str) or not raw.strip():
        found = describe(raw)
        raise InputError(
            [
                findings.error(
                    "wrong_type",
                    own.location((EXTENDS,)),
                    EXTENDS,
                    label=phrase("label_shared_file"),
                    expected=EXPECTED["text"],
                    found=found,
                    hint="",
                )
            ]
        )
    shared = Path(os.path.normpath(path.parent / raw.strip()))
    chain = (*chain, path)
    info = _stat(shared)  # one stat for each question below (and the cache's)
    if info is not None and _among(info, chain):
        files = " → ".join(str(item) for item in (*chain, shared))
        raise InputError([findings.error("extends_cycle", _where(own), EXTENDS, files=files)])
    if len(chain) >= MAX_CHAIN:
        error = findings.error(
            "extends_too_deep", _where(own), EXTENDS, limit=MAX_CHAIN, path=str(shared)
        )
        raise InputError([error])
    if info is not None and stat.S_ISDIR(info.st_mode):
        error = findings.error("extends_folder", _where(own), EXTENDS, path=str(shared))
        raise InputError([error])
    if info is None and not os.path.lexists(shared):
        error = findings.error("extends_missing", _where(own), EXTENDS, path=str(shared))
        raise InputError([error])
    # A FIFO or a device is refused when it is read (files.read_bytes), before any stat.
    inherited, files = _shared(shared, chain, info)
    return merge(inherited, own), (path, *files)


def _where(own: Source) -> Location:
    """The ``extends`` line, located only for a message: locating costs as much as parsing."""
    return own.location((EXTENDS,))


# Shared files read in this process, by absolute path, with the file (device and inode: a
# link pointed elsewhere, a file replaced), modification time and size they were read at: a
# batch of departments extending one city file parses it once per process, and a preview
# re-reads it once edited (keeping one version per path). Each entry keeps the files its own
# chain read, to tell a cycle through them.
_SHARED: dict[str, tuple[tuple[int, int, int, int], Source, tuple[Path, ...]]] = {}


def _shared(
    path: Path, chain: tuple[Path, ...], info: os.stat_result | None
) -> tuple[Source, tuple[Path, ...]]:
    if info is None:
        return _read(path, chain)  # a link to nothing, a link loop: reading it says so
    key = os.path.abspath(path)
    version = (info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size)
    cached = _SHARED.get(key)
    # The first file read is this one, which the caller found outside the chain.
    if cached is None or cached[0] != version or any(_same(read, chain) for read in cached[2][1:]):
        cached = _SHARED[key] = (version, *_read(path, chain))
    return cached[1], cached[2]


def _stat(path: Path) -> os.stat_result | None:
    """The file's status (links followed); None where Path.exists says there is no file (any
    other error, no permission, raised as it raises it)."""
    try:
        return os.stat(path)
    except OSError as error:
        if error.errno in _NO_FILE:
            return None
        raise
    except ValueError:  # a NUL in the name
        return None


_NO_FILE = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def _among(info: os.stat_result, chain: tuple[Path, ...]) -> bool:
    """Whether the file of ``info`` is a file of the chain, however each was spelt."""
    return any(os.path.samestat(info, os.stat(other)) for other in chain)


def _same(path: Path, chain: tuple[Path, ...]) -> bool:
    """Whether ``path`` is a file of the chain, however each was spelt."""
    info = _stat(path)
    return info is not None and _among(info, chain)


def merge(shared: Source, own: Source) -> Source:
    """``own`` over ``shared``: tables merged key by key, every other value of ``own`` replacing
    the shared one whole, with each key path's line in the file that wrote it (found when
    first asked for)."""
    replaced: set[KeyPath] = set()
    # A copy: the shared file's source is kept for the next file extending it, and checking
    # cleans the texts of the merged values in place.
    data = _merge(_copy(shared.data), own.data, (), replaced)

    def locate() -> tuple[dict[KeyPath, tuple[int, int]], dict[KeyPath, Path]]:
        lines: dict[KeyPath, tuple[int, int]] = {}
        files: dict[KeyPath, Path] = {}
        for key, position in shared.lines.items():
            if any(key[:end] in replaced for end in range(1, len(key) + 1)):
                continue  # the extending file wrote this value (arrays too) over the shared one
            lines[key] = position
            files[key] = shared.files.get(key, shared.path)
        for key, position in own.lines.items():
            lines[key] = position
            files.pop(key, None)
        return lines, files

    return Source(own.path, data, locate, [*shared.notices, *own.notices])


def _copy(value: Any) -> Any:
    """Tables and arrays copied, down to the (immutable) values."""
    if isinstance(value, dict):
        return {name: _copy(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _merge(
    shared: dict[str, Any], own: dict[str, Any], path: KeyPath, replaced: set[KeyPath]
) -> dict[str, Any]:
    merged = dict(shared)
    for name, value in own.items():
        key = (*path, name)
        if isinstance(value, dict) and isinstance(merged.get(name), dict):
            merged[name] = _merge(merged[name], value, key, replaced)
        else:
            merged[name] = value
            if name in shared:
                replaced.add(key)
    return merged
