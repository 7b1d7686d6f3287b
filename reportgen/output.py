"""All or nothing on disk: every output is written to a temporary file beside its target and
renamed into place only when all of them were written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from reportgen.errors import OutputError


def write_all(files: dict[Path, bytes]) -> list[Path]:
    mode = 0o666 & ~_umask()  # mkstemp makes 0600 files; a report is meant to be shared
    pending: list[tuple[str, Path]] = []
    try:
        for target, data in files.items():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                handle, temporary = tempfile.mkstemp(
                    dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
                )
            except OSError as error:
                raise OutputError(str(target.parent), error.strerror or str(error)) from None
            pending.append((temporary, target))
            try:
                os.chmod(temporary, mode)
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                    stream.flush()
                    os.fsync(stream.fileno())
            except OSError as error:
                raise OutputError(str(target), error.strerror or str(error)) from None
        for temporary, target in pending:
            try:
                os.replace(temporary, target)
            except OSError as error:
                raise OutputError(str(target), error.strerror or str(error)) from None
    finally:
        for temporary, _ in pending:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
    return list(files)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
