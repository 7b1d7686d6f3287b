"""The web copy laid out by a real browser (the system's Chromium, headless) at a phone's width
and a desktop's: readable type, tables that scroll in their box rather than squash (issue 16)."""

from __future__ import annotations

import base64
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLE
from test_preview_browser import chromium, pytestmark, webdriver

import reportgen

__all__ = ["pytestmark"]  # the browser marker and its skip rule

# What the page says about its own layout, measured by the browser.
MEASURE = """
const report = document.querySelector('.report');
const paragraph = report.querySelector('p');
const style = getComputedStyle(paragraph);
const tables = [...report.querySelectorAll('table.stat')].map(table => {
  const box = table.parentElement;
  const overflow = getComputedStyle(box).overflowX;
  const headers = [...table.querySelectorAll('th')].map(th => {
    const s = getComputedStyle(th);
    const inner = th.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    return {text: th.textContent, chars: inner / parseFloat(s.fontSize)};
  });
  return {id: table.id, width: table.getBoundingClientRect().width, box: box.clientWidth,
          scrolls: box.scrollWidth > box.clientWidth, overflow: overflow, headers: headers};
});
return {
  viewport: window.innerWidth,
  pageScrolls: document.documentElement.scrollWidth > window.innerWidth,
  fontSize: parseFloat(style.fontSize),
  charsPerLine: paragraph.clientWidth / parseFloat(style.fontSize),
  tables: tables,
};
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("web")
    paths = reportgen.build(SAMPLE, out, to=["html", "html-fragment"]).paths
    return {
        "page": next(p for p in paths if p.name.endswith(".html") and ".fragment" not in p.name),
        "fragment": next(p for p in paths if p.name.endswith(".fragment.html")),
    }


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    driver = chromium(tmp_path_factory.mktemp("chromium"))
    try:
        yield driver
    finally:
        driver.quit()


def measure(browser, path: Path, width: int) -> dict:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )
    browser.get(path.as_uri())
    return browser.execute_script(MEASURE)


@pytest.mark.parametrize("kind", ["page", "fragment"])
@pytest.mark.parametrize("width", [390, 1280])
def test_readable_and_tables_scroll_in_their_box(browser, pages, kind, width):
    found = measure(browser, pages[kind], width)
    assert found["viewport"] == width
    assert not found["pageScrolls"]
    assert found["fontSize"] >= 16
    assert found["charsPerLine"] >= 15
    assert len(found["tables"]) == 3
    for table in found["tables"]:
        # A table wider than its box is inside a box that scrolls sideways.
        if table["width"] > table["box"] + 1:
            assert table["scrolls"] and table["overflow"] in ("auto", "scroll"), table
        narrow = [th["text"] for th in table["headers"] if th["chars"] < 2]
        assert narrow == [], (table["id"], narrow)


def test_table_3_scrolls_on_a_phone_and_fits_a_desktop(browser, pages):
    on_phone = {t["id"]: t for t in measure(browser, pages["page"], 390)["tables"]}
    on_desktop = {t["id"]: t for t in measure(browser, pages["page"], 1280)["tables"]}
    assert on_phone["table-requests"]["scrolls"]
    assert not on_desktop["table-requests"]["scrolls"]


def test_printed_from_the_browser(browser, pages, tmp_path: Path):
    # Chromium's own print to PDF, with the page's @page rules (A4, margins, page numbers).
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.get(pages["page"].as_uri())
    headings = browser.execute_script(
        "return [...document.querySelectorAll('h2, h3')].map(e => e.textContent)"
    )
    printed = browser.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False}
    )
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(base64.b64decode(printed["data"]))
    whole = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    texts = [text for text in whole.split("\f") if text.strip()]
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert re.sub(r"\s", "", lines[-1]) == f"—{number}—", lines[-3:]
        # No page ends in a heading: the line before the page number is not one.
        assert lines[-2] not in headings
    # Table 三 whole on one page.
    first = next(n for n, text in enumerate(texts) if "申请人情况" in text)
    last = next(n for n, text in enumerate(texts) if "四、结转下年度继续办理" in text)
    assert first == last


# Every paragraph with a web or e-mail address: whether it overflows its box, and on the line
# where an address starts and the line before it the widest advance from one Chinese character
# to the next, in ems (1 when set solid).
ADDRESS_PARAGRAPHS = """
const found = [];
for (const p of document.querySelectorAll('.report p')) {
  const addresses = [...p.querySelectorAll('.address')];
  if (!addresses.length) continue;
  const size = parseFloat(getComputedStyle(p).fontSize);
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  const boxes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      boxes.push({c: node.data[i], x: box.left, y: Math.round(box.top)});
    }
  }
  const tops = [...new Set(boxes.map(b => b.y))].sort((a, b) => a - b);
  const lines = new Set();
  for (const address of addresses) {
    const range = document.createRange();
    range.setStart(address.firstChild, 0);
    range.setEnd(address.firstChild, 1);
    const top = Math.round(range.getBoundingClientRect().top);
    lines.add(top);
    if (tops.indexOf(top) > 0) lines.add(tops[tops.indexOf(top) - 1]);
  }
  let widest = 0;
  for (let i = 1; i < boxes.length; i++) {
    const [a, b] = [boxes[i - 1], boxes[i]];
    const chinese = /[\u4e00-\u9fff]/.test(a.c) && /[\u4e00-\u9fff]/.test(b.c);
    if (chinese && a.y === b.y && lines.has(a.y))
      widest = Math.max(widest, (b.x - a.x) / size);
  }
  found.push({text: p.textContent.slice(0, 30), overflows: p.scrollWidth > p.clientWidth,
              widest: widest});
}
return found;
"""


@pytest.fixture(scope="module")
def twelve_part(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    sample = SAMPLE.parent / "twelve-part-linyi-civil-affairs-2017.toml"  # the longest address
    paths = reportgen.build(sample, tmp_path_factory.mktemp("web12"), to=["html", "html-fragment"])
    return {
        "page": next(p for p in paths.paths if ".fragment" not in p.name),
        "fragment": next(p for p in paths.paths if p.name.endswith(".fragment.html")),
    }


@pytest.mark.parametrize("kind", ["page", "fragment"])
@pytest.mark.parametrize("width", [390, 1280])
def test_addresses_break_without_overflow_or_stretched_lines(browser, twelve_part, kind, width):
    # The addresses break anywhere (the writer marks them): nothing is wider than the phone's
    # screen, and no justified line before an address is set apart. Set solid a character
    # advances 1 em; the rest of a line that ends before a number or a closing mark is spread
    # over its gaps (up to 1.15 em); a line before an address that moved whole, 1.8 em.
    found = measure(browser, twelve_part[kind], width)
    assert not found["pageScrolls"]
    paragraphs = browser.execute_script(ADDRESS_PARAGRAPHS)
    assert len(paragraphs) == 2  # the introduction and the closing note
    for paragraph in paragraphs:
        assert not paragraph["overflows"], paragraph
        assert paragraph["widest"] < 1.25, paragraph
