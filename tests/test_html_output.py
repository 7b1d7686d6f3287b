"""The built .html read back: every label and number of the three tables in its cell."""

from __future__ import annotations

from pathlib import Path

import pytest
import readback_html
import spec_2021
from conftest import MINIMAL, SAMPLE

import reportgen


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> readback_html._Reader:
    out = tmp_path_factory.mktemp("html")
    built = reportgen.build(SAMPLE, out, to=["html"], strict=True)
    assert [path.suffix for path in built.paths] == [".html"]
    return readback_html.read(built.paths[0].read_text("utf-8"))


def starting_cells(rows):
    return [[(cell.text, cell.rowspan, cell.colspan) for cell in row] for row in rows]


def test_headings_and_title(page):
    headings = [text for tag, text in page.blocks if tag == "h2"]
    assert headings == spec_2021.SECTIONS
    assert page.blocks[0] == ("h1", "某某市民政局2025年\n政府信息公开工作年度报告")
    assert ("p", "2026年1月20日") in page.blocks


def test_active_table_layout_and_values(page):
    rows = page.tables["table-active"]
    for index, expected in enumerate(spec_2021.ACTIVE):
        labels = [
            (c.text, c.rowspan, c.colspan)
            for c in rows[index]
            if "num" not in c.attrs.get("class", "")
        ]
        assert labels == [cell for cell in expected if cell is not None], index
    for index, numbers in spec_2021.SAMPLE_ACTIVE.items():
        assert [c.text for c in rows[index] if c.attrs.get("class") == "num"] == numbers
    assert rows[6][1].colspan == 3  # 行政许可: one value over three columns


def test_requests_table_layout(page):
    rows = page.tables["table-requests"]
    assert starting_cells(rows[:3]) == spec_2021.REQUESTS_HEADER
    body = rows[3:]
    assert len(body) == 25
    for index, expected in enumerate(spec_2021.REQUESTS_LABELS):
        labels = [
            (c.text, c.rowspan, c.colspan)
            for c in body[index]
            if c.tag == "td" and "label" in c.attrs["class"]
        ]
        assert labels == expected, index
        assert len([c for c in body[index] if c.attrs.get("class") == "num"]) == 7


def test_requests_numbers_in_their_cells(page):
    grid = readback_html.grid(page.tables["table-requests"])
    for row in range(25):
        expected = spec_2021.SAMPLE_REQUESTS.get(row, [0] * 7)
        assert [int(cell.text) for cell in grid[3 + row][3:]] == expected, row


def test_appeals_table(page):
    rows = page.tables["table-appeals"]
    assert starting_cells(rows[:3]) == spec_2021.APPEALS_HEADER
    assert [int(cell.text) for cell in rows[3]] == spec_2021.SAMPLE_APPEALS


def test_page_is_standalone(page):
    for tag, attributes in page.elements:
        assert tag not in ("script", "link", "img", "iframe")
        assert "src" not in attributes and "href" not in attributes


def test_prose_is_escaped(year_file, tmp_path: Path):
    hostile = '<script>alert(1)</script><b onclick="x">粗</b>'
    path = year_file(base=MINIMAL.replace('"主动公开情况。"', f"'{hostile}'"))
    built = reportgen.build(path, tmp_path / "out", to=["html"])
    html = built.paths[0].read_text("utf-8")
    assert "<script>" not in html and "<b " not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = readback_html.read(html)
    assert ("p", hostile) in page.blocks
    assert not any(tag in ("script", "b") for tag, _ in page.elements)
