"""Provincial overrides: one ordered search path (--templates, the year file's own templates,
the built-in ones) for templates, CSS and the reference document; blocks extended with
!default/; extra fields and tables as data; the templates commands; the sandbox."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT
from docx import Document
from docx.oxml.ns import qn
from readback_docx import table_grid
from readback_html import read
from typer.testing import CliRunner

import reportgen
from reportgen.cli.commands import app
from reportgen.errors import FormatError, InputError, TemplateError
from reportgen.render import templating

EXAMPLE = ROOT / "samples" / "province-example"
EXAMPLE_YEAR = EXAMPLE / "2021-county-civil-affairs.toml"
BUILTIN = ROOT / "templates"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def css_marker(html: Path) -> str:
    text = html.read_text("utf-8")
    return text.split("/* marker: ", 1)[1].split(" */", 1)[0] if "/* marker: " in text else ""


def override(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return directory


def test_the_search_path_order(tmp_path, year_file):
    first, second, own = (tmp_path / name for name in ("first", "second", "own"))
    for directory in (first, second, own):
        override(directory, "base/report.css", f"/* marker: {directory.name} */")
    year = year_file(base='templates = "own"\n' + MINIMAL)

    def marker(*dirs: Path) -> str:
        built = reportgen.build(year, tmp_path / "out", to=["html"], templates=dirs)
        return css_marker(built.paths[0])

    assert marker(first, second) == "first"
    (first / "base/report.css").unlink()
    assert marker(first, second) == "second"
    assert marker() == "own"
    (own / "base/report.css").unlink()
    assert marker() == ""  # the built-in one
    result = run("templates", "which", "base/report.css", "--templates", str(second))
    assert result.stdout == f"{second.resolve() / 'base/report.css'}\n"


def test_a_missing_templates_directory_is_an_error_at_its_line(year_file):
    year = year_file(base='templates = "provincial"\n' + MINIMAL)
    with pytest.raises(InputError) as raised:
        reportgen.check(year)
    assert [finding.render("zh") for finding in raised.value.findings] == [
        f"{year}:1: templates: 模板目录 {year.parent / 'provincial'} 不存在"
        "（templates 相对于本文件所在目录）"
    ]


def test_a_block_override_changes_only_its_block(tmp_path, year_file):
    year = year_file()
    plain = reportgen.build(year, tmp_path / "plain", to=["html"])
    templates = override(
        tmp_path / "office",
        "2021/report.html.j2",
        '{% extends "!default/2021/report.html.j2" %}\n'
        "{% block intro %}<p>本报告按某某省政务公开办公室要求编制。</p>{% endblock %}\n",
    )
    changed = reportgen.build(year, tmp_path / "changed", to=["html"], templates=[templates])
    before = read(plain.paths[0].read_text("utf-8")).blocks
    after = read(changed.paths[0].read_text("utf-8")).blocks
    assert after[1] == ("p", "本报告按某某省政务公开办公室要求编制。")
    assert before[1][1].startswith("本报告根据《中华人民共和国政府信息公开条例》")
    assert after[:1] + after[2:] == before[:1] + before[2:]


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = tmp_path_factory.mktemp("province")
    built = reportgen.build(EXAMPLE_YEAR, out, strict=True)
    docx_path, html_path = sorted(built.paths, key=lambda path: path.suffix)
    return Document(str(docx_path)), read(html_path.read_text("utf-8"))


def test_the_example_has_its_letterhead_and_font(example):
    document, _ = example
    section = document.sections[0]
    # The letterhead (版头) on the first page only: titlePg, a first-page header, and empty
    # headers for the other pages; the first page keeps its page number.
    assert section.different_first_page_header_footer
    header = section.first_page_header
    assert [paragraph.text for paragraph in header.paragraphs] == [
        "某某县民政局政府信息公开工作年度报告"
    ]
    for other in (section.header, section.even_page_header):
        assert "".join(paragraph.text for paragraph in other.paragraphs) == ""
    fields = section.first_page_footer._element.iter(qn("w:instrText"))
    assert [field.text.strip() for field in fields] == ["PAGE"]
    colours = {element.get(qn("w:val")) for element in header._element.iter(qn("w:color"))}
    assert colours == {"FF0000"}
    border = header._element.find(".//" + qn("w:bottom"))
    assert border is not None and border.get(qn("w:color")) == "FF0000"
    normal = document.styles["Normal"].element.find(".//" + qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "方正仿宋_GBK"


def test_the_example_has_its_extra_paragraph_and_table(example):
    document, page = example
    paragraph = (
        "2025年，本局承办人大代表建议12件、政协提案9件，均在规定时限内办结，办结率100%；"
        "除涉及个人隐私的1件外，均在门户网站“建议提案办理”专栏公开答复全文。"
    )
    assert paragraph in [p.text for p in document.paragraphs]
    assert ("p", paragraph) in page.blocks
    assert ("h3", "人大代表建议和政协提案办理结果公开情况") in page.blocks
    expected = [
        ["类别", "承办件数", "办结件数", "公开办理结果件数"],
        ["人大代表建议", "12", "12", "11"],
        ["政协提案", "9", "9", "9"],
        ["合计", "21", "21", "20"],
    ]
    assert [[cell.text for cell in row] for row in table_grid(document.tables[3])] == expected
    rows = page.tables["table-proposals"]
    assert [[cell.text for cell in row] for row in rows] == expected


def test_the_extra_field_is_required_and_its_rule_checked(tmp_path):
    text = EXAMPLE_YEAR.read_text("utf-8")
    start = text.index("proposals = ")
    end = text.index('"""', text.index('"""', start) + 3) + 3
    broken = text[:start] + text[end:] + "\n[proposals.total]\nreceived = 20\n"
    year = tmp_path / "year.toml"
    year.write_text(broken, "utf-8")
    shutil.copytree(EXAMPLE / "templates", tmp_path / "templates")
    messages = [finding.render("zh") for finding in reportgen.check(year).findings]
    assert (
        messages[0]
        == f"{year}:120: other.proposals: 缺少必填项「人大代表建议和政协提案办理结果公开情况」"
    )
    assert messages[1].startswith(f"{year}:")
    assert messages[1].endswith(
        "proposals.total.received: 「合计 / 承办件数」填写为 20，按各项相加应为 21"
        "（省1：“承办件数”列的合计应等于人大代表建议与政协提案之和）"
    )


def test_templates_list_shows_where_each_comes_from(tmp_path):
    office = override(tmp_path / "office", "base/report.css", "p {}")
    result = run("templates", "list", "--templates", str(office))
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert lines["base/report.css"].split()[1] == str(office.resolve())
    assert f"（覆盖了 {BUILTIN} 中的同名模板）" in lines["base/report.css"]
    assert lines["2021/report.html.j2"].split() == ["2021/report.html.j2", str(BUILTIN)]
    assert "base/reference.docx" in lines and "twelve-part/format.toml" in lines


def test_templates_copy_starts_an_override(tmp_path):
    result = run("templates", "copy", "2021/report.html.j2", "--to", str(tmp_path / "office"))
    copied = tmp_path / "office" / "2021" / "report.html.j2"
    assert result.exit_code == 0 and result.stdout == f"{copied}\n"
    assert copied.read_bytes() == (BUILTIN / "2021" / "report.html.j2").read_bytes()
    again = run("templates", "copy", "2021/report.html.j2", "--to", str(tmp_path / "office"))
    assert again.exit_code == 1
    assert again.stderr == f"{copied} 已存在；如需覆盖请加 --force\n"


def test_a_missing_template_lists_the_directories_searched(tmp_path):
    result = run("templates", "which", "2021/nope.j2", "--templates", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"找不到模板 2021/nope.j2（已查找：{tmp_path.resolve()}；{BUILTIN}）\n"
    )


def test_a_syntax_error_in_an_override_points_at_its_line(tmp_path, year_file):
    templates = override(
        tmp_path / "office",
        "2021/report.html.j2",
        '{% extends "!default/2021/report.html.j2" %}\n\n{% block intro %}{% if %}{% endblock %}\n',
    )
    result = run("build", str(year_file()), "--templates", str(templates), "-o", str(tmp_path))
    assert result.exit_code == 1
    path = templates.resolve() / "2021" / "report.html.j2"
    assert result.stderr.startswith(f"模板错误：{path}:3: ")
    assert not list(tmp_path.glob("*.docx"))


def test_templates_cannot_reach_python_internals(tmp_path, year_file):
    templates = override(
        tmp_path / "office",
        "2021/report.html.j2",
        '{% extends "!default/2021/report.html.j2" %}\n'
        "{% block intro %}{{ ''.__class__.__mro__ }}{% endblock %}\n",
    )
    with pytest.raises(TemplateError) as raised:
        reportgen.build(year_file(), tmp_path / "out", templates=[templates])
    assert "unsafe" in str(raised.value) and "__class__" in str(raised.value)
    result = run("build", str(year_file()), "--templates", str(templates), "-o", str(tmp_path))
    assert result.exit_code == 1 and result.stderr.startswith("模板错误：")


def test_a_template_cannot_include_files_outside_the_search_path(tmp_path, year_file):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", "utf-8")
    for name in (str(secret), "../secret.txt", "../../secret.txt"):
        templates = override(
            tmp_path / "office",
            "2021/report.html.j2",
            '{% extends "!default/2021/report.html.j2" %}\n'
            f'{{% block intro %}}{{% include "{name}" %}}{{% endblock %}}\n',
        )
        with pytest.raises(TemplateError):
            reportgen.build(year_file(), tmp_path / "out", templates=[templates])


def test_a_format_that_extends_itself_is_refused(tmp_path, year_file):
    override(tmp_path / "a", "2021/format.toml", 'extends = "2021/format.toml"\n')
    with pytest.raises(FormatError) as raised:
        reportgen.check(year_file(), templates=[tmp_path / "a"])
    assert "extends itself" in str(raised.value)


def test_a_stylesheet_is_read_again_once_changed(tmp_path: Path):
    """The stylesheet a batch embeds in every page is kept while unchanged (templating.
    read_kept): an edit in place of the same size, with a later modification time, is read."""
    css = tmp_path / "report.css"
    css.write_text("p { color: #010203; }", "utf-8")
    assert templating.read_kept(css) == "p { color: #010203; }"
    with css.open("r+", encoding="utf-8") as file:
        file.write("p { color: #040506; }")
    stat = css.stat()
    os.utime(css, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert templating.read_kept(css) == "p { color: #040506; }"
    css.unlink()
    with pytest.raises(TemplateError):
        templating.read_kept(css)
