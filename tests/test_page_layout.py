"""The pages as printed: every sample converted by the real LibreOffice, measured with poppler's
``pdftotext -bbox-layout`` (issue 16). Positions are in PDF points from the page's top left."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from test_pdf import INSTALLED, needs_libreoffice

import reportgen
from reportgen.render.titles import balance

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = {
    "2021": ROOT / "samples" / "2021-city-civil-affairs.toml",
    "2019": ROOT / "samples" / "2019-hanzhong-civil-affairs-2020.toml",
    "twelve-part": ROOT / "samples" / "twelve-part-linyi-civil-affairs-2017.toml",
    "province": ROOT / "samples" / "province-example" / "2021-county-civil-affairs.toml",
}
AGENCIES = {
    "2021": "某某市民政局",
    "2019": "汉中市民政局",
    "twelve-part": "临沂市民政局",
    "province": "某某县民政局",
}
LEFT = 28 / 25.4 * 72  # the left margin, 28 mm
TEXT_WIDTH = 156 / 25.4 * 72  # 442.2 pt
PITCH = 579 / 20  # 28.95 pt
FOOTER_TOP = 841.9 - 35 / 25.4 * 72  # below the type area: the page number
BOX = "{http://www.w3.org/1999/xhtml}"

pytestmark = needs_libreoffice


@dataclass
class Line:
    page: int
    text: str  # the words joined without spaces
    x0: float
    y0: float
    x1: float
    y1: float
    words: list[tuple[float, str]]  # each word's left edge and text
    ends: list[float]  # each word's right edge

    @property
    def widest_gap(self) -> float:
        """The widest space between two of the line's words (pdftotext splits a line into
        words where characters are set apart)."""
        starts = [x for x, _ in self.words[1:]]
        return max(
            (start - end for start, end in zip(starts, self.ends[:-1], strict=True)), default=0.0
        )

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def body(self) -> bool:
        """A line of 3号 (16 pt) text: body, headings, signature."""
        return 19 < self.height < 23 and self.y0 < FOOTER_TOP

    @property
    def title(self) -> bool:
        return self.height > 25


@dataclass
class Built:
    lines: list[Line]
    pages: int
    headings: list[str]
    signature: str
    fonts: list[str]  # pdffonts' names, without the subset prefix
    grid: tuple[int, int]  # lines a page and characters a line by Word's arithmetic


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    assert INSTALLED, "CI installs LibreOffice and poppler-utils"
    result = {}
    for name, sample in SAMPLES.items():
        out = tmp_path_factory.mktemp(name)
        paths = reportgen.build(sample, out, to=["docx", "pdf"]).paths
        pdf = next(path for path in paths if path.suffix == ".pdf")
        docx = Document(str(next(path for path in paths if path.suffix == ".docx")))
        grid = word_grid(docx)
        styled = [(p.style.style_id, p.text) for p in docx.paragraphs]
        xml = subprocess.run(
            ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True
        ).stdout
        result[name] = Built(
            read_lines(xml),
            xml.count(b"<page "),
            [text for style, text in styled if style in ("Heading1", "Heading2")],
            next(text for style, text in styled if style == "Signature"),
            [
                line.split()[0].split("+")[-1]
                for line in subprocess.run(
                    ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
                ).stdout.splitlines()[2:]
            ],
            grid,
        )
    return result


def word_grid(document: Document) -> tuple[int, int]:
    """Lines a page and characters a line of the .docx's Normal text, as Word computes them from
    the section's docGrid (ECMA-376 17.6.5) and Normal's size and character spacing."""
    section = document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    height = section.page_height.twips - section.top_margin.twips - section.bottom_margin.twips
    width = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    normal = document.styles["Normal"].element.rPr
    pitch = int(normal.find(qn("w:sz")).get(qn("w:val"))) * 10  # twips
    spacing = normal.find(qn("w:spacing"))
    pitch += int(spacing.get(qn("w:val"))) if spacing is not None else 0
    if grid.get(qn("w:type")) in ("linesAndChars", "snapToChars"):
        pitch += int(grid.get(qn("w:charSpace"))) * 20 / 4096
    return height // int(grid.get(qn("w:linePitch"))), int(width // pitch)


def read_lines(xml: bytes) -> list[Line]:
    root = etree.fromstring(xml, etree.XMLParser(recover=True))
    lines = []
    for number, page in enumerate(root.iter(f"{BOX}page"), start=1):
        for line in page.iter(f"{BOX}line"):
            found = list(line.iter(f"{BOX}word"))
            words = [(float(word.get("xMin")), word.text or "") for word in found]
            ends = [float(word.get("xMax")) for word in found]
            box = [float(line.get(key)) for key in ("xMin", "yMin", "xMax", "yMax")]
            lines.append(Line(number, "".join(text for _, text in words), *box, words, ends))
    return lines


@pytest.mark.parametrize("name", SAMPLES)
def test_the_title_is_in_balanced_lines_words_whole(built, name):
    title = [line for line in built[name].lines if line.page == 1 and line.title]
    agency = AGENCIES[name]
    assert [line.text for line in title] == balance(
        f"{agency}{'2020' if name == '2019' else '2017' if name == 'twelve-part' else '2025'}"
        "年政府信息公开工作年度报告",
        [agency],
    )
    widths = [line.x1 - line.x0 for line in title]
    assert len(widths) == 2 and min(widths) >= max(widths) / 3


@pytest.mark.parametrize("name", SAMPLES)
def test_the_docx_sets_22_lines_of_28_characters(built, name):
    # Read back from the .docx that LibreOffice measured below: a line grid of 22 and Normal's
    # characters condensed so that 28 fit (tools/make_reference_docx.py says why not a
    # character grid).
    assert built[name].grid == (22, 28)


@pytest.mark.parametrize("name", SAMPLES)
def test_full_body_lines_hold_28_characters(built, name):
    # A line running from margin to margin, in Chinese characters and full-width punctuation
    # only: digits, Latin and the curly quotes are narrower, and a line ending in a stop may
    # let it hang in the margin (both Word and LibreOffice do), holding 29.
    right = LEFT + TEXT_WIDTH
    full = [
        line
        for line in built[name].lines
        if line.body
        and abs(line.x0 - LEFT) < 1.5
        and right - 6 < line.x1 < right + 2
        and not re.search(r"[\x00-\x7f“”‘’]", line.text)
    ]
    # A few hold fewer: a closing mark may not start a line, so one character moves down with
    # it, and paired marks (》《) are set in one em.
    counts = [len(line.text) for line in full]
    assert len(counts) >= 5 and max(counts) == 28
    assert counts.count(28) >= 0.8 * len(counts), counts


@pytest.mark.parametrize("name", SAMPLES)
def test_body_lines_sit_on_a_grid_of_22_lines(built, name):
    # On pages without a table every line of text sits on one of 22 slots 28.95 pt apart
    # (a page may use fewer: widow and orphan control move a paragraph's last or first line
    # to the next page with a second one), and the 22nd slot is used.
    report = built[name]
    pages = [
        [line for line in report.lines if line.page == page and line.body]
        for page in range(1, report.pages + 1)
        if all(
            line.body or line.title or line.y0 >= FOOTER_TOP
            for line in report.lines
            if line.page == page
        )
    ]
    top = min(line.y0 for line in pages[1])
    slots = [(line.y0 - top) / PITCH for page in pages for line in page]
    assert all(abs(slot - round(slot)) < 0.05 for slot in slots), slots
    assert min(slots) > -0.05 and round(max(slots)) == 21


@pytest.mark.parametrize("name", ["2021", "2019", "province"])
def test_table_3_is_on_one_page(built, name):
    lines = built[name].lines
    first = next(line.page for line in lines if line.text == "申请人情况")
    last = next(line.page for line in lines if line.text.startswith("四、结转下年度继续办理"))
    assert first == last


@pytest.mark.parametrize("name", ["2021", "2019", "province"])
def test_table_3_row_labels_take_at_most_two_lines(built, name):
    lines = built[name].lines
    start = next(line for line in lines if line.text.startswith("1.属于国家秘密"))
    # The words starting at the labels' left edge, top to bottom: each label starts "N.".
    column = [
        text
        for line in lines
        if line.page == start.page
        for x, text in line.words
        if abs(x - start.x0) < 1.5
    ]
    labels: list[list[str]] = []
    for text in column:
        if re.match(r"\d\.", text) or not labels:
            labels.append([text])
        else:
            labels[-1].append(text)
    assert len(labels) >= 16  # 2019: 16 numbered labels, 2021: 19
    assert max(len(label) for label in labels) <= 2, labels


@pytest.mark.parametrize("name", SAMPLES)
def test_no_page_ends_in_a_heading_or_a_table_caption(built, name):
    report = built[name]
    for page in range(1, report.pages):
        content = [line for line in report.lines if line.page == page and line.y0 < FOOTER_TOP]
        last = max(content, key=lambda line: line.y1)
        assert last.text not in report.headings, (page, last.text)
        assert not re.fullmatch(r"第二十条第（.+）项", last.text), (page, last.text)


@pytest.mark.parametrize("name", SAMPLES)
def test_the_signature_has_three_lines_of_the_body_above_it(built, name):
    report = built[name]
    signature = next(line for line in report.lines if line.text == report.signature)
    above = [
        line
        for line in report.lines
        if line.page == signature.page and line.y1 < signature.y0 and line.y0 < FOOTER_TOP
    ]
    assert len(above) >= 3


def test_the_letterhead_is_on_the_first_page_only(built):
    letterhead = "某某县民政局政府信息公开工作年度报告"
    pages = [line.page for line in built["province"].lines if line.text == letterhead]
    assert pages == [1]


@pytest.mark.parametrize("name", SAMPLES)
def test_digits_and_latin_are_in_a_times_new_roman_stand_in(built, name):
    # The .docx names Times New Roman; converted on Linux, a font with its metrics stands in
    # (writers/pdf.py), not fontconfig's fallback DejaVu.
    fonts = built[name].fonts
    assert any(re.match(r"LiberationSerif|Tinos|TeXGyreTermes|NimbusRom", f) for f in fonts), fonts
    assert not any(font.startswith("DejaVu") for font in fonts), fonts


# A piece of a web or e-mail address as it appears on a line: ASCII letters with . / @ in them.
ADDRESS_PIECE = re.compile(r"[\w./:@-]*[a-z][\w./:@-]*[./@][\w./:@-]*", re.ASCII)


def _addresses(text: str) -> list[str]:
    return [piece for piece in ADDRESS_PIECE.findall(text) if re.search(r"[a-z]{2}", piece)]


@pytest.mark.parametrize("name", ["2021", "twelve-part", "province"])  # 2019 has no address
def test_lines_around_addresses_are_not_stretched(built, name):
    # LibreOffice cannot break an address by itself (it ignores w:wordWrap): one that does not
    # fit moves whole to the next line and the justified line before it is set apart, 12-13 pt
    # between its characters where the twelve-part sample's e-mail address moved. Between
    # Chinese and Latin text or around paired punctuation LibreOffice leaves under 5.5 pt.
    lines = [line for line in built[name].lines if line.body]
    checked = 0
    for before, line in zip([None, *lines[:-1]], lines, strict=True):
        pieces = _addresses(line.text)
        if not pieces:
            continue
        checked += 1
        assert line.widest_gap < 5.5, (line.page, line.text, line.widest_gap)
        # The line before one that starts with (the rest of) an address.
        if before is not None and before.page == line.page and line.text.startswith(pieces[0]):
            assert before.widest_gap < 5.5, (before.page, before.text, before.widest_gap)
    assert checked >= 1


def test_the_pdf_text_has_no_zero_width_spaces(built):
    # The .docx's break opportunities (U+200B) stay out of what a reader copies from the PDF.
    for report in built.values():
        assert not any("\u200b" in line.text for line in report.lines)
    text = "".join(line.text for line in built["twelve-part"].lines)
    assert "lyminzhengju@126.com" in text and "http://mzj.linyi.gov.cn/info/1040/3628.htm" in text
