"""The typed specs a format description is loaded into: fields, cells, rows, tables, rules,
sections, shares and the format itself. The model, the checker, the templates and every writer
read these; nothing else knows a row label.

The specs are named tuples rather than (frozen) dataclasses: every run creates these classes,
and a dataclass costs about half a millisecond of start-up each (Python 3.11 compiles each of
its methods separately), a named tuple a tenth of that.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, TypeVar

T = TypeVar("T")


class FieldSpec(NamedTuple):
    """One key of the year file: what it holds and what it means."""

    key: str
    type: str
    label: str
    label_en: str = ""
    doc: str = ""
    required: bool = False
    section: str | None = None
    heading: str | None = None
    items: tuple[FieldSpec, ...] = ()
    table: str | None = None  # set for table values, with the labels of their row and column
    row_label: str = ""
    column_label: str = ""
    unit: str = ""  # amounts: the unit printed after the figure, unless the header names it
    internal: bool = False  # read by reportgen itself, never printed (format, year file links)
    choices: tuple[str, ...] = ()  # text fields: the values allowed (problems_layout)


class CellSpec(NamedTuple):
    text: str | None = None  # a label cell prints this
    key: str | None = None  # a value cell reads this year-file key
    colspan: int = 1
    rowspan: int = 1
    classes: tuple[str, ...] = ()
    type: str | None = None  # value type when not the row's
    unit: str = ""


class RowSpec(NamedTuple):
    role: str  # header | caption | data
    cells: tuple[CellSpec, ...]
    key: str | None = None
    label: str = ""  # the row's full label, from the label cells that cover it


class Term(NamedTuple):
    key: str
    sign: int = 1
    previous: bool = False  # read from last year's file (``previous:`` prefix)


class Rule(NamedTuple):
    """A concrete sum rule: ``left = right``. A total rule computes its single left key."""

    id: str
    kind: str  # total | check
    severity: str  # error | warning
    left: tuple[Term, ...]
    right: tuple[Term, ...]
    description: str
    description_en: str
    table: str
    relation: str = "="  # check rules may also say left >= right or left <= right

    @property
    def needs_previous(self) -> bool:
        return any(term.previous for term in (*self.left, *self.right))


class TableSpec(NamedTuple):
    id: str
    header: tuple[RowSpec, ...]
    rows: tuple[RowSpec, ...]
    widths: tuple[float, ...]
    column_count: int
    title: str = ""
    caption: str = ""  # printed above the table (计量单位：件)
    notes: tuple[str, ...] = ()  # printed under the table, before the year file's footnotes


class SectionSpec(NamedTuple):
    id: str
    heading: str
    table: str | None = None
    max_chars: int | None = None
    part: str = ""  # its name in the introduction's list of parts
    fields: tuple[str, ...] = ()  # keys of the fields it prints, in order


class ShareSpec(NamedTuple):
    id: str
    label: str
    part: tuple[str, ...]
    whole: tuple[str, ...]


class Format(NamedTuple):
    id: str
    name: str
    name_en: str
    directory: Path
    template: str
    percent_decimals: int
    sections: dict[str, SectionSpec]
    fields: dict[str, FieldSpec]
    tables: dict[str, TableSpec]
    rules: list[Rule]
    shares: dict[str, ShareSpec]
    values: dict[str, FieldSpec]  # table cells only
    # The sections in order (plain data for the generic template), the introduction with its
    # list of parts filled in, and how problems and their measures are printed by default.
    parts: tuple[SectionSpec, ...] = ()
    intro: str = ""
    problems_layout: str = "grouped"


_DERIVED_MAX = 64  # entries per function; a preview reloading an edited format makes new ones


def per_format(make: Callable[..., T]) -> Callable[..., T]:
    """``make(format, …specs)`` worked out once per process for the same spec objects, not
    once per report: formats.load keeps each Format for the process, so a batch meets the
    same objects again. They are told apart by identity (specs hold dicts: not hashable) and
    kept alive with the result, the oldest dropped past a bound."""
    kept: dict[tuple[int, ...], tuple[tuple[object, ...], T]] = {}

    @functools.wraps(make)
    def derived(*specs: object) -> T:
        key = tuple(map(id, specs))
        found = kept.get(key)
        if found is None or any(a is not b for a, b in zip(found[0], specs, strict=True)):
            if len(kept) >= _DERIVED_MAX:
                del kept[next(iter(kept))]
            found = kept[key] = (specs, make(*specs))
        return found[1]

    return derived
