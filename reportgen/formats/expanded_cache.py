"""A format description's expanded data kept across processes, as JSON in the cache folder.

Reading a format (three TOML files parsed, merged and checked against the schema) is about a
sixth of a `reportgen check`. The merged data of a description that loaded without a mistake is
kept, with each file it read (its resolved path, CRC-32 and length of its content) and what each
include lookup found; it is used only while every file still reads the same and every lookup
still finds the same. JSON, not pickle: a kept copy is data, never code. It is used only from a
folder that no other user can write, as it skips the schema check.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any

from reportgen import cache
from reportgen.formats.expanding import MAX_BYTES, probe
from reportgen.formats.origins import Origins
from reportgen.read import files

FORMAT_VERSION = 1  # raise when what is kept, or how a description is expanded, changes


def _entry(description: Path) -> Path | None:
    folder = cache.directory("formats")
    if folder is None or not _private(folder):
        return None
    name = str(description.absolute()).encode("utf-8", "surrogateescape")
    return Path(folder) / f"{FORMAT_VERSION}-{zlib.crc32(name):08x}-{len(name)}.json"


def _private(path: str | int) -> bool:
    """Owned by this user and writable by no one else (always true where there are no uids)."""
    if not hasattr(os, "getuid"):
        return True
    status = os.stat(path)
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def _signature(data: bytes) -> list[int]:
    return [zlib.crc32(data), len(data)]


def kept(description: Path) -> dict[str, Any] | None:
    """The expanded data kept for ``description``, if every file and lookup still agree."""
    entry = _entry(description)
    if entry is None:
        return None
    try:
        with open(entry, "rb") as stream:
            if not _private(stream.fileno()):
                return None
            record = json.loads(stream.read())
        if record["description"] != str(description.absolute()):
            return None
        for path, resolved, signature in record["files"]:
            if str(Path(path).resolve()) != resolved:
                return None
            if _signature(files.read_bytes(path, MAX_BYTES)) != signature:
                return None
        for path, found in record["probes"].items():
            if probe(Path(path)) != found:
                return None
        data = record["data"]
    except (OSError, ValueError, KeyError, TypeError, files.NotARegularFile, files.TooLarge):
        return None  # nothing kept yet, or changed, or damaged: read afresh
    return data if isinstance(data, dict) else None


def record(description: Path, data: dict[str, Any], origins: Origins) -> bytes | None:
    """What to keep of a freshly expanded description (taken before anything reads it further);
    None for a value JSON cannot hold (a TOML date): that description is read each time."""
    entry = {
        "description": str(description.absolute()),
        "files": [
            [str(path), str(path.resolve()), _signature(text.encode("utf-8"))]
            for path, text in origins.texts.items()
        ],
        "probes": origins.probes,
        "data": data,
    }
    try:
        return json.dumps(entry, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError):
        return None


def keep(description: Path, encoded: bytes) -> None:
    """Keeps a record (once its description has loaded without a mistake), whole or not at all."""
    entry = _entry(description)
    if entry is None:
        return
    cache.store(entry, encoded)
