"""Where the templates and formats shipped with reportgen are."""

from __future__ import annotations

import functools
from pathlib import Path


@functools.cache
def builtin_templates() -> Path:
    """The templates shipped with reportgen: inside the wheel, or at the checkout's top. Found
    once per process: every report's search path starts from it."""
    package = Path(__file__).resolve().parents[1]  # reportgen/, above formats/
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"
