"""Fuzzing (hypothesis, a bounded number of examples): whatever a year file holds, reading and
checking it raises nothing but reportgen's own errors, and every message renders in both
languages; whatever the prose says between braces, the report is checked, and built when the
check passes."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from conftest import MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reportgen
from reportgen.errors import InputError
from reportgen.read.source import parse

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORKDIR = Path(tempfile.mkdtemp(prefix="reportgen-fuzz-"))

# Lines of TOML as clerks get them wrong: keys of the format and others, numbers with units and
# commas, dates real and impossible, quotes of every kind, brackets left open.
KEY = st.from_regex(
    r"(requests\.(new|granted|total)\.(natural_person|total|x)|appeals\.review\.upheld"
    r"|active\.fees\.amount|agency\.(name|issued)|year|format|counts\.c\.[a-z]{1,3}|自然人)",
    fullmatch=True,
)
SPECIAL = [
    "nan", "+nan", "-inf", "inf", "1e30", "1e-7", "9223372036854775808", "-0", "0.0", "1_000",
    "0x1F", "true", "True", '""', '"五"', '"3件"', '"12.5万元"', '"2025-02-30"', "2025-02-30",
    "2025-13-01", "2026-01-20T10:00:00", "10:00:00", "{}", "[]", '{ note = "x" }',
    '{ value = "3" }', "{ value = nan }", "{ value = 1, unit = 3 }", '[1, "a"]', '"\\u0007"',
]  # fmt: skip
VALUE = st.one_of(
    st.sampled_from(SPECIAL),
    st.from_regex(r"-?[0-9_,.]{0,25}(e[0-9]{1,4})?(件|万元)?", fullmatch=True),
    st.from_regex(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(T[0-9:]{0,8})?", fullmatch=True),
    st.from_regex(r"[\"'“]{0,3}[^\n]{0,12}[\"'”]{0,3}", fullmatch=True),
    st.from_regex(r"\{ ?(value|note|unit) ?= ?[0-9\"a-z]{0,4}[,}]?", fullmatch=True),
    st.from_regex(r"\[[0-9, \"]{0,8}\]?", fullmatch=True),
)
LINE = st.one_of(
    st.builds(lambda key, value: f"{key} = {value}", KEY, VALUE),
    st.from_regex(r"\[{1,2}[a-z._ ]{0,20}\]{0,2}", fullmatch=True),
    st.text(max_size=30).map(lambda text: text.replace("\r", "")),
)


def written(name: str, data: bytes) -> Path:
    path = WORKDIR / name
    path.write_bytes(data)
    return path


def checked(path: Path) -> None:
    """Check ``path``: the result is a checked report or an InputError, and every finding of
    either names this file and renders in both languages. Any other exception (a format or
    template error, a crash) fails the test."""
    try:
        found = reportgen.check(path).findings
    except InputError as error:
        found = error.findings
        assert found, "an InputError carries its findings"
    for finding in found:
        assert finding.location is not None and finding.location.file.endswith(path.name)
        assert finding.render("zh") and finding.render("en")


@FUZZ
@given(st.text(max_size=400))
def test_any_text_parses_or_is_refused(text: str):
    try:
        parse(text, Path("year.toml"))
    except InputError as error:
        assert error.findings[0].render("zh")


@FUZZ
@given(st.lists(LINE, max_size=8))
def test_any_lines_added_to_a_year_file(lines: list[str]):
    # Before the first [table] header, so that dotted keys name the format's own fields.
    text = MINIMAL.replace(
        "year = 2025\n", "year = 2025\n" + "".join(f"{line}\n" for line in lines)
    )
    checked(written("lines.toml", text.encode()))


@FUZZ
@given(st.binary(max_size=64), st.integers(0, len(MINIMAL.encode())), st.binary(max_size=8))
def test_any_bytes_in_a_year_file(prefix: bytes, at: int, inserted: bytes):
    data = MINIMAL.encode()
    checked(written("bytes.toml", prefix + data[:at] + inserted + data[at:]))


# Prose with references: well-formed ones, misspelt ones, braces alone or doubled.
REFERENCE = st.from_regex(
    r"\{\{?\s*(requests\.(new|total)\.(total|natural_person)|shares\.(granted|x)|counts\.c(\.a)?"
    r"|[a-z.]{0,12})\s*(/\s*[a-z.]{0,20})?(:\s*%[0-9]?)?\s*\}?\}?",
    fullmatch=True,
)
PROSE = st.lists(st.one_of(REFERENCE, st.text(max_size=12)), max_size=10).map("".join)


def with_prose(prose: str) -> bytes:
    # JSON's string escapes are TOML's, control characters included.
    text = MINIMAL.replace('"主动公开情况。"', json.dumps(prose, ensure_ascii=False))
    return (text + "\n[counts.c]\na = 3\nb = 0\n").encode()


@FUZZ
@given(PROSE)
def test_any_references_in_prose_are_checked(prose: str):
    checked(written("prose.toml", with_prose(prose)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROSE)
def test_prose_builds_exactly_when_the_check_passes(prose: str):
    path = written("built.toml", with_prose(prose))
    errors = reportgen.check(path).errors
    out = WORKDIR / "out"
    if errors:
        with pytest.raises(InputError) as raised:
            reportgen.build(path, out)
        assert raised.value.findings and all(f.location for f in raised.value.findings)
    else:
        built = reportgen.build(path, out)
        assert sorted(path.suffix for path in built.paths) == [".docx", ".html"]
        assert all(path.stat().st_size > 0 for path in built.paths)
