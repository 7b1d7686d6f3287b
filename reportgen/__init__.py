"""reportgen: the annual report on government information disclosure, from a TOML year file.

The documented entry points are :func:`build` and :func:`check` (defined in
:mod:`reportgen.runs.building` and :mod:`reportgen.runs.single`, names that do not shadow
them), :func:`build_many` and
:func:`check_many` for many files at once (:mod:`reportgen.runs.batch`), and :func:`aggregate`, the
government-level sum of departments' files (:mod:`reportgen.runs.aggregate`),
:func:`import_report`, a published report read into a year file
(:mod:`reportgen.runs.importing`), and :func:`audit`, published reports checked
(:mod:`reportgen.runs.audit`); the CLI calls them too. They are imported on first use, so
``import reportgen`` stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = [
    "__version__",
    "aggregate",
    "audit",
    "build",
    "build_many",
    "check",
    "check_many",
    "import_report",
]

# Entry point → the module defining it, imported when the entry point is first used.
_ENTRY_POINTS = {
    "build": "runs.building",
    "check": "runs.single",
    "build_many": "runs.batch",
    "check_many": "runs.batch",
    "aggregate": "runs.aggregate",
    "import_report": "runs.importing",
    "audit": "runs.audit",
}


def __getattr__(name: str) -> Any:
    if name in _ENTRY_POINTS:
        import importlib

        module = importlib.import_module(f"reportgen.{_ENTRY_POINTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'reportgen' has no attribute {name!r}")
