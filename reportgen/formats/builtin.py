"""Where the templates and formats shipped with reportgen are."""

from __future__ import annotations

from pathlib import Path


def builtin_templates() -> Path:
    """The templates shipped with reportgen: inside the wheel, or at the checkout's top."""
    package = Path(__file__).resolve().parents[1]  # reportgen/, above formats/
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"
