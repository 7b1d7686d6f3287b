"""All or nothing on disk: every output is written to a temporary file beside its target and
renamed into place only when all of them were written.

A write that is killed (SIGKILL, a power cut) before it could clean up leaves its temporary
files, ``.<target name>.<process id>.<random>.tmp``. The next write of the same target removes
them once their process is no longer running, or once they are older than a minute: writing
takes milliseconds, so an older one is litter even if its process number has been reused or it
came over a network share from another machine.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
from pathlib import Path

from reportgen.errors import OutputError

STALE_AFTER = 60.0  # seconds


def write_all(files: dict[Path, bytes]) -> list[Path]:
    mode = 0o666 & ~_umask()  # mkstemp makes 0600 files; a report is meant to be shared
    pending: list[tuple[str, Path]] = []
    try:
        for target, data in files.items():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                _sweep(target)
                handle, temporary = tempfile.mkstemp(
                    dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp"
                )
            except OSError as error:
                # A name too long is the report's (a long agency name), not the directory's.
                blamed = target if error.errno == errno.ENAMETOOLONG else target.parent
                raise OutputError(str(blamed), error.strerror or str(error)) from None
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


def _sweep(target: Path) -> None:
    """Remove the temporary files that killed writes of ``target`` left beside it."""
    # Without a process id: written before temporary files were named with one.
    pattern = re.compile(re.escape(f".{target.name}.") + r"(?:(\d+)\.)?\w+\.tmp")
    now = time.time()
    with os.scandir(target.parent) as entries:
        for entry in entries:
            found = pattern.fullmatch(entry.name)
            if found is None:
                continue
            try:
                age = now - entry.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue  # removed meanwhile by another build
            pid = found.group(1)
            if age > STALE_AFTER or (pid is not None and not _running(int(pid))):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _running(pid: int) -> bool:
    if os.name != "posix":
        return True  # os.kill would end the process on Windows: go by age alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, as another user's
    # A killed process answers until its parent collects it (a zombie); Linux tells which.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
