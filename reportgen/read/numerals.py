"""Chinese numerals: read in the numbers clerks type as words (五, 一百零三, 3件), and written in
the counts that headings and intros spell out (六, 十二)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

_UNITS = "件条个次人篇项家元"
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}  # fmt: skip
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000}


def number_in(text: str, decimals: bool = False) -> int | Decimal | None:
    """The number a clerk meant by ``"五"``, ``"3件"``, ``"１２"`` or ``"一百零三"``; with
    ``decimals`` (an amount, which the tables give in 万元) also ``"12.5万元"``."""
    text = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    if len(text) > 40:  # no count has so many digits (and int() refuses thousands of them)
        return None
    if decimals:
        text = text.removesuffix("万元")
        if re.fullmatch(r"\d+\.\d+", text):
            return Decimal(text)
    # 万 is not a unit: "3万" is 30000, not 3; only the Chinese numerals below read it.
    text = text.rstrip(_UNITS).strip() or text
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch not in _MULTIPLIERS and ch != "万" for ch in text):
        return None
    total = section = digit = 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _MULTIPLIERS:
            section += (digit or 1) * _MULTIPLIERS[ch]
            digit = 0
        else:  # 万
            total += (section + digit) * 10000
            section = digit = 0
    return total + section + digit


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
