"""Totals, consistency rules and shares: the figures of a report, computed, never typed.

A ``total`` rule computes its left key from its right keys; if the year file also gives that
total, the given number is checked against the sum of its parts as the file gives them, and
one that disagrees is the finding. A ``check`` rule compares two sums of what the file claims
(given values where given, computed ones elsewhere and in place of a typed total found wrong),
so the message points at the number to change, not at correct cells a wrong total upsets. Rules
reading ``previous:`` keys compare with last year's report and only run when one is supplied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from reportgen import findings
from reportgen.errors import FormatError
from reportgen.findings import Finding
from reportgen.formats import Rule, Term
from reportgen.messages import Text
from reportgen.model import YearFile

Number = int | Decimal


@dataclass
class Figures:
    """Every table value of a report (0 where the file says nothing), totals computed."""

    values: dict[str, Number]
    findings: list[Finding] = field(default_factory=list)

    def __getitem__(self, key: str) -> Number:
        return self.values[key]

    def share(self, part: tuple[str, ...], whole: tuple[str, ...]) -> Decimal | None:
        """sum(part) / sum(whole) as an exact fraction; None when the whole is 0."""
        denominator = sum((self.values[key] for key in whole), Decimal(0))
        if denominator == 0:
            return None
        return sum((self.values[key] for key in part), Decimal(0)) / denominator


def compute(year: YearFile, previous: Figures | None = None) -> Figures:
    fmt = year.format
    totals: dict[str, Rule] = {}
    for rule in fmt.rules:
        if rule.kind == "total":
            totals.setdefault(rule.left[0].key, rule)

    given = {key: year.values[key] for key in fmt.values if key in year.values}
    computed: dict[str, Number] = {}
    # Keys whose value is unknown because the file gave something invalid for them or for a
    # part of them: rules touching these are not judged, so one typo is reported once.
    unknown = set(year.unknown)

    def value(key: str, visiting: tuple[str, ...] = ()) -> Number:
        if key in computed:
            return computed[key]
        rule = totals.get(key)
        if rule is None:
            result = given.get(key, _zero(fmt.values[key].type))
        else:
            if key in visiting:
                raise FormatError(str(fmt.directory), f"rules compute {key} from itself")
            result = sum((term.sign * value(term.key, (*visiting, key)) for term in rule.right), 0)
            if any(term.key in unknown for term in rule.right):
                unknown.add(key)
        computed[key] = result
        return result

    for key in fmt.values:
        value(key)

    # A typed total is judged against its parts as typed, so a right total over a wrong part
    # is not named. A typed total that disagrees is the one wrong number: it is named once,
    # and every other rule reading it is judged on the computed value instead, so the clerk
    # is not sent to correct cells on the other side of a rule that merely uses it.
    typed = {**computed, **given}
    found: list[Finding] = []
    wrong: set[str] = set()
    for rule in fmt.rules:
        if rule.kind != "total" or _unjudged(rule, unknown):
            continue
        key = rule.left[0].key
        parts = _side(rule.right, typed, previous)
        if key in given and key not in wrong and given[key] != parts:
            wrong.add(key)
            found.append(
                findings.error(
                    "total_mismatch",
                    year.location(key),
                    key,
                    label=fmt.values[key].label,
                    given=given[key],
                    computed=parts,
                    rule=rule.id,
                    description=_description(rule),
                )
            )
    claimed = {**computed, **{key: given[key] for key in given if key not in wrong}}
    for rule in fmt.rules:
        if rule.kind == "total" or (rule.needs_previous and previous is None):
            continue
        if _unjudged(rule, unknown):
            continue
        left = _side(rule.left, claimed, previous)
        right = _side(rule.right, claimed, previous)
        if left != right:
            key = _blame(year, rule)
            found.append(
                findings.Finding(
                    rule.severity,
                    "rule_failed",
                    year.location(key),
                    key,
                    {
                        "rule": rule.id,
                        "description": _description(rule),
                        "left": left,
                        "right": right,
                    },
                )
            )
    found.sort(key=lambda finding: _order(year, finding))
    return Figures(computed, found)


def _unjudged(rule: Rule, unknown: set[str]) -> bool:
    """A rule touching a value the file gave wrongly is not judged: one typo, one message."""
    return any(term.key in unknown for term in (*rule.left, *rule.right) if not term.previous)


def _order(year: YearFile, finding: Finding) -> int:
    # In file order, as before the two passes: a clerk reads the messages top to bottom.
    location = finding.location
    return location.line if location is not None and location.line is not None else 0


def _zero(kind: str) -> Number:
    return Decimal(0) if kind == "amount" else 0


def _side(terms: tuple[Term, ...], claimed: dict[str, Number], previous: Figures | None) -> Number:
    total: Number = 0
    for term in terms:
        source = previous.values if term.previous and previous else claimed
        total += term.sign * source.get(term.key, 0)
    return total


def _blame(year: YearFile, rule: Rule) -> str:
    """The key a message points at: the first of the rule's keys that the file gives."""
    keys = [term.key for term in (*rule.left, *rule.right) if not term.previous]
    return next((key for key in keys if year.given(key)), keys[0])


def _description(rule: Rule) -> Text:
    return Text(rule.description, rule.description_en)
