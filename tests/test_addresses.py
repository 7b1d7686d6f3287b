"""Web and e-mail addresses get break opportunities (writers/addresses.py): a zero-width space in
the .docx, <wbr> in the HTML; numbers and other text are left whole, and both read back whole.
The pages they make are measured in test_page_layout.py (LibreOffice) and test_web_layout.py
(Chromium)."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reportgen
from reportgen.importers.read_docx import read as read_docx
from reportgen.writers.addresses import ADDRESS, breakable
from reportgen.writers.html import mark_addresses

ROOT = Path(__file__).resolve().parent.parent
TWELVE_PART = ROOT / "samples" / "twelve-part-linyi-civil-affairs-2017.toml"
WEBSITE = "http://mzj.linyi.gov.cn/info/1040/3628.htm"
EMAIL = "lyminzhengju@126.com"
ZWSP = "\u200b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"可在民政局网站（{WEBSITE}）查阅。",
            "可在民政局网站（http://|mzj.|linyi.|gov.|cn/|info/|1040/|3628.|htm）查阅。",
        ),
        (f"电子邮箱：{EMAIL}。", "电子邮箱：lyminzhengju@|126.|com。"),
        ("www.gov.cn", "www.|gov.|cn"),
        ("first.last-name@mail.example.gov.cn", "first.|last-|name@|mail.|example.|gov.|cn"),
        # Not addresses: numbers stay whole (GB/T 15835), a date or a fraction is no address.
        (
            "电话：0539-7200917；8.6万册；2017/12/31；Ａ@Ｂ",
            "电话：0539-7200917；8.6万册；2017/12/31；Ａ@Ｂ",
        ),
    ],
)
def test_breaks_go_after_the_separators_inside_addresses_only(text, expected):
    assert breakable(text, "|") == expected


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("addresses")
    paths = reportgen.build(TWELVE_PART, out, to=["docx", "html", "html-fragment"]).paths
    return {
        "docx": next(p for p in paths if p.suffix == ".docx"),
        "html": next(p for p in paths if p.suffix == ".html" and ".fragment" not in p.name),
        "fragment": next(p for p in paths if p.name.endswith(".fragment.html")),
    }


def test_the_docx_carries_zero_width_spaces_in_its_addresses(outputs):
    texts = [p.text for p in docx.Document(str(outputs["docx"])).paragraphs]
    with_address = [text for text in texts if ZWSP in text]
    # The introduction (website and contact e-mail) and the closing note's own e-mail.
    assert len(with_address) == 2, with_address
    assert f"（{breakable(WEBSITE, ZWSP)}）" in with_address[0]
    assert all(breakable(EMAIL, ZWSP) in text for text in with_address)
    # Nowhere else: the rest of the text is as the year file has it.
    assert all(text.replace(ZWSP, "") == text for text in texts if text not in with_address)


def test_the_docx_imports_with_its_addresses_whole(outputs):
    document = read_docx(outputs["docx"].read_bytes(), outputs["docx"].name)
    assert document is not None
    texts = [block.text for block in document.blocks]
    assert not any(ZWSP in text for text in texts)
    assert any(f"（{WEBSITE}）" in text for text in texts)
    assert sum(EMAIL in text for text in texts) == 2


@pytest.mark.parametrize("kind", ["html", "fragment"])
def test_the_html_marks_its_addresses_and_adds_no_character(outputs, kind):
    root = lxml.html.fromstring(outputs[kind].read_text("utf-8"))
    spans = root.xpath('//span[contains(concat(" ", @class, " "), " address ")]')
    assert [span.text for span in spans] == [WEBSITE, EMAIL, EMAIL]
    if kind == "fragment":  # the CMS keeps no stylesheet: the rule is inlined
        assert all("word-break: break-all" in span.get("style") for span in spans)
    assert ZWSP not in root.text_content()


def test_an_address_with_a_query_keeps_its_entities():
    marked = mark_addresses("<p>见https://a.gov.cn/x?a=1&amp;b=2。</p>")
    assert marked == '<p>见<span class="address">https://a.gov.cn/x?a=1&amp;b=2</span>。</p>'


_PIECES = ["<", ">", "a", "1", "-", "_", ".", "/", ":", "@", " ", '"', "中", "www.", "http://"]
_PIECES += ["a@b.cn", "<p>", "</p>", '<a href="http://x.cn">', ".gov.cn"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_only_the_text_between_tags_is_marked(content: str):
    """The same as marking each text between tags (a tag: "<" to the next ">"), which
    mark_addresses does only around the places an address could be."""
    parts = re.split(r"(<[^>]*>)", content)
    parts[::2] = [
        ADDRESS.sub(lambda found: f'<span class="address">{found.group()}</span>', text)
        for text in parts[::2]
    ]
    assert mark_addresses(content) == "".join(parts)
