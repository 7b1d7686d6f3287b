"""Figures cited in the year file's prose, so a clerk writes the sentence and never the number.

``{requests.total.total}`` prints a figure of the report, ``{counts.channels.website}`` one of
the counts the clerk lists under ``[counts.channels]``, ``{counts.channels}`` that list's sum,
``{counts.channels.website:%}`` its share of the list, ``{shares.granted}`` a share the format
defines, and ``{a / b}`` the share a / b (``:%2`` sets two decimals). ``{{`` and ``}}`` print
braces.

This is a grammar, not a template language: a reference only names figures, nothing in it is
evaluated, so text from a year file can neither run code nor read files. A reference that
names no figure is an error at the line of the text that holds it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from decimal import ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from reportgen.figures import numbers
from reportgen.messages import findings
from reportgen.messages.catalogue import Text, phrase
from reportgen.messages.findings import Finding

if TYPE_CHECKING:
    from reportgen.figures.compute import Figures
    from reportgen.validate.yearfile import YearFile

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_REFERENCE = re.compile(
    r"\s*(?P<part>[\w.\-]+)\s*(?:/\s*(?P<whole>[\w.\-]+)\s*)?(?::\s*%(?P<decimals>\d)?\s*)?"
)
COUNTS = "counts"
SHARES = "shares"


class _Reference(NamedTuple):  # not a frozen dataclass: cheaper to create at start-up
    part: str
    whole: str | None
    percent: bool
    decimals: int | None


class _NotAListItem(Exception):
    """``:%`` on a figure that belongs to no list of counts."""


class _Cited:
    """Every figure prose may cite: the report's table values, the clerk's own counts (items
    and list sums) and the format's shares."""

    def __init__(self, year: YearFile, figures: Figures) -> None:
        self.values: dict[str, int | Decimal] = dict(figures.values)
        self.lists: dict[str, dict[str, int]] = {}
        for name, items in year.values.get(COUNTS, {}).items():
            self.lists[f"{COUNTS}.{name}"] = items
            self.values[f"{COUNTS}.{name}"] = sum(items.values())
            for item, count in items.items():
                self.values[f"{COUNTS}.{name}.{item}"] = count
        self.shares = {
            f"{SHARES}.{key}": (spec.part, spec.whole) for key, spec in year.format.shares.items()
        }
        self.figures = figures
        self.decimals = year.format.percent_decimals

    def names(self) -> list[str]:
        return [*self.values, *self.shares]

    def text(self, reference: _Reference) -> str | None:
        """What the reference prints, or None when it names no figure."""
        decimals = self.decimals if reference.decimals is None else reference.decimals
        if reference.part in self.shares and reference.whole is None:
            part, whole = self.shares[reference.part]
            return numbers.percent(self.figures.share(part, whole), decimals)
        if reference.part not in self.values:
            return None
        if reference.whole is not None:
            if reference.whole not in self.values:
                return None
            return numbers.percent(
                _fraction(self.values[reference.part], self.values[reference.whole]), decimals
            )
        if not reference.percent:
            return numbers.number(self.values[reference.part])
        list_name, _, item = reference.part.rpartition(".")
        if list_name not in self.lists:
            raise _NotAListItem
        return numbers.percent(list_shares(self.lists[list_name], decimals)[item], decimals)


def _fraction(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    return None if whole == 0 else Decimal(part) / Decimal(whole)


def list_shares(items: Mapping[str, int], decimals: int) -> dict[str, Decimal | None]:
    """Each item's share of the list, rounded so the shares add up to exactly 100%.

    Rounding each share half-up on its own can make a column of shares add up to 99.9% or
    100.1% (seed 004's add up past 100%). The largest-remainder method rounds down, then gives
    the remaining last digits to the items with the largest remainders (the earlier item on a
    tie), so no share is more than one last digit from its exact value, and where rounding
    each half-up already adds up to 100% the two agree.
    """
    total = sum(items.values())
    if total == 0:
        return dict.fromkeys(items)
    unit = Decimal(1).scaleb(-(decimals + 2))  # the last printed digit, as a fraction
    exact = {key: Decimal(count) / total for key, count in items.items()}
    floors = {key: value.quantize(unit, rounding=ROUND_FLOOR) for key, value in exact.items()}
    left = int((1 - sum(floors.values())) / unit)
    order = sorted(items, key=lambda key: exact[key] - floors[key], reverse=True)
    for key in order[:left]:
        floors[key] += unit
    return dict(floors)


def resolve(year: YearFile, figures: Figures) -> tuple[dict[str, Any], list[Finding]]:
    """The year file's prose with every reference replaced, and a finding for each reference
    that names no figure. Keys are those of ``year.values`` holding prose."""
    cited = _Cited(year, figures)
    found: list[Finding] = []
    resolved: dict[str, Any] = {}
    for spec in year.format.fields.values():
        value = year.values.get(spec.key)
        if value is None:
            continue
        path: tuple[str | int, ...] = tuple(spec.key.split("."))
        if spec.type == "paragraphs":
            resolved[spec.key] = _paragraphs(value, cited, year, path, found)
        elif spec.type == "records":
            items = []
            for index, item in enumerate(value):
                items.append(
                    {
                        key: _paragraphs(text, cited, year, (*path, index, key), found)
                        if isinstance(text, tuple)
                        else text
                        for key, text in item.items()
                    }
                )
            resolved[spec.key] = items
    return resolved, found


def _paragraphs(
    lines: tuple[str, ...],
    cited: _Cited,
    year: YearFile,
    path: tuple[str | int, ...],
    found: list[Finding],
) -> tuple[str, ...]:
    def report(code: str, reference: str, **params: Any) -> None:
        location = year.source.location(path)
        key = ".".join(map(str, path))
        found.append(findings.error(code, location, key, reference=reference, **params))

    return tuple(_substitute(line, cited, report) for line in lines)


def _substitute(line: str, cited: _Cited, report: Callable[..., None]) -> str:
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        body = match.group(1)
        parsed = _REFERENCE.fullmatch(body)
        if parsed is None:
            report("reference_syntax", token)
            return token
        reference = _Reference(
            parsed["part"],
            parsed["whole"],
            parsed["decimals"] is not None or ":" in body,
            int(parsed["decimals"]) if parsed["decimals"] else None,
        )
        try:
            text = cited.text(reference)
        except _NotAListItem:
            report("reference_share", token)
            return token
        if text is None:
            missing = reference.part if reference.part not in cited.values else reference.whole
            report("reference_unknown", token, hint=_hint(str(missing), cited.names()))
            return token
        return text

    return _TOKEN.sub(replace, line)


def _hint(name: str, names: list[str]) -> Text | str:
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return phrase("hint_close", close=close[0]) if close else ""
