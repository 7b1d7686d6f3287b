"""Bounds on what a template makes: each string, list or whole number is checked against its
bound, and refused before it is made where making it would already exhaust memory
(``'x'.ljust(10**10)``, ``'%999999999d' % 1``). The sandbox (sandbox.py) calls these on every
operation, call and filter of a template.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from jinja2.exceptions import SecurityError

from reportgen.messages.catalogue import Text, phrase

# Characters (or items) of one string (or list) a template makes, and of one report's markup:
# a 5 MB year file pasted into one field renders to about 2 million characters.
MAX_TEXT = 20_000_000
MAX_OUTPUT = MAX_TEXT
MAX_ITEMS = 1_000_000  # items of one list, tuple or dict a template makes (each costs memory)
MAX_DIGITS = 4_000  # digits of a whole number (Python prints at most 4,300)
_MAX_BITS = int(MAX_DIGITS * math.log2(10))


class Refused(SecurityError):
    """A bound passed: the message in both languages (the CLI picks one)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def refuse(code: str, **params: Any) -> Refused:
    return Refused(phrase(code, **params))


def too_long(length: int) -> Refused:
    return refuse("render_too_long", length=length, limit=MAX_TEXT)


def too_many(count: int) -> Refused:
    return refuse("render_too_many", count=count, limit=MAX_ITEMS)


def too_large_number(digits: int) -> Refused:
    return refuse("render_number", digits=digits, limit=MAX_DIGITS)


def checked(value: Any) -> Any:
    """``value``, if within the bounds."""
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise too_long(len(value))
    if isinstance(value, (list, tuple, dict)) and len(value) > MAX_ITEMS:
        raise too_many(len(value))
    if isinstance(value, int) and value.bit_length() > _MAX_BITS:
        raise too_large_number(_digits(value.bit_length()))
    return value


def _digits(bits: int) -> int:
    return int(bits / math.log2(10)) + 1


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


def as_count(value: Any) -> int:
    """An operand used as a count (a repetition, a width): plain ints only."""
    return value if isinstance(value, int) else 0


def precheck_size(like: Any, size: int) -> None:
    """Refuse a string or list of ``size`` (characters or items) past its bound."""
    if isinstance(like, str):
        if size > MAX_TEXT:
            raise too_long(size)
    elif size > MAX_ITEMS:
        raise too_many(size)


def precheck_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would pass the bounds before Python makes it."""
    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            size = _size(sequence)
            if size is not None and isinstance(times, int):
                precheck_size(sequence, size * times)
        if isinstance(left, int) and isinstance(right, int):
            bits = left.bit_length() + right.bit_length()
            if bits > _MAX_BITS + 1:
                raise too_large_number(_digits(bits))
    elif operator == "+":
        sizes = (_size(left), _size(right))
        if sizes[0] is not None and sizes[1] is not None:
            precheck_size(left, sizes[0] + sizes[1])
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
            bits = (abs(left).bit_length() - 1) * right
            if bits > _MAX_BITS:
                raise too_large_number(_digits(bits))
        elif isinstance(right, (int, Decimal, float)) and abs(right) > MAX_DIGITS:
            raise too_large_number(int(min(abs(right), 10**12)))
    elif operator == "%" and isinstance(left, str):
        _precheck_printf(left, right)


_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _precheck_printf(pattern: str, arguments: Any) -> None:
    """``'%999999999d' % 1`` pads without bound: widths and precisions are bounded."""
    values = arguments if isinstance(arguments, tuple) else (arguments,)
    for match in _PRINTF.finditer(pattern):
        for group in match.groups():
            if group is None:
                continue
            if group == "*":
                width = max((abs(as_count(value)) for value in values), default=0)
            else:
                width = int(group) if len(group) < 10 else MAX_TEXT + 1
            if width > MAX_TEXT:
                raise too_long(width)


def precheck_str(text: str, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """The string methods that grow a string, bounded before they run."""
    given = (*args, *kwargs.values())
    if method in ("ljust", "rjust", "center", "zfill"):
        width = as_count(given[0]) if given else 0
        if width > MAX_TEXT:
            raise too_long(width)
    elif method == "expandtabs":
        size = as_count(given[0]) if given else 8
        grown = len(text) + text.count("\t") * max(size, 0)
        if grown > MAX_TEXT:
            raise too_long(grown)
    elif method == "replace" and len(given) >= 2:
        _precheck_replace(text, given[0], given[1], as_count(given[2]) if len(given) > 2 else -1)
    elif method == "join" and given:
        _precheck_join(text, given[0])


def _precheck_replace(text: str, old: Any, new: Any, count: int) -> None:
    if not isinstance(old, str) or not isinstance(new, str):
        return
    times = text.count(old) if old else len(text) + 1
    if count >= 0:
        times = min(times, count)
    grown = len(text) + times * (len(new) - len(old))
    if grown > MAX_TEXT:
        raise too_long(grown)


def _precheck_join(separator: str, items: Any) -> None:
    if not isinstance(items, (list, tuple, str)):
        return
    if len(items) > MAX_TEXT:
        raise too_long(len(items))
    grown = len(separator) * max(len(items) - 1, 0) + sum(
        len(item) for item in items if isinstance(item, str)
    )
    if grown > MAX_TEXT:
        raise too_long(grown)


def precheck_filter(name: str, values: list[Any], kwargs: dict[str, Any]) -> None:
    text = next((value for value in values if isinstance(value, str)), "")
    rest = values[1:]
    if name == "center":
        width = as_count(rest[0]) if rest else 80
        if width > MAX_TEXT:
            raise too_long(width)
    elif name == "indent":
        width = rest[0] if rest else kwargs.get("width", 4)
        size = len(width) if isinstance(width, str) else as_count(width)
        grown = len(text) + (text.count("\n") + 1) * size
        if grown > MAX_TEXT:
            raise too_long(grown)
    elif name == "wordwrap":
        width = as_count(rest[0]) if rest else 79
        wrap = rest[2] if len(rest) > 2 else kwargs.get("wrapstring", "\n")
        lines = len(text) // max(width, 1) + text.count("\n") + 1
        grown = len(text) + lines * (len(wrap) if isinstance(wrap, str) else 1)
        if grown > MAX_TEXT:
            raise too_long(grown)
    elif name == "replace" and len(rest) >= 2:
        _precheck_replace(
            str(values[0]), rest[0], rest[1], as_count(rest[2]) if len(rest) > 2 else -1
        )
    elif name == "join" and values:
        items = values[0]
        separator = rest[0] if rest and isinstance(rest[0], str) else ""
        if isinstance(items, (list, tuple)):
            _precheck_join(separator, [str(item) for item in items[: MAX_TEXT + 1]])
    elif name == "format" and values and isinstance(values[0], str):
        _precheck_printf(values[0], tuple(rest))
    elif name == "batch" and rest and isinstance(rest[0], int) and hasattr(values[0], "__len__"):
        precheck_size([], len(values[0]) // max(rest[0], 1))
    elif name == "slice" and rest and isinstance(rest[0], int):
        precheck_size([], rest[0])
    elif name in ("truncate", "filesizeformat", "round", "int", "float", "batch"):
        for value in rest:
            if isinstance(value, int) and abs(value) > MAX_TEXT:
                raise too_long(abs(value))
