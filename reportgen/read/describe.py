"""What a clerk wrote, in words for a message: a refused value named by its kind."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from reportgen.messages.catalogue import Text


def describe(raw: Any) -> Text:
    """What the clerk wrote, in words: ``负数 -3``, ``文字 "五"``…"""
    if isinstance(raw, bool):
        word = "true" if raw else "false"
        return Text(f"布尔值 {word}", f"the boolean {word}")
    if isinstance(raw, int):
        digits = str(raw) if len(str(abs(raw))) <= 30 else f"{str(raw)[:30]}…"
        if raw < 0:
            return Text(f"负数 {digits}", f"the negative number {digits}")
        return Text(f"整数 {digits}", f"the whole number {digits}")
    if isinstance(raw, Decimal):
        if raw.is_finite() and raw < 0:
            return Text(f"负数 {raw}", f"the negative number {raw}")
        return Text(f"小数 {raw}", f"the decimal number {raw}")
    if isinstance(raw, str):
        shown = raw if len(raw) <= 30 else raw[:30] + "…"
        # Line breaks and invisible characters spelt out: the message stays on one line.
        shown = "".join(char if char.isprintable() else repr(char)[1:-1] for char in shown)
        return Text(f'文字 "{shown}"', f'the text "{shown}"')
    if isinstance(raw, datetime):
        return Text(f"日期时间 {raw.isoformat()}", f"the date-time {raw.isoformat()}")
    if isinstance(raw, date):
        return Text(f"日期 {raw.isoformat()}", f"the date {raw.isoformat()}")
    if isinstance(raw, time):
        return Text(f"时间 {raw.isoformat()}", f"the time {raw.isoformat()}")
    if isinstance(raw, list):
        return Text("数组 […]", "an array […]")
    return Text("表 {…}", "a table {…}")
