"""numbers.percent writes what babel writes for zh_CN, without loading babel's locale data."""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest
from babel.numbers import format_percent

from reportgen.figures import numbers

FRACTIONS = [
    Decimal(part) / Decimal(whole)
    for whole in (1, 3, 7, 8, 16, 40, 200, 1000, 12345)
    for part in (0, 1, 2, 3, 5, 7, 99, 200, 1001, 12344, 12345, 24690)
]


@pytest.mark.parametrize("decimals", [0, 1, 2, 3])
def test_percent_is_babels_zh_cn_rounded_half_up(decimals: int):
    pattern = "0." + "0" * decimals + "%" if decimals > 0 else "0%"
    for fraction in FRACTIONS:
        with decimal.localcontext() as context:
            context.rounding = decimal.ROUND_HALF_UP
            expected = format_percent(fraction, format=pattern, locale="zh_CN")
        assert numbers.percent(fraction, decimals) == expected, fraction


def test_no_negative_zero():
    assert numbers.number(Decimal("-0.0")) == "0.0"
    assert numbers.number(Decimal("-0")) == "0"
    assert numbers.percent(Decimal("-0.0001"), 1) == "0.0%"


def test_dates_read_back_from_iso_text():
    assert numbers.chinese_date("2026-01-20") == "2026年1月20日"
