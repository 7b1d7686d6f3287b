"""The values of a year file the importer writes, gathered as its lines are written: what
parsing the text gives (``tomli.loads(text, parse_float=Decimal)``), without parsing it.

Checking an imported report parsed again the text just written, a tenth of an audit. Only
what the importer writes is followed: ``[table]`` and ``[[array]]`` headers of bare keys, each
once, and ``name = value`` lines of bare names. Anything else (a header met again, a name
written twice, a key that is not bare, a value TOML would refuse) gives up the values
(:attr:`Written.data` None) and the text is parsed as before, its error reported the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

import tomli

_BARE = re.compile(r"[A-Za-z0-9_-]+")
# Characters TOML refuses anywhere in the text (in a comment too), but tab and line feed.
_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class Written:
    """The values of the lines written so far, or None once a line is not followed."""

    def __init__(self) -> None:
        self.data: dict[str, Any] | None = {}
        self._table: dict[str, Any] = self.data
        self._defined: set[int] = set()  # tables a header made (by id)
        self._arrays: set[int] = set()  # arrays of tables a [[header]] made (by id)
        self._inline: set[int] = set()  # inline tables (values): closed to headers

    def header(self, dotted: str) -> None:
        """``[dotted]``: a table defined once (made on the way to another before, or new)."""
        parent, last = self._parent(dotted)
        if parent is None or (last in parent and not self._implicit(parent[last])):
            self.data = None
            return
        table = parent.setdefault(last, {})
        self._defined.add(id(table))
        self._table = table

    def array(self, dotted: str) -> None:
        """``[[dotted]]``: a new table appended to an array of tables."""
        parent, last = self._parent(dotted)
        if parent is None or (last in parent and id(parent[last]) not in self._arrays):
            self.data = None
            return
        tables = parent.setdefault(last, [])
        self._arrays.add(id(tables))
        table: dict[str, Any] = {}
        self._defined.add(id(table))
        tables.append(table)
        self._table = table

    def value(self, name: str, written: str, value: object) -> None:
        """``name = written``, where ``written`` is how ``value`` was written: an int as
        itself, anything else read back from what was written (a string, a date, an inline
        table)."""
        if type(value) is not int and self.data is not None:
            try:
                value = tomli.loads(f"v = {written}", parse_float=Decimal)["v"]
            except tomli.TOMLDecodeError:
                self.data = None
                return
        self._set(name, value)

    def paragraphs(self, name: str, items: Sequence[str]) -> None:
        """A multi-line string of items one a line, each escaped as JSON does (TOML reads
        those escapes the same, but for a lone surrogate, which it refuses)."""
        if any(_SURROGATE.search(item) for item in items):
            self.data = None
            return
        self._set(name, "".join(f"{item}\n" for item in items))

    def finish(self, text: str, lines: int) -> dict[str, Any] | None:
        """The values, if ``text`` is the ``lines`` written, one a line, with no character
        that TOML refuses (in a comment, say)."""
        if text.count("\n") != lines or _REFUSED.search(text):
            return None
        return self.data

    def _set(self, name: str, value: object) -> None:
        if self.data is None:
            return
        if not _bare(name) or name in self._table:
            self.data = None
            return
        if isinstance(value, dict):
            self._inline.add(id(value))
        self._table[name] = value

    def _parent(self, dotted: str) -> tuple[dict[str, Any] | None, str]:
        """The table holding the last part of ``dotted`` (tables on the way made, as TOML
        makes them), or None where the way is not a table a header may add to."""
        if self.data is None:
            return None, ""
        parts = dotted.split(".")
        if not all(map(_bare, parts)):
            return None, ""
        table = self.data
        for part in parts[:-1]:
            inner = table.setdefault(part, {})
            if not isinstance(inner, dict) or id(inner) in self._inline:
                return None, ""  # an array of tables, a value, an inline table: not followed
            table = inner
        return table, parts[-1]

    def _implicit(self, item: object) -> bool:
        """Whether ``item`` is a table only made on the way to another: a header may define
        it once."""
        return (
            isinstance(item, dict)
            and id(item) not in self._defined
            and id(item) not in self._inline
        )


@lru_cache(maxsize=4096)
def _bare(name: str) -> bool:
    """Whether ``name`` is a bare key (names come from formats: few, met again and again)."""
    return _BARE.fullmatch(name) is not None


def escaped(item: str) -> str:
    """A paragraph as a line of a TOML multi-line basic string."""
    return json.dumps(item, ensure_ascii=False)[1:-1]
