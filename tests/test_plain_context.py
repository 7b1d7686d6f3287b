"""Templates see plain data only: the whole render context of every built-in format's sample
and of the province example is str, int, Decimal, bool, None or Markup, in dicts, lists and
tuples; no Path, module, bound method or object of reportgen's own."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from markupsafe import Markup

import reportgen
from reportgen.render.plain import plain
from reportgen.runs import rendering

YEAR_FILES = [
    *sorted((ROOT / "samples").glob("*.toml")),
    ROOT / "samples" / "province-example" / "2021-county-civil-affairs.toml",
]
PLAIN = (str, int, Decimal, bool, type(None), Markup)


def not_plain(value: Any, where: str = "context") -> list[str]:
    """Where the value holds something that is not plain data, and what."""
    if type(value) in PLAIN:
        return []
    if type(value) is dict:
        found = [f"{where}: key {key!r}" for key in value if type(key) is not str]
        for key, item in value.items():
            found += not_plain(item, f"{where}.{key}")
        return found
    if type(value) in (list, tuple):
        found = []
        for index, item in enumerate(value):
            found += not_plain(item, f"{where}[{index}]")
        return found
    return [f"{where}: {type(value).__name__}"]


def test_every_built_in_format_has_a_sample_here():
    formats = {reportgen.check(path).year.format.id for path in YEAR_FILES}
    assert formats == {"2019", "2021", "twelve-part"}


@pytest.mark.parametrize("path", YEAR_FILES, ids=lambda path: path.stem)
def test_the_whole_context_is_plain(path: Path):
    context = rendering.context(reportgen.check(path))
    assert not_plain(context) == []
    # Still what the templates read: tables.active.rows, sections.overview.heading, format.id
    assert context["format"]["id"] in ("2019", "2021", "twelve-part")
    assert isinstance(context["format"]["directory"], str)
    assert all(isinstance(section["heading"], str) for section in context["sections"].values())


def test_the_walk_finds_what_is_not_plain():
    assert not_plain({"a": [1, (Path("/"),)]}) == ["context.a[1][0]: PosixPath"]
    assert not_plain({"f": print}) == ["context.f: builtin_function_or_method"]


def test_plain_drops_what_has_no_plain_form():
    class Own:
        pass

    value = {"path": Path("/etc"), "fn": print, "own": Own(), "n": 1.5, "s": {"b", "a"}}
    assert plain(value) == {"path": "/etc", "n": Decimal("1.5"), "s": ("a", "b")}


def test_the_sandbox_admits_only_the_listed_methods_of_plain_values():
    """An allow-list: of every attribute the plain types have, only the harmless methods named
    in sandbox.py are admitted; none that writes, none that reaches internals."""
    from reportgen.render import templating

    env = templating.environment(templating.SearchPath())
    admitted = {
        kind.__name__: sorted(
            name
            for name in dir(kind)
            if env.is_safe_attribute(sample, name, getattr(sample, name, None))
        )
        for kind, sample in [
            (str, "a"),
            (int, 1),
            (Decimal, Decimal(1)),
            (bool, True),
            (dict, {}),
            (list, []),
            (tuple, ()),
        ]
    }
    assert admitted["int"] == admitted["Decimal"] == admitted["bool"] == []
    assert admitted["dict"] == ["get", "items", "keys", "values"]
    assert admitted["list"] == admitted["tuple"] == ["count", "index"]
    refused = {"format", "format_map", "encode", "maketrans", "translate"}
    assert not refused & set(admitted["str"])
    assert not [name for names in admitted.values() for name in names if name.startswith("_")]
