"""Where reportgen keeps what it can rebuild (compiled templates): the platform's own cache
folder (``~/.cache/reportgen`` or ``$XDG_CACHE_HOME/reportgen`` on Linux,
``%LOCALAPPDATA%\\reportgen\\Cache`` on Windows, ``~/Library/Caches/reportgen`` on macOS)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def directory(name: str) -> str | None:
    """The cache sub-folder ``name``, created if missing; None when it cannot be (a read-only
    home): callers then work without a cache."""
    path = os.path.join(_root(), name)
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return None
    return path


def _root() -> str:
    """platformdirs' user cache folder. On Linux its rule (XDG Base Directory: an absolute
    ``$XDG_CACHE_HOME``, else ``~/.cache``) is applied here: importing platformdirs costs
    about 4 ms of every command's start, a twentieth of a ``check``."""
    home = os.environ.get("HOME", "")
    if sys.platform == "linux" and os.path.isabs(home):
        base = os.environ.get("XDG_CACHE_HOME", "")
        return os.path.join(
            base if os.path.isabs(base) else os.path.join(home, ".cache"), "reportgen"
        )
    import platformdirs

    return platformdirs.user_cache_dir("reportgen", appauthor=False)


def store(path: Path, data: bytes) -> None:
    """A cache file written whole or not at all (a concurrent run reads either no file or the
    full one); one that cannot be written is left out, as a cache may be."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
