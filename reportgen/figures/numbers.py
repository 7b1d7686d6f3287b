"""How numbers, shares and dates are written in a report (zh_CN), as template filters.

Rounding is 四舍五入 (half-up), as Chinese statistics expect; babel alone would round half to
even (0.125 → 12%). What babel would write for zh_CN is written out here: loading its locale
data costs more than rendering a whole report.
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal

from reportgen.read.numerals import chinese_count as chinese_count


def number(value: int | Decimal) -> str:
    """A table figure: whole numbers plain (as the official tables print them), amounts with
    exactly the decimals that were typed (12.50 stays 12.50). zh_CN writes these with no
    grouping and "." as the decimal sign, so no locale data is needed here."""
    if isinstance(value, Decimal):
        # -0.0 typed is 0.0: a report never prints a negative zero.
        return format(value.copy_abs() if value.is_zero() else value, "f")
    return str(value)


def percent(fraction: Decimal | None, decimals: int = 1) -> str:
    """A share as a percentage, rounded half-up to ``decimals``; "—" when the whole is 0.

    What babel's ``format_percent`` writes for zh_CN with the pattern ``0.0%`` (no grouping,
    "." as decimal sign, "%" after); every report formats its shares, so this must cost nothing
    (tests/test_numbers.py compares the two)."""
    if fraction is None:
        return "—"
    decimals = max(0, min(int(decimals), 20))
    with decimal.localcontext() as context:
        context.prec = 60
        context.rounding = decimal.ROUND_HALF_UP
        value = Decimal(fraction).scaleb(2).quantize(Decimal(1).scaleb(-decimals))
    return format(value.copy_abs() if value.is_zero() else value, "f") + "%"


def chinese_date(value: date | str) -> str:
    """2026年1月20日: full year, no zero padding (GB/T 9704). This is babel's zh_CN "long"
    date; written out here because loading the locale costs more than the whole rendering.
    Templates see dates as ISO text (plain data only), which this reads back."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.year}年{value.month}月{value.day}日"
