"""What a clerk probably meant by a value refused for its type: the hint in the message."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from reportgen.formats import description as formats
from reportgen.formats.description import FieldSpec
from reportgen.messages.catalogue import Text, phrase
from reportgen.read.dates import date_in, date_problem
from reportgen.read.numerals import number_in
from reportgen.validate.conversion import LIMIT, whole


def suggestion(kind: str, raw: Any) -> Text | str:
    """What the clerk probably meant by ``raw``, refused as a value of type ``kind``: the
    number in ``"3件"``, the date in ``"2026年1月20日"``, why 2007 or 2025-02-30 cannot be."""
    numeric = (*formats.VALUE_TYPES, "year")
    if whole(raw) and kind == "year":
        return phrase("hint_year_range", latest=date.today().year)
    if isinstance(raw, (int, Decimal)) and not isinstance(raw, bool) and kind in numeric:
        if isinstance(raw, Decimal) and not raw.is_finite():
            return ""
        if not -LIMIT <= raw <= LIMIT:  # abs() would overflow on 1e999999999
            return phrase("hint_too_large", limit=LIMIT)
        if isinstance(raw, Decimal) and kind != "amount" and raw == raw.to_integral_value():
            return phrase("hint_number", number=int(raw))  # 3.0 for a count
    if isinstance(raw, str) and kind in numeric:
        text = raw.strip().removesuffix("年") if kind == "year" else raw
        number = number_in(text, decimals=kind == "amount")
        if number is not None:
            return phrase("hint_number", number=number)
    if kind == "date" and isinstance(raw, (str, int)) and not isinstance(raw, bool):
        found = date_in(str(raw))
        if found is not None:
            problem = date_problem(*found)
            if problem is not None:
                return phrase("hint_reason", reason=problem)
            return phrase("hint_date", date=date(*found).isoformat())
    if kind == "date" and isinstance(raw, datetime):
        return phrase("hint_date", date=raw.date().isoformat())
    return ""


def note_hint(spec: FieldSpec, raw: Any) -> Text | str:
    """Words in a table cell: a real report may have them there, and { note = "…" } says so.
    Words, not a number with a slip (``"3万"``, ``""``): those are to be written as numbers."""
    low, _, high = (
        "\u4e00-\u9fff"  # ideographs, compared: a regex class this wide is slow to compile
    )
    words = isinstance(raw, str) and sum(low <= char <= high for char in raw) >= 2
    return phrase("hint_note") if spec.table and words else ""
