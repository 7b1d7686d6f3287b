"""Each type of value a format declares, converted from what TOML gave: the typed value, or
MISSING when the raw value is not one of that type."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

MISSING = object()


def lookup(data: dict[str, Any], key: str) -> Any:
    """The raw value at a dotted key of the parsed file, or MISSING."""
    node: Any = data
    for part in key_path(key):
        if not isinstance(node, dict) or part not in node:
            return MISSING
        node = node[part]
    return node


@functools.lru_cache(maxsize=4096)  # the formats' keys split once per process, not per file
def key_path(key: str) -> tuple[str, ...]:
    """A dotted key's parts."""
    return tuple(key.split("."))


# TOML's integers are 64-bit, but tomllib reads any size: a figure beyond this is a slip (a
# pasted account number, a row of nines), and refusing it keeps every sum within Word's reach.
LIMIT = 2**63 - 1
# The Regulations (国务院令第492号) took effect on 1 May 2008: no report year comes before it.
FIRST_YEAR = 2008


def whole(raw: Any) -> bool:
    return isinstance(raw, int) and not isinstance(raw, bool) and -LIMIT <= raw <= LIMIT


def _count(raw: Any) -> Any:
    return raw if whole(raw) and raw >= 0 else MISSING


def _signed(raw: Any) -> Any:
    return raw if whole(raw) else MISSING


def _amount(raw: Any) -> Any:
    if isinstance(raw, bool) or not isinstance(raw, (int, Decimal)):
        return MISSING
    if isinstance(raw, Decimal) and not raw.is_finite():  # nan and inf: before comparing
        return MISSING
    return Decimal(raw) if 0 <= raw <= LIMIT else MISSING


def _text(raw: Any) -> Any:
    return raw.strip() if isinstance(raw, str) else MISSING


def _paragraphs(raw: Any) -> Any:
    """One paragraph per non-empty line, so prose pasted from Word keeps its paragraphs."""
    if isinstance(raw, str):
        return tuple(line.strip() for line in raw.splitlines() if line.strip())
    if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        return tuple(item.strip() for item in raw if item.strip())
    return MISSING


def _date(raw: Any) -> Any:
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw
    # Quoted, only as TOML writes a date: Python 3.11 would also read "20260120", 3.10 not.
    if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            return MISSING
    return MISSING


def _year(raw: Any) -> Any:
    """The report year: from 2008, when the Regulations took effect, to this year."""
    if whole(raw) and FIRST_YEAR <= raw <= date.today().year:
        return raw
    return MISSING


def _records(raw: Any) -> Any:
    if isinstance(raw, list) and all(isinstance(item, dict) for item in raw):
        return raw
    return MISSING


def _counts(raw: Any) -> Any:
    """``[counts.<list>]``: tables of counts, each item checked by :func:`_convert`."""
    if isinstance(raw, dict) and all(isinstance(items, dict) for items in raw.values()):
        return raw
    return MISSING


CONVERTERS = {
    "count": _count,
    "signed": _signed,
    "amount": _amount,
    "text": _text,
    "paragraphs": _paragraphs,
    "date": _date,
    "year": _year,
    "records": _records,
    "counts": _counts,
}
