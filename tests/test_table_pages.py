"""Tables taller than a page (issue 16 item 3): written to the .docx as page-sized tables, each
repeating the header rows and the labels of the groups that continue into it, and checked on
the pages LibreOffice sets. Two such tables: the twelve-part format's statistics table (group
rows) and a provincial-style table defined here whose merged group labels (rowspan) run over
more than a page. Every label the tests look for is read from the format description."""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import tomli_w
import tomllib
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from readback_docx import table_grid
from test_pdf import INSTALLED, needs_libreoffice

import reportgen
from reportgen.writers import docx

if TYPE_CHECKING:
    from docx.table import Table

ROOT = Path(__file__).resolve().parent.parent
TWELVE = ROOT / "samples" / "twelve-part-linyi-civil-affairs-2017.toml"
LEFT = 28 / 25.4 * 72  # the left margin, in PDF points
TEXT_WIDTH = 156 / 25.4 * 72
BOX = "{http://www.w3.org/1999/xhtml}"
# GB/T 9704's numbering of levels, outermost first: a group row's group runs on until a row
# numbered at its level or above.
RANKS = [r"[一二三四五六七八九十]+、", r"（[一二三四五六七八九十]+）", r"\d+\."]

# Provincial tables whose first group is longer than a page and holds a sub-group that is
# longer than a page too: groups as merged label cells (rowspan), or as group rows above their
# rows (the twelve-part format's way).
CASES = ["twelve-part", "merged labels", "group rows"]
TOP = ["一、市本级政府部门办理结果", "二、县（市、区）政府办理结果"]
SUB = ["（一）予以公开", "（二）不予公开", "（三）无法提供"]
SIZES = [[10, 50, 6], [8, 8]]


def long_format(merged: bool) -> dict:
    rows: list[dict] = []
    for g, top in enumerate(TOP):
        if not merged:
            rows.append({"cells": [{"text": top, "class": "group"}, {"text": ""}, {"text": ""}]})
        for s, size in enumerate(SIZES[g]):
            if not merged:
                group = [{"text": SUB[s], "class": "group"}, {"text": ""}, {"text": ""}]
                rows.append({"cells": group})
            for i in range(size):
                cells: list[dict] = []
                if merged and s == 0 and i == 0:
                    cells.append({"text": top, "rowspan": sum(SIZES[g])})
                if merged and i == 0:
                    cells.append({"text": SUB[s], "rowspan": size})
                cells.append({"text": f"{i + 1}.第{i + 1}类申请的办理数量"})
                if not merged:
                    cells.append({"text": "件", "class": "unit"})
                rows.append({"key": f"g{g}.s{s}i{i}", "cells": [*cells, {"value": True}]})
    if merged:
        header = [
            {"cells": [{"text": "办理结果", "colspan": 3, "rowspan": 2}, {"text": "申请件数"}]},
            {"cells": [{"text": "本年度"}]},
        ]
    else:
        header = [{"cells": [{"text": "统 计 指 标"}, {"text": "单位"}, {"text": "统计数"}]}]
    return {
        "id": "long-table",
        "name": "长表测试格式",
        "include": ["base/agency.toml"],
        "sections": [{"id": "results", "heading": "一、办理结果统计", "table": "results"}],
        "fields": [
            {
                "key": "text",
                "type": "paragraphs",
                "required": True,
                "section": "results",
                "label": "正文",
                "doc": "正文",
            }
        ],
        "tables": {
            "results": {
                "widths": [12, 16, 52, 20] if merged else [70, 12, 18],
                "header": header,
                "rows": rows,
            }
        },
    }


def long_year() -> dict:
    counts = {
        f"g{g}": {f"s{s}i{i}": (g + s + i) % 5 for s, n in enumerate(sizes) for i in range(n)}
        for g, sizes in enumerate(SIZES)
    }
    return {
        "format": "long-table",
        "year": 2025,
        "text": ["本年度共办理申请若干件，办理结果见下表。"],
        "agency": {"name": "某某市政府办公室", "issued": datetime.date(2026, 1, 20)},
        "results": counts,
    }


@dataclass
class Row:
    """A data row of a described table: its own label and the labels of its groups."""

    label: str
    column: int
    merged: list[tuple[str, int]] = field(default_factory=list)  # (label, column)
    group_rows: list[str] = field(default_factory=list)


def rank(text: str) -> int | None:
    return next((n for n, pattern in enumerate(RANKS) if re.match(pattern, text)), None)


def described(spec: dict) -> list[Row]:
    """Each data row (a row with a key) of a table description, with its groups: the merged
    label cells covering it and the group rows (rows with no key) whose group it is in."""
    taken: dict[tuple[int, int], bool] = {}
    spans: list[tuple[str, int, int, int]] = []  # label, column, first row, rows
    groups: list[tuple[int, str]] = []  # open group rows: (rank, label)
    found = []
    for r, row in enumerate(spec["rows"]):
        c, own = 0, []
        for cell in row["cells"]:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.get("rowspan", 1)):
                for dc in range(cell.get("colspan", 1)):
                    taken[(r + dr, c + dc)] = True
            if cell.get("text") and cell.get("class") != "unit":
                if cell.get("rowspan", 1) > 1:
                    spans.append((cell["text"], c, r, cell["rowspan"]))
                else:
                    own.append((cell["text"], c))
            c += cell.get("colspan", 1)
        first = (own or [(label, c) for label, c, start, _ in spans if start == r])[0]
        level = rank(first[0])
        if "key" not in row or level is not None:
            closing = -1 if level is None else level
            groups = [group for group in groups if group[0] < closing]
        if "key" not in row:
            groups.append((-1 if level is None else level, first[0]))
            continue
        merged = [(label, c) for label, c, start, n in spans if start <= r < start + n]
        found.append(Row(*own[-1], merged, [label for _, label in groups]))
    return found


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[Path], dict]]:
    """name → (year file, template folders, table description) of each long table."""
    twelve = tomllib.loads((ROOT / "templates" / "twelve-part" / "format.toml").read_text())
    found = {"twelve-part": (TWELVE, [], twelve["tables"]["statistics"])}
    for name, merged in (("merged labels", True), ("group rows", False)):
        folder = tmp_path_factory.mktemp("long")
        spec = long_format(merged)
        (folder / "templates" / "long-table").mkdir(parents=True)
        (folder / "templates" / "long-table" / "format.toml").write_text(tomli_w.dumps(spec))
        (folder / "year.toml").write_text(tomli_w.dumps(long_year()), "utf-8")
        found[name] = (folder / "year.toml", [folder / "templates"], spec["tables"]["results"])
    return found


def parts_of(path: Path, spec: dict) -> list[Table]:
    """The .docx's tables that hold the described table's rows."""
    header = spec["header"][0]["cells"][0]["text"]
    return [table for table in Document(str(path)).tables if table.cell(0, 0).text == header]


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table_grid(table)]


def placed(rows: list[Row], parts: list[list[list[str]]]) -> list[tuple[int, int]]:
    """(part, row in the part) of each data row, found in order."""
    where, part, row = [], 0, 0
    for data in rows:
        while data.label not in [line[data.column] for line in parts[part][row:]]:
            part, row = part + 1, 0
            assert part < len(parts), data.label
        row += [line[data.column] for line in parts[part][row:]].index(data.label)
        where.append((part, row))
        row += 1
    return where


@pytest.mark.parametrize("name", CASES)
def test_a_long_table_is_written_as_parts_with_headers_and_group_labels(tmp_path, cases, name):
    year, templates, spec = cases[name]
    path = reportgen.build(year, tmp_path, to=["docx"], templates=templates).paths[0]
    tables = parts_of(path, spec)
    parts = [texts(table) for table in tables]
    assert len(parts) >= 2
    header_rows = len(spec["header"])
    header = parts[0][:header_rows]
    assert all(part[:header_rows] == header for part in parts)
    rows = described(spec)
    where = placed(rows, parts)
    # Every data row once, in order; every part holds data rows.
    body = [line for part in parts for line in part[header_rows:]]
    assert sum(1 for line in body if any(line[row.column] == row.label for row in rows)) == len(
        rows
    )
    assert sorted({part for part, _ in where}) == list(range(len(parts)))
    firsts = {part: r for part, r in reversed(where)}  # each part's first data row
    for data, (part, r) in zip(rows, where, strict=True):
        grid = parts[part]
        if firsts[part] == r:
            # Above a part's first data row: its group rows, no other.
            assert [line[0] for line in grid[header_rows:r]] == data.group_rows, data.label
        for label, column in data.merged:
            assert grid[r][column] == label, (data.label, label)
        for label in data.group_rows:
            assert label in [line[0] for line in grid[header_rows:r]], (data.label, label)
    # In each part the header rows repeat (tblHeader) and no row splits (cantSplit).
    for table in tables:
        flags = [tr.trPr for tr in table._tbl.tr_lst]
        assert [f.find(qn("w:tblHeader")) is not None for f in flags] == [
            r < header_rows for r in range(len(flags))
        ]
        assert all(f.find(qn("w:cantSplit")) is not None for f in flags)


def test_a_continuation_restarts_the_merged_labels_with_their_text(tmp_path, cases):
    year, templates, spec = cases["merged labels"]
    path = reportgen.build(year, tmp_path, to=["docx"], templates=templates).paths[0]
    # The first group and its second sub-group are each longer than a page: the second part
    # starts inside both, and its first data row carries both labels as merged cells' origins.
    second = table_grid(parts_of(path, spec)[1])
    first_row = second[len(spec["header"])]
    assert first_row[0].text == TOP[0] and first_row[0].origin
    assert first_row[1].text == SUB[1] and first_row[1].origin
    assert first_row[0].v_merge == "restart"


@pytest.mark.parametrize(
    "sample", ["2021-city-civil-affairs.toml", "2019-hanzhong-civil-affairs-2020.toml"]
)
def test_short_tables_are_left_whole(tmp_path, sample):
    path = reportgen.build(ROOT / "samples" / sample, tmp_path, to=["docx"]).paths[0]
    with zipfile.ZipFile(path) as package:
        body = package.read("word/document.xml").decode()
    assert "<w:pageBreakBefore/>" not in body
    assert len(Document(str(path)).tables) == 3


@dataclass
class Page:
    rows: list[list[tuple[float, str]]]  # the words of each line across the page, left to right

    def column(self, left: float, right: float) -> str:
        """The text whose lines start between `left` and `right`, top to bottom."""
        return "".join(text for row in self.rows for x, text in row if left <= x + 1 < right)

    def has(self, text: str) -> bool:
        return any(text in "".join(word for _, word in row) for row in self.rows)


def pages_of(pdf: Path) -> list[Page]:
    """Each page's words, grouped into lines by their middle (a digit in Times sits a little
    higher than the Chinese characters around it) and sorted left to right."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    pages = []
    for page in etree.fromstring(xml, etree.XMLParser(recover=True)).iter(f"{BOX}page"):
        words = sorted(
            (
                (float(word.get("yMin")) + float(word.get("yMax"))) / 2,
                float(word.get("xMin")),
                word.text or "",
            )
            for word in page.iter(f"{BOX}word")
        )
        rows: list[list[tuple[float, str]]] = []
        top = None
        for middle, x, text in words:
            if top is None or middle - top > 4:
                rows.append([])
                top = middle
            rows[-1].append((x, text))
        pages.append(Page([sorted(row) for row in rows]))
    return pages


class TestPages:
    """Rendered by LibreOffice and read back with pdftotext -bbox-layout."""

    pytestmark = needs_libreoffice

    @pytest.mark.parametrize("name", CASES)
    def test_on_every_page_a_long_table_touches_rows_have_their_groups_and_headers(
        self, tmp_path, cases, name
    ):
        assert INSTALLED, "CI installs LibreOffice and poppler-utils"
        year, templates, spec = cases[name]
        paths = reportgen.build(year, tmp_path, to=["docx", "pdf"], templates=templates).paths
        docx = next(path for path in paths if path.suffix == ".docx")
        pdf = next(path for path in paths if path.suffix == ".pdf")
        tables = parts_of(docx, spec)
        parts = [texts(table) for table in tables]
        rows = described(spec)
        where = placed(rows, parts)
        pages = pages_of(pdf)
        edges = [LEFT + TEXT_WIDTH * sum(spec["widths"][:c]) / 100 for c in range(4)]
        edges[-1] = LEFT + TEXT_WIDTH + 1

        def column(page: Page, c: int) -> str:
            return page.column(edges[c], edges[c + 1] if c + 1 < len(edges) else edges[-1])

        # Each data row's label, whole (a row does not split), on the first page at or after the
        # previous row's where it follows that row.
        number, done, found = 0, 0, []
        for data in rows:
            while True:
                text = column(pages[number], data.column).replace(" ", "")
                at = text.find(data.label.replace(" ", ""), done)
                if at >= 0:
                    break
                number, done = number + 1, 0
                assert number < len(pages), data.label
            found.append(number)
            done = at + len(data.label)
            page = pages[number]
            for label, c in data.merged:
                assert label.replace(" ", "") in column(page, c).replace(" ", ""), (number, label)
            for label in data.group_rows:
                assert label.replace(" ", "") in text[:at], (number, data.label, label)
        # Each part on a page of its own, whole, with the header rows on it.
        on = {}
        for (part, _), number in zip(where, found, strict=True):
            on.setdefault(part, set()).add(number)
        assert all(len(numbers) == 1 for numbers in on.values()), on
        numbers = [min(on[part]) for part in range(len(parts))]
        assert numbers == sorted(set(numbers))
        headers = [cell["text"].replace(" ", "") for row in spec["header"] for cell in row["cells"]]
        for number in numbers:
            assert all(pages[number].has(header) for header in headers), number
        # What follows the table (its note, or the signature) is on its last part's page.
        following = tables[-1]._tbl.getnext()
        while not following.xpath("string(.)").strip():
            following = following.getnext()
        text = following.xpath("string(.)").replace(" ", "")
        assert pages[numbers[-1]].has(text[:10]), text


def test_two_long_tables_each_start_a_page_with_their_headings(tmp_path):
    rows = "".join(
        f'<tr><td class="label">{n}.第{n}项</td><td class="num">{n}</td></tr>' for n in range(1, 90)
    )
    table = (
        f"<table><thead><tr><th>项目</th><th>数量</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    content = f"<p>正文。</p><h2>一、甲表</h2>{table}<h2>二、乙表</h2>{table}<p>正文。</p>"
    path = tmp_path / "two.docx"
    path.write_bytes(docx.render(content, ROOT / "templates" / "base" / "reference.docx"))
    document = Document(str(path))
    starts = [
        p.text
        for p in document.paragraphs
        if p._p.pPr is not None and p._p.pPr.find(qn("w:pageBreakBefore")) is not None
    ]
    # Each heading starts a page; each part after a table's first starts one too, as an empty
    # paragraph between the tables.
    parts = len(document.tables)
    assert parts >= 4
    assert starts == ["一、甲表", *[""] * (parts // 2 - 1), "二、乙表", *[""] * (parts // 2 - 1)]


@pytest.mark.parametrize("name", ["merged labels", "group rows"])
def test_import_reads_the_parts_back_as_one_table(tmp_path, cases, name):
    year, templates, _ = cases[name]
    path = reportgen.build(year, tmp_path, to=["docx"], templates=templates).paths[0]
    imported = reportgen.import_report(path, "long-table", templates)
    assert tomllib.loads(imported.text)["results"] == long_year()["results"]
    assert not imported.left_out and not imported.missing_rows


def test_tables_of_one_shape_are_measured_by_their_own_text():
    """What measuring a table needs but its text is kept for each table shape (writers/
    table_rows.py): of two tables of the same cells, the one whose labels run to many lines is
    cut into parts, the one with short labels is left whole, whichever comes first."""
    reference = ROOT / "templates" / "base" / "reference.docx"

    def table(label: str) -> str:
        row = f'<tr><td class="label">{label}</td><td class="num">1</td></tr>'
        return f"<table><colgroup><col style='width: 50%'><col></colgroup>{row * 20}</table>"

    tables_by_label = {"short": table("一、收到"), "long": table("一、收到申请的数量" * 12)}
    for order in (["short", "long"], ["long", "short"]):
        content = "".join(f"<p>{name}</p>{tables_by_label[name]}" for name in order)
        with zipfile.ZipFile(io.BytesIO(docx.render(content, reference))) as package:
            body = etree.fromstring(package.read("word/document.xml")).find(qn("w:body"))
        tables: list[int] = []
        for child in body:
            if child.tag == qn("w:p") and "".join(child.itertext()) in order:
                tables.append(0)
            elif child.tag == qn("w:tbl"):
                tables[-1] += 1
        parts = dict(zip(order, tables, strict=True))
        assert parts["short"] == 1
        assert parts["long"] >= 2
