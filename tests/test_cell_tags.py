"""The base table prints each cell's opening tag and each data row's static markup, made once
per format (render/cells.py); the `header_cell` and `spans` macros, kept for templates that
build tables themselves, must make the same tags, and the rendered tables must show them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from lxml import html as lxml_html
from markupsafe import Markup, escape

import reportgen
from reportgen.render import templating
from reportgen.runs import rendering

YEAR_FILES = [
    *sorted((ROOT / "samples").glob("*.toml")),
    ROOT / "samples" / "province-example" / "2021-county-civil-affairs.toml",
]


@pytest.mark.parametrize("path", YEAR_FILES, ids=lambda path: path.stem)
def test_the_macros_make_the_tags_the_table_prints(path: Path):
    checked = reportgen.check(path)
    context = rendering.context(checked)
    env = templating.environment(templating.SearchPath(checked.year.search_path))
    macros = env.get_template("base/macros.html.j2").module
    cells = 0
    for table in context["tables"].values():
        header = [(row, "header") for row in table["header"]]
        for row, role in header + [(row, row["role"]) for row in table["rows"]]:
            for cell in row["cells"]:
                cells += 1
                assert str(macros.spans(cell)) in cell["tag"]
                if role != "data":
                    assert str(macros.header_cell(cell, role)).startswith(cell["tag"])
    assert cells > 10


@pytest.mark.parametrize("path", YEAR_FILES, ids=lambda path: path.stem)
def test_a_rows_parts_are_its_cells(path: Path):
    """row.parts, filled with the figures, is the row written cell by cell."""
    context = rendering.context(reportgen.check(path))
    figures = context["cell_text"]
    rows = [row for table in context["tables"].values() for row in table["rows"]]
    data = [row for row in rows if row["role"] == "data"]
    assert data and all("parts" not in row for row in rows if row["role"] != "data")
    end = Markup("</td>")  # Markup + str would escape the str
    for row in data:
        by_cell = "".join(
            cell["tag"] + escape(figures[cell["key"]] if cell["key"] else cell["text"]) + end
            for cell in row["cells"]
        )
        by_parts = "".join(html + escape(figures[key] if key else "") for html, key in row["parts"])
        assert by_parts == by_cell


def test_the_rendered_table_keeps_classes_spans_and_keys():
    checked = reportgen.check(ROOT / "samples" / "2021-city-civil-affairs.toml")
    page = lxml_html.fromstring(rendering.render(checked, ("html",))["html"])
    note = page.xpath('//table[@id="table-requests"]//th[@class="note"]')[0]
    assert (note.get("rowspan"), note.get("colspan")) == ("3", "3")
    value = page.xpath('//td[@data-key="requests.new.natural_person"]')[0]
    assert value.get("class") == "num"
    assert value.text == rendering.context(checked)["cell_text"]["requests.new.natural_person"]
    label = value.getprevious()
    assert (label.get("class"), label.get("colspan")) == ("label", "3")
    assert label.text == "一、本年新收政府信息公开申请数量"


def _without_static_markup(table: dict) -> dict:
    """A table as a template that builds its own would give it: no tags, no row parts."""
    rows = {
        part: [
            {
                **{key: value for key, value in row.items() if key != "parts"},
                "cells": [{k: v for k, v in cell.items() if k != "tag"} for cell in row["cells"]],
            }
            for row in table[part]
        ]
        for part in ("header", "rows")
    }
    return {**table, **rows}


@pytest.mark.parametrize("path", YEAR_FILES, ids=lambda path: path.stem)
def test_a_table_without_its_tags_prints_the_same(path: Path):
    """An office template that calls m.table() on a table it built itself (no `tag`, no
    `parts`) gets the same table, made cell by cell."""
    checked = reportgen.check(path)
    context = rendering.context(checked)
    env = templating.environment(templating.SearchPath(checked.year.search_path))
    macros = env.get_template("base/macros.html.j2").make_module(context)
    tables = list(context["tables"].values())
    assert tables
    for table in tables:
        bare = _without_static_markup(table)
        assert not any("tag" in cell for row in bare["rows"] for cell in row["cells"])
        assert str(macros.table(bare)) == str(macros.table(table))


@pytest.mark.parametrize("path", YEAR_FILES, ids=lambda path: path.stem)
def test_a_table_made_with_other_rows_prints_those_rows(path: Path):
    """table.static (columns, header and body made once per format) is printed only for the
    rows and widths it was made from: a template's dict(table, rows=…) keeps the key but prints
    its own rows, dict(table, widths=…) its own columns."""
    checked = reportgen.check(path)
    context = rendering.context(checked)
    env = templating.environment(templating.SearchPath(checked.year.search_path))
    macros = env.get_template("base/macros.html.j2").make_module(context)
    for table in context["tables"].values():
        assert "static" in table
        first = {**table, "rows": table["rows"][:1]}
        assert "static" in first
        printed = lxml_html.fromstring(str(macros.table(first)))
        assert len(printed.xpath("//tbody/tr")) == 1
        bare = lxml_html.fromstring(str(macros.table(_without_static_markup(first))))
        assert lxml_html.tostring(printed) == lxml_html.tostring(bare)
        narrow = lxml_html.fromstring(str(macros.table({**table, "widths": ["50"]})))
        assert [col.get("style") for col in narrow.xpath("//col")] == ["width: 50%"]


def test_the_filled_filter_escapes_what_a_template_gives_it():
    """`filled` gives a template nothing it could not print otherwise: its own pieces and the
    values are escaped, only Markup made by reportgen passes as it is."""
    env = templating.environment(templating.SearchPath(()))
    template = env.from_string(
        "{{ [('<b>', 'k'), ('<i>', none)] | filled({'k': '1<2 & \"x\" \\'y\\''}) }}"
        "{{ parts | filled({'k': '0'}) }}"
    )
    printed = template.render(parts=((Markup("<td>"), "k"), (Markup("</td>"), None)))
    assert printed == "&lt;b&gt;1&lt;2 &amp; &#34;x&#34; &#39;y&#39;&lt;i&gt;<td>0</td>"
    assert printed.startswith(str(escape("<b>") + escape("1<2 & \"x\" 'y'")))
