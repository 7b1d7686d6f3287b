"""The .docx package written straight from the reference's parts: placeholders filled across
runs, core properties, the reference read once, and malformed references refused."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from reportgen.errors import TemplateError
from reportgen.writers import docx_package
from reportgen.writers.docx import Properties, render

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "templates" / "base" / "reference.docx"
FIELDS = {"agency": "某某县民政局", "year": "2025"}


def _edited(tmp_path: Path, edits: dict[str, Callable[[str], str] | None]) -> Path:
    """A copy of the built-in reference with parts rewritten (or, for None, left out)."""
    path = tmp_path / "reference.docx"
    with zipfile.ZipFile(REFERENCE) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            edit = edits.get(info.filename, str)
            if edit is not None:
                target.writestr(info, edit(source.read(info).decode()).encode())
    return path


def _split_footer(xml: str) -> str:
    """The odd footer's first text as Word leaves it after an edit: a placeholder cut across
    three runs, with a character reference in it."""
    runs = (
        '<w:r><w:t xml:space="preserve">{age</w:t></w:r><w:r><w:t>ncy&#125;</w:t></w:r>'
        '<w:r><w:t xml:space="preserve"> {year}年 </w:t></w:r>'
    )
    return xml.replace("<w:r>", runs + "<w:r>", 1)


def test_placeholders_split_across_runs_are_filled(tmp_path: Path) -> None:
    reference = _edited(tmp_path, {"word/footer1.xml": _split_footer})
    document = docx.Document(BytesIO(render("<p>x</p>", reference, FIELDS)))
    (paragraph,) = document.sections[0].footer.paragraphs
    assert paragraph.text == "某某县民政局 2025年 — 1 —"
    texts = [t.text or "" for t in paragraph._p.iter(qn("w:t"))]
    assert texts == ["某某县民政局", "", " 2025年 ", "— ", "1", " —"]


def test_unknown_placeholders_and_no_fields_leave_the_text(tmp_path: Path) -> None:
    reference = _edited(tmp_path, {"word/footer1.xml": _split_footer})
    unfilled = docx.Document(BytesIO(render("<p>x</p>", reference)))
    assert unfilled.sections[0].footer.paragraphs[0].text.startswith("{agency} {year}年")
    other = docx.Document(BytesIO(render("<p>x</p>", reference, {"title": "标题"})))
    assert other.sections[0].footer.paragraphs[0].text.startswith("{agency} {year}年")


def test_core_properties_name_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736035200")  # 2025-01-05 00:00 UTC
    properties = Properties("某某县2025年报告", "某某县民政局")
    data = render("<p>x</p>", REFERENCE, FIELDS, properties)
    core = docx.Document(BytesIO(data)).core_properties
    assert (core.title, core.author) == ("某某县2025年报告", "某某县民政局")
    assert core.created.isoformat() == core.modified.isoformat() == "2025-01-05T00:00:00+00:00"
    with zipfile.ZipFile(BytesIO(data)) as package:
        assert {info.date_time for info in package.infolist()} == {(2025, 1, 5, 0, 0, 0)}
    assert render("<p>x</p>", REFERENCE, FIELDS, properties) == data


@pytest.mark.parametrize("related", [True, False], ids=["related-but-missing", "unrelated"])
def test_a_reference_without_core_properties_gets_them(tmp_path: Path, related: bool) -> None:
    def unrelated(xml: str) -> str:
        return re.sub(r'<Relationship [^>]*docProps/core.xml"[^>]*/>', "", xml)

    edits = {"docProps/core.xml": None, "_rels/.rels": str if related else unrelated}
    reference = _edited(tmp_path, edits)
    data = render("<p>x</p>", reference, None, Properties("标题", "机关"))
    core = docx.Document(BytesIO(data)).core_properties
    assert (core.title, core.author) == ("标题", "机关")


def test_the_reference_is_read_once_until_it_changes(tmp_path: Path) -> None:
    reference = _edited(tmp_path, {})
    first = docx_package.load(reference)
    assert docx_package.load(reference) is first
    content = reference.read_bytes()
    reference.write_bytes(content + b"\0")  # a different size: read again
    os.utime(reference, ns=(1, 1))
    assert docx_package.load(reference) is not first


@pytest.mark.parametrize(
    ("part", "edit", "message"),
    [
        ("word/styles.xml", lambda xml: xml[:-20], "word/styles.xml"),
        (
            "word/footer1.xml",
            lambda xml: xml.replace("?>", '?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', 1).replace(
                "— ", "&a;"
            ),
            "DTD",
        ),
        ("word/document.xml", lambda xml: xml.replace("<w:pgSz", "<w:pgSzX"), "page width"),
        ("word/document.xml", lambda xml: xml.replace("w:sectPr", "w:sect"), "section"),
        ("_rels/.rels", lambda xml: xml.replace("officeDocument", "other"), "main document"),
    ],
    ids=["malformed-xml", "dtd", "no-page-width", "no-section", "no-main-document"],
)
def test_malformed_references_are_template_errors(
    tmp_path: Path, part: str, edit: Callable[[str], str], message: str
) -> None:
    reference = _edited(tmp_path, {part: edit})
    with pytest.raises(TemplateError) as caught:
        render("<p>x</p>", reference)
    assert caught.value.name == str(reference) and message in str(caught.value)


def test_a_zip_bomb_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_package, "MAX_UNPACKED", 10_000)
    reference = _edited(tmp_path, {"word/styles.xml": lambda xml: xml + " " * 20_000})
    with pytest.raises(TemplateError) as caught:
        render("<p>x</p>", reference)
    assert "more than 10000 bytes" in str(caught.value)
