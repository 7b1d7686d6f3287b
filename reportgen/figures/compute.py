"""Totals, consistency rules and shares: the figures of a report, computed, never typed.

A ``total`` rule computes its left key from its right keys; if the year file also gives that
total, the given number is checked against the sum of its parts as the file gives them, and
one that disagrees is the finding. A ``check`` rule compares two sums of what the file claims
(given values where given, computed ones elsewhere and in place of a typed total found wrong),
so the message points at the number to change, not at correct cells a wrong total upsets. Rules
reading ``previous:`` keys compare with last year's report and only run when one is supplied.
"""

from __future__ import annotations

from decimal import Decimal

from reportgen.formats.description import FieldSpec, Rule, Term
from reportgen.formats.problem import format_error
from reportgen.messages import findings
from reportgen.messages.catalogue import Text, phrase
from reportgen.messages.findings import Finding
from reportgen.validate.yearfile import YearFile

Number = int | Decimal


class Figures:
    """Every table value of a report (0 where the file says nothing), totals computed. A plain
    class rather than a dataclass, which costs about half a millisecond of start-up."""

    __slots__ = ("findings", "values")

    def __init__(self, values: dict[str, Number], found: list[Finding] | None = None) -> None:
        self.values = values
        self.findings = [] if found is None else found

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
                raise format_error(str(fmt.directory), "format_rule_cycle", key=key)
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
    failed: list[tuple[Rule, Number, Number]] = []
    for rule in fmt.rules:
        if rule.kind == "total" or (rule.needs_previous and not comparable(rule, previous)):
            continue
        if _unjudged(rule, unknown):
            continue
        left = _side(rule.left, claimed, previous)
        right = _side(rule.right, claimed, previous)
        if not HOLDS[rule.relation](left, right):
            failed.append((rule, left, right))
    for rule, left, right in _explaining(failed, given):
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
                    "left_terms": _terms(rule, rule.left, claimed, previous, fmt.values),
                    "right_terms": _terms(rule, rule.right, claimed, previous, fmt.values),
                },
            )
        )
    found.sort(key=lambda finding: _order(year, finding))
    return Figures(computed, found)


# A check rule's relation (format.toml ``relation``): 历年累计 >= 本年度, for instance.
HOLDS = {
    "=": lambda left, right: left == right,
    ">=": lambda left, right: left >= right,
    "<=": lambda left, right: left <= right,
}


def _explaining(
    failed: list[tuple[Rule, Number, Number]], given: dict[str, Number]
) -> list[tuple[Rule, Number, Number]]:
    """The smallest set of failures that explains them all: a rule over computed totals only
    (R1 on the 总计 column) fails because the same rule fails on a column the file gives, and
    naming that column is enough."""

    def typed(rule: Rule) -> bool:
        return any(term.key in given for term in (*rule.left, *rule.right) if not term.previous)

    explained = {rule.id for rule, _, _ in failed if typed(rule)}
    return [item for item in failed if typed(item[0]) or item[0].id not in explained]


def _terms(
    rule: Rule,
    terms: tuple[Term, ...],
    claimed: dict[str, Number],
    previous: Figures | None,
    specs: dict[str, FieldSpec],
) -> Text:
    """One side of a rule, each term with its row (or column) and number: ``一、本年新收…
    5 + 二、上年结转… 0``. Rows when the rule's terms differ by row, columns when by column."""
    every = [specs[term.key] for term in (*rule.left, *rule.right)]
    rows = {spec.row_label for spec in every}
    columns = {spec.column_label for spec in every}
    parts: list[Text] = []
    for index, term in enumerate(terms):
        spec = specs[term.key]
        label = spec.label
        if len(rows) > 1 and len(columns) == 1 and spec.row_label:
            label = spec.row_label
        elif len(columns) > 1 and len(rows) == 1 and spec.column_label:
            label = spec.column_label
        named = phrase("term_previous", label=label) if term.previous else Text(label, label)
        source = previous.values if term.previous and previous else claimed
        number = source.get(term.key, 0)
        sign = ("−" if term.sign < 0 else "") if index == 0 else (" − " if term.sign < 0 else " + ")
        parts.append(Text(f"{sign}{named.zh} {number}", f"{sign}{named.en} {number}"))
    return Text("".join(part.zh for part in parts), "".join(part.en for part in parts))


def _unjudged(rule: Rule, unknown: set[str]) -> bool:
    """A rule touching a value the file gave wrongly is not judged: one typo, one message."""
    return any(term.key in unknown for term in (*rule.left, *rule.right) if not term.previous)


def _order(year: YearFile, finding: Finding) -> int:
    # In file order, as before the two passes: a clerk reads the messages top to bottom.
    location = finding.location
    return location.line if location is not None and location.line is not None else 0


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
