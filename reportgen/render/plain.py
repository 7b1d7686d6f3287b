"""Plain data for templates: what a template may see is made of ``str``, ``int``, ``Decimal``,
``bool``, ``None`` and ``Markup``, in dicts, lists and tuples; nothing else.

A template from outside the package must not reach a ``Path`` (which reads and writes files),
a module, a bound method or an object of reportgen's own: each is a door out of the sandbox.
Converting the whole context once, generically, keeps that true whatever a format or a later
change adds to it. Dataclasses and named tuples become dicts of their fields, so templates
keep writing ``tables.active.rows`` (Jinja falls back from attribute to item).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from markupsafe import Markup

SCALARS = (str, int, Decimal, bool, type(None))  # bool is an int; Markup is a str


def plain(value: Any) -> Any:
    """``value`` as plain data. Dates become ISO text (the ``cndate`` filter reads it), paths
    their text, floats exact decimals; sets sorted tuples. Whatever else (a function, a module)
    has no plain form and is left out of its container."""
    converted = _convert(value)
    return None if converted is _OMIT else converted


_OMIT = object()


_EXACT = frozenset({str, int, bool, Decimal, Markup, type(None)})


def _convert(value: Any) -> Any:
    if type(value) in _EXACT:
        return value
    if isinstance(value, SCALARS):
        # A subclass could carry methods of its own: keep only the plain value.
        return Markup(value) if isinstance(value, Markup) else _base(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    names = _field_names(type(value))
    if names:
        return _mapping({name: getattr(value, name) for name in names})
    if isinstance(value, Mapping):
        return _mapping(value)
    if isinstance(value, (list, tuple)):
        items = [item for item in map(_convert, value) if item is not _OMIT]
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, (set, frozenset)):
        items = [item for item in map(_convert, value) if item is not _OMIT]
        return tuple(sorted(items, key=repr))
    return _OMIT


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    """A dataclass's or named tuple's field names (looked up once per class: plain() meets
    thousands)."""
    if issubclass(kind, tuple):
        return tuple(getattr(kind, "_fields", ()))
    if not dataclasses.is_dataclass(kind):
        return ()
    return tuple(field.name for field in dataclasses.fields(kind))


def _mapping(value: Mapping[Any, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, item in value.items():
        converted = _convert(item)
        if isinstance(key, str) and converted is not _OMIT:
            result[str(key)] = converted
    return result


def _base(value: Any) -> Any:
    for kind in (bool, int, str, Decimal):
        if isinstance(value, kind):
            return kind(value)
    return value


def is_plain(value: Any) -> bool:
    """Whether ``value`` is plain all the way down (what the context test asserts)."""
    if type(value) in (str, int, bool, Decimal, Markup, type(None)):
        return True
    if type(value) is dict:
        return all(type(key) is str and is_plain(item) for key, item in value.items())
    if type(value) in (list, tuple):
        return all(map(is_plain, value))
    return False
