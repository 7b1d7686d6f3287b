"""Totals, consistency rules and shares: the figures of a report, computed, never typed.

A ``total`` rule computes its left key from its right keys; if the year file also gives that
total, the given number is checked against the sum of its parts as the file gives them. A
``check`` rule compares two sums of what the file claims (given values where given, computed
ones elsewhere), so a wrong total typed by hand shows up in every rule it breaks. Rules
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

    # Rules judge what the file claims: a typed total against the parts as typed, so each
    # wrong number is named by the rules it breaks, and a right total over a wrong part is not.
    claimed = {**computed, **given}
    found: list[Finding] = []
    for rule in fmt.rules:
        if rule.needs_previous and not comparable(rule, previous):
            continue
        if any(term.key in unknown for term in (*rule.left, *rule.right) if not term.previous):
            continue
        if rule.kind == "total":
            key = rule.left[0].key
            parts = _side(rule.right, claimed, previous)
            if key in given and given[key] != parts:
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
    return Figures(computed, found)


def comparable(rule: Rule, previous: Figures | None) -> bool:
    """Whether last year's figures have every value the rule reads from them: a file in
    another format (2019 before 2021) shares only some rows."""
    if previous is None:
        return False
    return all(term.key in previous.values for term in (*rule.left, *rule.right) if term.previous)


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
