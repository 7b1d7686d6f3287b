"""All or nothing on disk: one report's outputs replace the previous ones together or not at
all.

Every output is first written to a temporary file beside its target. Only when all of them are
written is each renamed into place; before that, each previous file is kept under a second
name (a hard link, so the target never goes missing), and if a later rename fails the ones
already renamed are put back. A reader sees the old set or the new set, never a mix.

A write that is killed (SIGKILL, a power cut) before it could clean up leaves its temporary
files, ``.<target name>.<process id>.<random>.tmp`` (and ``.old`` for kept previous files).
The first write of a process into a folder removes them once their process is no longer
running, or once they are older than a minute: writing takes milliseconds, so an older one is
litter even if its process number has been reused or it came over a network share from
another machine. A folder is swept once per process (per batch: see :func:`forget_sweeps`),
not once per report, so a batch into one folder does not slow as the folder fills.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import time
from pathlib import Path

from reportgen.errors import OutputError

STALE_AFTER = 60.0  # seconds
# What this module names its temporary files (8 hex digits; earlier versions used mkstemp's
# 8 random characters); the process id is missing in names made before it was added.
_LITTER = re.compile(r"\.(.+?)\.(?:(\d+)\.)?[a-z0-9_]{8}\.(?:tmp|old)")
_swept: set[str] = set()


def write_all(files: dict[Path, bytes], sync: bool = True) -> list[Path]:
    """Write every file, all or nothing. ``sync``: make the files and renames durable now (fsync
    of each file before its rename, then of each folder); a batch passes False and calls
    :func:`sync_batch` once at its end (where the system cannot sync everything at once, each
    file is still synced before its rename)."""
    durable = sync or not hasattr(os, "sync")
    pending: list[tuple[str, Path]] = []
    kept: dict[Path, str | None] = {}  # target → its previous file's second name (None: none)
    done: list[Path] = []
    try:
        for target, data in files.items():
            pending.append((_temporary(target, data, durable), target))
        for _, target in pending:
            kept[target] = _keep(target)
        try:
            for temporary, target in pending:
                try:
                    os.replace(temporary, target)
                except OSError as error:
                    raise OutputError(str(target), error.strerror or str(error)) from None
                done.append(target)
        except BaseException:  # a failed rename, or Ctrl-C between two renames
            _roll_back(done, kept)
            raise
    finally:
        for temporary, _ in pending[len(done) :]:  # those renamed are gone
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        for previous in kept.values():
            if previous is not None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(previous)
    if sync:
        sync_directories({target.parent for target in files})
    return list(files)


def _temporary(target: Path, data: bytes, durable: bool) -> str:
    """``data`` in a new temporary file beside ``target``; ``durable``: on disk (fsync) before
    any rename."""
    try:
        if os.path.abspath(target.parent) not in _swept:  # the folder's first write
            target.parent.mkdir(parents=True, exist_ok=True)
            _sweep(target.parent)
        try:
            handle, temporary = _create_beside(target)
        except FileNotFoundError:  # the folder was removed since its first write
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = _create_beside(target)
    except OSError as error:
        # A name too long is the report's (a long agency name), not the directory's.
        blamed = target if error.errno == errno.ENAMETOOLONG else target.parent
        raise OutputError(str(blamed), error.strerror or str(error)) from None
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
            if durable:
                os.fsync(handle)
        finally:
            os.close(handle)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(str(target), error.strerror or str(error)) from None
    return temporary


# A new file only (never through a link), not inherited by a converter the build starts.
_CREATE = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)  # fmt: skip


def _create_beside(target: Path) -> tuple[int, str]:
    """A new empty file beside ``target``, named as the sweep knows temporary files, with the
    mode a report is meant to have: 0666 less the umask, which the system applies itself
    (one call, where mkstemp's 0600 needed a chmod and the umask read twice)."""
    for _ in range(100):
        name = f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        temporary = os.path.join(target.parent, name)
        try:
            return os.open(temporary, _CREATE, 0o666), temporary
        except FileExistsError:
            continue  # 1 in 4 billion: another name
    raise FileExistsError(errno.EEXIST, "no unused temporary file name")


def _keep(target: Path) -> str | None:
    """A second name for ``target``'s previous file, to put it back if a later rename fails:
    a hard link (of a symbolic link itself, not of what it points to), or a copy where the
    file system has no hard links. None when there is no previous file."""
    if not os.path.lexists(target):
        return None
    kept = str(target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.old")
    try:
        if os.link in os.supports_follow_symlinks:
            os.link(target, kept, follow_symlinks=False)
        else:
            os.link(target, kept)
    except OSError:
        try:
            if os.path.islink(target):
                os.symlink(os.readlink(target), kept)
            else:
                shutil.copy2(target, kept)
        except OSError as error:
            raise OutputError(str(target), error.strerror or str(error)) from None
    return kept


def _roll_back(done: list[Path], kept: dict[Path, str | None]) -> None:
    """Put back the previous files of the targets already replaced (remove the new ones that
    had none), so that the set on disk is the old one."""
    for target in reversed(done):
        previous = kept.get(target)
        with contextlib.suppress(OSError):
            if previous is None:
                os.unlink(target)
            else:
                os.replace(previous, target)


def sync_batch(directories: set[Path]) -> None:
    """Make a batch's files and renames durable at once: one sync of the file systems (one
    fsync per file cost about a tenth of a report's time), else each folder's renames."""
    if not directories:
        return
    if hasattr(os, "sync"):
        os.sync()
    else:
        sync_directories(directories)


def sync_directories(directories: set[Path]) -> None:
    """Make the renames into each folder durable: once per folder, not once per file."""
    if os.name != "posix":
        return  # a folder cannot be opened for fsync on Windows; NTFS journals renames
    for directory in directories:
        try:
            handle = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            with contextlib.suppress(OSError):  # some file systems refuse fsync of a folder
                os.fsync(handle)
        finally:
            os.close(handle)


def forget_sweeps() -> None:
    """A new batch sweeps each folder again (once)."""
    _swept.clear()


def _sweep(directory: Path) -> None:
    """Remove the temporary files that killed writes left in ``directory``, once per process."""
    key = os.path.abspath(directory)
    if key in _swept:
        return
    _swept.add(key)
    now = time.time()
    with os.scandir(directory) as entries:
        for entry in entries:
            found = _LITTER.fullmatch(entry.name)
            if found is None:
                continue
            try:
                age = now - entry.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue  # removed meanwhile by another build
            pid = found.group(2)
            if age > STALE_AFTER or (pid is not None and not _running(int(pid))):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
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
