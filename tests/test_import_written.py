"""The values an import gathers as it writes the year file are what parsing the year file
gives (the check of an import takes them instead of parsing the text again), and where the
text is something the gathering does not follow, it gives up and the text is parsed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import tomli

import reportgen
from reportgen.importers.written import Written
from reportgen.runs import single
from reportgen.runs.importing import import_report

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
SAMPLES = [
    *sorted((ROOT / "samples").glob("*.toml")),
    *sorted((ROOT / "samples").glob("*/*.toml")),
]
SEEDS = [DATA / "seed-003-hanzhong-2020.txt", DATA / "seed-002-linyi-2017.txt"]


def parsed(text: str) -> dict:
    return tomli.loads(text, parse_float=Decimal)


def assert_gathered_as_parsed(source: Path, templates: list[Path]) -> None:
    imported = import_report(source, templates=templates)
    assert imported.data is not None
    assert imported.data == parsed(imported.text)
    assert repr(imported.data) == repr(parsed(imported.text))  # same order, same Decimals
    # The check on them finds what the check on the parsed text finds, at the same lines.
    anchor = source.with_suffix(".toml")
    on_text = single.check_text(imported.text, anchor, templates)
    assert imported.findings == on_text.findings
    assert (
        on_text.year.values
        == single.check_text(imported.text, anchor, templates, parsed(imported.text)).year.values
    )


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_samples_gathered_as_parsed(tmp_path: Path, sample: Path):
    own = sample.parent / "templates"
    templates = [own] if own.is_dir() else []
    built = reportgen.build(sample, tmp_path, to=["html", "docx"], templates=templates)
    for path in built.paths:
        assert_gathered_as_parsed(path, templates)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.stem)
def test_copied_text_gathered_as_parsed(seed: Path):
    assert_gathered_as_parsed(seed, [])


def written(lines: list[tuple[str, ...]]) -> tuple[str, dict | None]:
    """Lines written as the importer writes them, and what was gathered."""
    gathered = Written()
    text = []
    for kind, *rest in lines:
        if kind == "header":
            gathered.header(rest[0])
            text.append(f"[{rest[0]}]")
        elif kind == "array":
            gathered.array(rest[0])
            text.append(f"[[{rest[0]}]]")
        elif kind == "value":
            gathered.value(rest[0], rest[1], int(rest[1]) if rest[1].isdigit() else rest[1])
            text.append(f"{rest[0]} = {rest[1]}  # 注释")
        else:
            text.append(rest[0])
    joined = "\n".join(text) + "\n"
    return joined, gathered.finish(joined, len(text))


def test_what_toml_reads_the_same_is_gathered():
    text, data = written(
        [
            ("value", "year", "2025"),
            ("header", "agency.contact"),
            ("value", "phone", '"0916-2626560"'),
            ("header", "agency"),  # made on the way to agency.contact: defined once here
            ("value", "issued", "2026-01-20"),
            ("array", "events"),
            ("value", "count", '{ value = 3, note = "另有1件" }'),
            ("array", "events"),
            ("value", "amount", "1.50"),
            ("comment", "# 第二个"),
        ]
    )
    assert data is not None
    assert repr(data) == repr(parsed(text))


@pytest.mark.parametrize(
    "lines",
    [
        [("header", "a"), ("header", "a")],  # a table defined twice
        [("value", "x", "1"), ("value", "x", "2")],  # a key written twice
        [("value", "a", "{ b = 1 }"), ("header", "a.c")],  # an inline table added to
        [("array", "a"), ("header", "a")],  # an array of tables made a table
        [("array", "a"), ("header", "a.b")],  # a table inside the last of an array
        [("value", "a", "1"), ("header", "a.b")],  # a value made a table
        [("value", "a.b", "1")],  # a dotted key
        [("value", "a", "NaN")],  # no TOML value
        [("comment", "# 行\x0b内")],  # a character TOML refuses, in a comment
        [("comment", "# 一行\n二行")],  # a line break inside a line written
    ],
)
def test_what_is_not_followed_is_left_to_parsing(lines: list[tuple[str, ...]]):
    _, data = written(lines)
    assert data is None


def test_a_lone_surrogate_in_prose_is_left_to_parsing():
    gathered = Written()
    gathered.paragraphs("intro", ["第一段", "坏\ud800字"])
    assert gathered.data is None
    fine = Written()
    fine.paragraphs("intro", ['引号"与\\反斜杠', "第二段\t"])
    text = 'intro = """\n引号\\"与\\\\反斜杠\n第二段\\t\n"""\n'
    assert fine.finish(text, 4) == parsed(text)
