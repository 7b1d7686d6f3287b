"""Breaking a title into balanced lines, as GB/T 9704 asks: words kept whole, lines of similar
length (a trapezoid or diamond), none under a third of the longest.

Titles of these reports are made of few words: the agency's name, the year, and the fixed words
of the format's titles. A small lexicon of those words, plus the agency's name kept whole,
finds every sensible break; a general Chinese segmentation library (jieba: a 20 MB dictionary
loaded in about a second) would cost every build far more than it could add here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence

from markupsafe import Markup

# Words of report and attachment titles that a line break must not split, longest first where
# one contains another.
TITLE_WORDS = (
    "政府信息公开",
    "政务公开",
    "工作情况",
    "统计表",
    "年度",
    "工作",
    "情况",
    "报告",
    "附件",
    "政府",
    "信息",
    "公开",
)
# A number with the character after it: "2025年", "12月".
_NUMBER = re.compile(r"[0-9]+[年月日号]?")
# A break is better after these: they end a phrase.
_PHRASE_ENDS = ("年", "）", "局", "府", "室", "会", "院")

TITLE_POINTS = 22.0  # 2号
TEXT_WIDTH_POINTS = 442.2  # 156 mm, GB/T 9704's type area
MAX_LINES = 4


def width(text: str) -> float:
    """Width in em: CJK characters one, ASCII letters and digits one half."""
    return sum(0.5 if ord(char) < 0x2E80 else 1.0 for char in text)


def words(title: str, keep: Iterable[str] = ()) -> list[str]:
    """The title cut into pieces no line break may split: the phrases in `keep` (the agency's
    name), numbers with their unit, the lexicon's words, and single characters."""
    whole = sorted((phrase for phrase in keep if phrase), key=len, reverse=True)
    pieces: list[str] = []
    position = 0
    while position < len(title):
        piece = next((p for p in whole if title.startswith(p, position)), None)
        if piece is None and (number := _NUMBER.match(title, position)):
            piece = number.group(0)
        if piece is None:
            piece = next((w for w in TITLE_WORDS if title.startswith(w, position)), None)
        piece = piece or title[position]
        pieces.append(piece)
        position += len(piece)
    return pieces


def balance(
    title: str,
    keep: Iterable[str] = (),
    points: float = TITLE_POINTS,
    text_width: float = TEXT_WIDTH_POINTS,
) -> list[str]:
    """The title's lines: as few as fit the text width at `points`, breaking between words,
    the longest line as short as it can be (ties: the break after a phrase, then the lower
    lines longer, a trapezoid). A piece wider than a line is broken between characters."""
    capacity = text_width / points
    pieces: list[str] = []
    for piece in words(title, keep):
        pieces.extend(piece if width(piece) > capacity else [piece])
    if width(title) <= capacity or len(pieces) < 2:
        return [title]
    total = width(title)
    for count in range(max(2, int(-(-total // capacity))), MAX_LINES + 1):
        best: tuple[tuple[float, ...], list[str]] | None = None
        for cuts in itertools.combinations(range(1, len(pieces)), count - 1):
            edges = (0, *cuts, len(pieces))
            lines = ["".join(pieces[a:b]) for a, b in itertools.pairwise(edges)]
            widths = [width(line) for line in lines]
            if max(widths) > capacity or min(widths) < max(widths) / 3:
                continue
            awkward = sum(not line.endswith(_PHRASE_ENDS) for line in lines[:-1])
            score = (max(widths) - min(widths) + awkward, -widths[-1])
            if best is None or score < best[0]:
                best = (score, lines)
        if best is not None:
            return best[1]
    return [title]


def title_markup(title: str, keep: str = "", lines: Sequence[str] | None = None) -> Markup:
    """The template filter ``title_lines``: the title's lines joined by ``<br>``. ``lines`` (a
    year file's ``title_lines``) gives the breaks instead."""
    chosen = [line for line in lines or () if line] or balance(title, [keep])
    return Markup("<br>").join(chosen)
