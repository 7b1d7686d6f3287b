"""reportgen: the annual report on government information disclosure, from a TOML year file.

The documented entry points are :func:`build` and :func:`check` (defined in
:mod:`reportgen.pipeline`, a name that does not shadow them); the CLI calls them too. They are
imported on first use, so ``import reportgen`` stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "build", "check"]


def __getattr__(name: str) -> Any:
    if name in ("build", "check"):
        from reportgen import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'reportgen' has no attribute {name!r}")
