"""Property-based tests (hypothesis) of the 2021 tables.

For random consistent tables (counts drawn at random, totals worked out here independently, R1
made to hold by choosing 二、上年结转 and 一、本年新收), the built .docx and .html hold exactly
those numbers, each in its cell. For random tables with one rule broken, `check` reports exactly
that rule, at that key and line, and nothing else.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import readback_html
from conftest import MINIMAL
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from readback_docx import tables as docx_tables

import reportgen

COLUMNS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other"]
RESULTS = [
    "granted",
    "partially_granted",
    "withheld_state_secret",
    "withheld_prohibited",
    "withheld_three_securities",
    "withheld_third_party",
    "withheld_internal_affairs",
    "withheld_process_information",
    "withheld_enforcement_files",
    "withheld_inquiry_matters",
    "unable_not_held",
    "unable_needs_creation",
    "unable_unclear",
    "not_processed_petition",
    "not_processed_repeated",
    "not_processed_publication",
    "not_processed_excessive",
    "not_processed_confirmation",
    "other_no_correction",
    "other_unpaid_fee",
    "other_misc",
]
BODY = ["new", "carried_over", *RESULTS, "total", "carried_forward"]  # the table's 25 rows
GROUPS = ["review", "direct_suit", "suit_after_review"]
OUTCOMES = ["upheld", "corrected", "other", "pending"]
ACTIVE_ROWS = {  # row of the 主动公开 table → its keys
    2: ["regulations.issued", "regulations.repealed", "regulations.in_force"],
    3: [
        "normative_documents.issued",
        "normative_documents.repealed",
        "normative_documents.in_force",
    ],
    6: ["licensing.decisions"],
    9: ["penalties.decisions"],
    10: ["coercion.decisions"],
    13: ["fees.amount"],
}
# Mostly zeros and small numbers, as in real reports, now and then a large one.
count = st.one_of(st.just(0), st.integers(0, 30), st.integers(0, 10**7))
amount = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass
class Tables:
    requests: dict[str, dict[str, int]]  # row → column → count, the computed totals left out
    appeals: dict[str, dict[str, int]]
    active: dict[str, int | Decimal]
    typed: dict[str, int] = field(default_factory=dict)  # totals written into the file

    def request_rows(self) -> list[list[int]]:
        """The 25 rows of table 三 as printed: six columns and the row's total."""
        column_totals = {
            column: sum(self.requests[row][column] for row in RESULTS) for column in COLUMNS
        }
        rows = []
        for row in BODY:
            values = column_totals if row == "total" else self.requests[row]
            numbers = [values[column] for column in COLUMNS]
            rows.append([*numbers, sum(numbers)])
        return rows

    def appeal_row(self) -> list[int]:
        row = []
        for group in GROUPS:
            numbers = [self.appeals[group][outcome] for outcome in OUTCOMES]
            row += [*numbers, sum(numbers)]
        return row

    def toml(self) -> tuple[str, dict[str, int]]:
        """The year file, and the line of each key written."""
        lines = MINIMAL.splitlines()
        where: dict[str, int] = {}

        def table(name: str, values: dict[str, object]) -> None:
            lines.extend(["", f"[{name}]"])
            where[name] = len(lines)
            for key, value in values.items():
                lines.append(f"{key} = {value}")
                where[f"{name}.{key}"] = len(lines)

        for name, rows in (("requests", self.requests), ("appeals", self.appeals)):
            for row, values in rows.items():
                total = self.typed.get(f"{name}.{row}.total")
                table(f"{name}.{row}", values if total is None else {**values, "total": total})
        by_row: dict[str, dict[str, object]] = {}
        for key, value in self.active.items():
            row, _, column = key.partition(".")
            by_row.setdefault(row, {})[column] = value
        for row, values in by_row.items():
            table(f"active.{row}", values)
        return "\n".join(lines) + "\n", where


@st.composite
def consistent(draw: st.DrawFn) -> Tables:
    results = {row: {column: draw(count) for column in COLUMNS} for row in RESULTS}
    forward = {column: draw(count) for column in COLUMNS}
    handled = {column: sum(results[row][column] for row in RESULTS) for column in COLUMNS}
    over = {column: draw(st.integers(0, handled[column] + forward[column])) for column in COLUMNS}
    new = {column: handled[column] + forward[column] - over[column] for column in COLUMNS}
    requests = {"new": new, "carried_over": over, **results, "carried_forward": forward}
    appeals = {group: {outcome: draw(count) for outcome in OUTCOMES} for group in GROUPS}
    active: dict[str, int | Decimal] = {
        key: draw(amount if key == "fees.amount" else count)
        for keys in ACTIVE_ROWS.values()
        for key in keys
    }
    tables = Tables(requests, appeals, active)
    if draw(st.booleans()):  # totals copied from last year's sheet, all agreeing
        rows = dict(zip(BODY, tables.request_rows(), strict=True))
        for row in ("new", "carried_over", "granted", "carried_forward"):
            tables.typed[f"requests.{row}.total"] = rows[row][-1]
        for group in GROUPS:
            tables.typed[f"appeals.{group}.total"] = sum(appeals[group].values())
    return tables


def printed(value: int | Decimal) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


@SETTINGS
@given(consistent())
def test_built_reports_hold_every_number_in_its_cell(tables: Tables):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "year.toml"
        path.write_text(tables.toml()[0], "utf-8")
        built = reportgen.build(path, Path(directory) / "out", strict=True)
        docx_path, html_path = sorted(built.paths)
        document = Document(str(docx_path))
        page = readback_html.read(html_path.read_text("utf-8"))

    expected_active = {
        row: [printed(tables.active[key]) for key in keys] for row, keys in ACTIVE_ROWS.items()
    }
    active, requests, appeals = docx_tables(document)
    html_active = page.tables["table-active"]
    for row, values in expected_active.items():
        assert [cell.text for cell in active[row][1:] if cell.origin] == values, row
        html_values = [c.text for c in html_active[row] if c.attrs.get("class") == "num"]
        assert html_values == values, row

    html_requests = readback_html.grid(page.tables["table-requests"])
    for index, numbers in enumerate(tables.request_rows()):
        assert [int(cell.text) for cell in requests[3 + index][3:]] == numbers, BODY[index]
        assert [int(cell.text) for cell in html_requests[3 + index][3:]] == numbers, BODY[index]

    assert [int(cell.text) for cell in appeals[3]] == tables.appeal_row()
    assert [int(cell.text) for cell in page.tables["table-appeals"][3]] == tables.appeal_row()


@st.composite
def broken(draw: st.DrawFn) -> tuple[Tables, str, dict]:
    """Consistent tables with one rule broken, and what check must say about it."""
    tables = draw(consistent())
    tables.typed.clear()
    kind = draw(st.sampled_from(["R1", "R3", "R4"]))
    k = draw(st.integers(1, 50))
    if kind == "R1":  # more carried forward than the column's applications allow
        column = draw(st.sampled_from(COLUMNS))
        tables.requests["carried_forward"][column] += k
        rows = dict(zip(BODY, tables.request_rows(), strict=True))
        left = rows["new"][COLUMNS.index(column)] + rows["carried_over"][COLUMNS.index(column)]
        return (
            tables,
            kind,
            # The column is named; R1 on the 总计 column, which it explains, is not.
            {f"requests.new.{column}": ("rule_failed", left, left + k)},
        )
    if kind == "R3":  # a row's typed total off by k, either way
        row = draw(st.sampled_from(RESULTS))
        computed = sum(tables.requests[row].values())
        typed = computed + k if computed < k or draw(st.booleans()) else computed - k
        tables.typed[f"requests.{row}.total"] = typed
        return tables, kind, {f"requests.{row}.total": ("total_mismatch", typed, computed)}
    group = draw(st.sampled_from(GROUPS))
    computed = sum(tables.appeals[group].values())
    typed = computed + k if computed < k or draw(st.booleans()) else computed - k
    tables.typed[f"appeals.{group}.total"] = typed
    return tables, kind, {f"appeals.{group}.total": ("total_mismatch", typed, computed)}


@SETTINGS
@given(broken())
def test_check_reports_exactly_the_broken_rule(case: tuple[Tables, str, dict]):
    tables, rule, expected = case
    text, where = tables.toml()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "year.toml"
        path.write_text(text, "utf-8")
        checked = reportgen.check(path)
    assert checked.warnings == []
    found = {}
    for finding in checked.errors:
        params = finding.params
        numbers = (
            (params["left"], params["right"])
            if finding.code == "rule_failed"
            else (params["given"], params["computed"])
        )
        assert params["rule"] == rule
        found[finding.key] = (finding.code, *numbers)
        # At the key's own line, or at its table's header where the key is not written.
        table = finding.key.rpartition(".")[0]
        assert finding.location.line == where.get(finding.key, where[table]), finding.key
    assert found == expected
