"""Where reportgen keeps what it can rebuild (compiled templates): the platform's own cache
folder (``~/.cache/reportgen`` or ``$XDG_CACHE_HOME/reportgen`` on Linux,
``%LOCALAPPDATA%\\reportgen\\Cache`` on Windows, ``~/Library/Caches/reportgen`` on macOS)."""

from __future__ import annotations

import os


def directory(name: str) -> str | None:
    """The cache sub-folder ``name``, created if missing; None when it cannot be (a read-only
    home): callers then work without a cache."""
    import platformdirs

    path = os.path.join(platformdirs.user_cache_dir("reportgen", appauthor=False), name)
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return None
    return path
