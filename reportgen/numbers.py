"""How numbers, shares and dates are written in a report (zh_CN), as template filters.

Rounding is 四舍五入 (half-up), as Chinese statistics expect (Python's decimal context, and
babel with it, would round half to even: 0.125 → 12%). zh_CN writes these figures with "." as
the decimal sign, "%" after the number and no grouping: plain decimal arithmetic gives
exactly what babel's zh_CN percent pattern gave, without loading babel and its locale data
(tens of milliseconds, once per process).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def number(value: int | Decimal) -> str:
    """A table figure: whole numbers plain (as the official tables print them), amounts with
    exactly the decimals that were typed (12.50 stays 12.50). zh_CN writes these with no
    grouping and "." as the decimal sign, so no locale data is needed here."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def percent(fraction: Decimal | None, decimals: int = 1) -> str:
    """A share as a percentage, rounded half-up to ``decimals``; "—" when the whole is 0."""
    if fraction is None:
        return "—"
    rounded = (Decimal(fraction) * 100).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return f"{rounded:f}%"


def chinese_date(value: date) -> str:
    """2026年1月20日: full year, no zero padding (GB/T 9704). This is babel's zh_CN "long"
    date; written out here because loading the locale costs more than the whole rendering."""
    return f"{value.year}年{value.month}月{value.day}日"


_NUMERALS = "零一二三四五六七八九"


def chinese_count(value: int) -> str:
    """A small count in Chinese numerals, as headings and intros write them: 6 → 六,
    12 → 十二, 21 → 二十一."""
    if not 0 <= value < 100:
        return str(value)
    tens, ones = divmod(value, 10)
    if tens == 0:
        return _NUMERALS[ones]
    prefix = "" if tens == 1 else _NUMERALS[tens]
    return prefix + "十" + (_NUMERALS[ones] if ones else "")
