"""Everything a year file says is text in the HTML page: hostile strings in every text field
(prose, the agency's details, footnotes, units, the <title>) add no element and no attribute,
and come out as the very characters typed, in the page and in the .docx."""

from __future__ import annotations

import itertools
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document

import reportgen

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</title><script>alert(2)</script>",
    "' onmouseover='alert(3)' x='",
    "javascript:alert(4)",
    '<a href="javascript:alert(5)">点此</a>',
    "<!-- 注释 --><iframe src=//evil.example>",
    "&lt;b&gt; &amp; &#60;script&#62;",
    "<style>body * display: none</style>",  # no braces: in prose they cite figures
    "]]><svg onload=alert(6)>",
]
AGENCY = ["leader", "office", "website", "address", "postcode", "phone", "fax", "email"]


def year_file(texts: list[str], with_intro: bool) -> str:
    """A 2021 year file with ``texts`` (taken in turn, round and round) in every text field."""
    supply = itertools.cycle(texts)

    def text() -> str:
        return '"' + next(supply).replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ['format = "2021"', "year = 2025"]
    if with_intro:
        lines.append(f"intro = {text()}")
    lines += ["[agency]", f"name = {text()}", "issued = 2026-01-15", f"signatory = {text()}"]
    lines += [f"{key} = {text()}" for key in AGENCY]
    lines.append("[overview]")
    lines += [
        f"{key} = {text()}"
        for key in ("active", "on_request", "management", "platforms", "oversight")
    ]
    for _ in range(2):
        lines += ["[[problems]]", f"problem = {text()}", f"measures = {text()}"]
    lines += ["[other]", f"fees = {text()}", f"matters = {text()}"]
    lines += ["[requests.new]", f"natural_person = {{ value = 3, note = {text()} }}"]
    lines += ["[requests.granted]", "natural_person = 3"]
    lines += ["[active.fees]", f"amount = {{ value = 1.5, unit = {text()} }}"]
    lines += ["[appeals.review]", f"upheld = {{ note = {text()} }}"]
    return "\n".join(lines) + "\n"


class Page(HTMLParser):
    """The page as a browser's parser sees it: its elements with their attributes, its text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: Counter[tuple[str, tuple[str, ...]]] = Counter()
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.comments: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements[(tag, tuple(sorted(name for name, _ in attrs)))] += 1
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def built(tmp_path: Path, texts: list[str], with_intro: bool) -> tuple[Page, str]:
    name = "hostile" if texts is HOSTILE else "clean"
    path = tmp_path / f"{name}.toml"
    path.write_text(year_file(texts, with_intro), "utf-8")
    result = reportgen.build(path, tmp_path / name, strict=False)
    html = next(p for p in result.paths if p.suffix == ".html")
    docx = next(p for p in result.paths if p.suffix == ".docx")
    document = Document(str(docx))
    words = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        words += [cell.text for row in table.rows for cell in row.cells]
    return Page(html.read_text("utf-8")), "\n".join(words)


def without_breaks(elements: Counter[tuple[str, tuple[str, ...]]]) -> Counter:
    return Counter({element: n for element, n in elements.items() if element[0] != "br"})


@pytest.mark.parametrize("with_intro", [False, True], ids=["generated-intro", "own-intro"])
def test_hostile_text_adds_no_element_or_attribute(tmp_path: Path, with_intro: bool):
    clean, _ = built(tmp_path, ["正常文字"], with_intro)
    hostile, document = built(tmp_path, HOSTILE, with_intro)
    # A longer agency name may break the title into lines at another place: <br> in <h1>.
    assert without_breaks(hostile.elements) == without_breaks(clean.elements)
    assert hostile.comments == clean.comments
    assert [name for name, _ in hostile.attributes] == [name for name, _ in clean.attributes]
    assert not [name for name, _ in hostile.attributes if name.startswith("on")]
    text = "".join(hostile.text)
    for wanted in HOSTILE:  # printed as typed: escaped once, not twice, not dropped
        assert wanted in text, wanted
        assert wanted in document, wanted


def test_the_title_holds_the_agency_name_as_text(tmp_path: Path):
    built(tmp_path, HOSTILE, with_intro=False)
    html = next((tmp_path / "hostile").glob("*.html")).read_text("utf-8")
    title = html[html.index("<title>") + len("<title>") : html.index("</title>")]
    assert "<" not in title and HOSTILE[0] not in title  # escaped, not closed early
    reader = Page(f"<title>{title}</title>")
    assert "".join(reader.text) == f"{HOSTILE[0]}2025年政府信息公开工作年度报告"
