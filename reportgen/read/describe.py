"""What a clerk wrote, in words for a message: a refused value named by its kind."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from reportgen.messages.catalogue import Text, phrase


def describe(raw: Any) -> Text:
    """What the clerk wrote, in words: ``负数 -3``, ``文字 "五"``…"""
    if isinstance(raw, bool):
        word = "true" if raw else "false"
        return phrase("found_boolean", word=word)
    if isinstance(raw, int):
        digits = str(raw) if len(str(abs(raw))) <= 30 else f"{str(raw)[:30]}…"
        if raw < 0:
            return phrase("found_negative", number=digits)
        return phrase("found_whole", number=digits)
    if isinstance(raw, Decimal):
        if raw.is_finite() and raw < 0:
            return phrase("found_negative", number=str(raw))
        return phrase("found_decimal", number=str(raw))
    if isinstance(raw, str):
        shown = raw if len(raw) <= 30 else raw[:30] + "…"
        # Line breaks and invisible characters spelt out: the message stays on one line.
        shown = "".join(char if char.isprintable() else repr(char)[1:-1] for char in shown)
        return phrase("found_text", text=shown)
    if isinstance(raw, datetime):
        return phrase("found_datetime", value=raw.isoformat())
    if isinstance(raw, date):
        return phrase("found_date", value=raw.isoformat())
    if isinstance(raw, time):
        return phrase("found_time", value=raw.isoformat())
    if isinstance(raw, list):
        return phrase("found_array")
    return phrase("found_table")
