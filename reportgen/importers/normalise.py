"""Label normalisation: what makes two printed labels the same label.

Full-width and half-width punctuation (（ and (, ： and :), spaces and line breaks inside a
label, curly and straight quotes and enumeration commas are not differences a reader sees.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DROP = re.compile(r"[\s\u00a0\u3000]+")
_QUOTES = {"“": '"', "”": '"', "‘": "'", "’": "'", "〝": '"', "〞": '"'}
# An ordinal in front of a label: 一、 （一） (1) 1. 1、 1．
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\(?\d+\)|\d+[.、])"
)
_TRAILING = re.compile(r"[:：;；。,，]+$")


def normalised(text: str) -> str:
    """A text normalised as labels are, without the cache: for text met once (a document's)."""
    text = unicodedata.normalize("NFKC", text)
    # str.replace, not str.translate with a table: translate looks up every character of a
    # whole document's text in a dict, a hundred times slower (no replacement is a quote).
    for quote, plain in _QUOTES.items():
        text = text.replace(quote, plain)
    return _TRAILING.sub("", _DROP.sub("", text)).lower()


norm = lru_cache(maxsize=8192)(normalised)


@lru_cache(maxsize=8192)
def bare(text: str) -> str:
    """A normalised label without its ordinal (（一）, 1., 一、)."""
    return _ORDINAL.sub("", norm(text))


def bare_text(text: str) -> str:
    """:func:`bare` without the cache, for text met once (a whole document's)."""
    return _ORDINAL.sub("", normalised(text))


def ordinal(text: str) -> str:
    """The ordinal a label starts with ("一、", "(一)", "1."), normalised; "" when none."""
    match = _ORDINAL.match(norm(text))
    return match.group(0) if match else ""
