"""Dates as clerks write them (2026年1月20日, 2026/1/20), recognised to say what they meant."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from reportgen.messages.catalogue import Text, phrase

# A pattern, compiled on first use (re keeps it): only a message about a date needs it.
_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{4})(\d\d)(\d\d)"


def date_in(text: str) -> tuple[int, int, int] | None:
    """Year, month and day of a date as clerks write it: 2026-1-20, 2026/01/20, 2026.1.20,
    2026年1月20日, 20260120."""
    match = re.fullmatch(_DATE, unicodedata.normalize("NFKC", text).strip())
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups() if part is not None)
    return year, month, day


def date_problem(year: int, month: int, day: int) -> Text | None:
    """Why there is no such date (2025-02-30: 2025 年 2 月没有 30 日), or None if there is."""
    if not 1 <= month <= 12:
        return phrase("date_no_month")
    try:
        date(year, month, day)
    except ValueError:
        return phrase("date_no_day", year=year, month=month, day=day)
    return None
