"""Messy inputs made here as real sites and clerks make them: a saved page with site chrome,
nested <span>/<font>, inline styles, &nbsp;, blank cells and a GBK charset; the same page
converted to .docx by LibreOffice (tables with merges); the text copied from it, with
half-width punctuation. Each is imported cell for cell. And inputs that are not reports."""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

import docx
import lxml.html
import pytest
from typer.testing import CliRunner

import reportgen
from reportgen.cli.commands import app
from reportgen.runs import single as pipeline
from reportgen.runs.importing import import_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "2019-hanzhong-civil-affairs-2020.toml"
runner = CliRunner()
HALF_WIDTH = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";"})

CHROME_TOP = """<div class="top"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> |
<a href="/hdjl/">互动交流</a></div><div class="nav"><ul><li><a href="#">机构概况</a></li>
<li><a href="#">政策文件</a></li></ul></div><div class="position">当前位置：首页 &gt; 政府信息公开
&gt; 年度报告</div><div class="meta">索&nbsp;&nbsp;引&nbsp;&nbsp;号：610700001-/2021000152
发布时间：2021年01月20日 13:32</div>"""
CHROME_BOTTOM = """<div class="share">【打印本页】【关闭窗口】</div><div class="footer">
<p>网站主办单位：汉中市民政局</p><p>地址：汉中市汉台区民主街43号市政府1号楼</p>
<p>联系电话：0916-2626560&nbsp;&nbsp;&nbsp;邮编：723000</p><p>陕ICP备14003207号-2</p></div>"""


def _messy_text(text: str) -> str:
    """Text as a site's editor writes it: nested spans and fonts, spaces as &nbsp;, an HTML
    comment inside."""
    escaped = html.escape(text).replace(" ", "&nbsp;")
    return (
        '<span style="font-family:仿宋_GB2312;font-size:16pt"><!-- 正文 --><font face="仿宋">'
        f"<span>{escaped}</span></font></span>"
    )


def _messy_table(table: lxml.html.HtmlElement) -> str:
    rows = []
    for tr in table.iter("tr"):
        cells = []
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            spans = "".join(
                f' {name}="{cell.get(name)}"' for name in ("rowspan", "colspan") if cell.get(name)
            )
            text = " ".join(cell.text_content().split())
            # A 0 left blank, as many sites print it; a blank cell reads as 0.
            inner = "&nbsp;" if text == "0" and len(rows) % 3 == 0 else _messy_text(text)
            cells.append(f'<td{spans} style="border:1px solid #000" valign="middle">{inner}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<table border="1" cellspacing="0" width="100%"><tbody>'
        + "".join(rows)
        + "</tbody></table>"
    )


def messy_page(tmp_path: Path) -> bytes:
    """A GBK page made from reportgen's own HTML of the 汉中 sample, dressed as a site's."""
    built = reportgen.build(SAMPLE, tmp_path / "built", to=["html"])
    report = lxml.html.parse(str(built.paths[0])).getroot().find(".//main")
    parts = []
    for element in report:
        text = " ".join(element.text_content().split())
        if element.tag == "h1":
            parts.append(f'<h1 class="title" style="text-align:center">{_messy_text(text)}</h1>')
        elif element.tag in ("h2", "h3"):
            parts.append(f'<p style="text-indent:2em"><strong>{_messy_text(text)}</strong></p>')
        elif element.tag == "div":
            parts.append(_messy_table(element.find(".//table")))
        else:
            parts.append(f'<p style="text-indent:2em;line-height:1.8">{_messy_text(text)}</p>')
    page = (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html;'
        ' charset=gbk"><title>汉中市民政局2020年政府信息公开年度报告</title>'
        "<style>p{margin:0}</style><script>var _hmt = [];</script></head><body>"
        f'{CHROME_TOP}<div class="article">{"".join(parts)}</div>{CHROME_BOTTOM}</body></html>'
    )
    return page.encode("gbk")


def copied_text(page: bytes) -> str:
    """What select-all and copy in a browser gives: a line per block, a row's cells separated
    by tabs (a merged label once), typed over with half-width punctuation."""
    root = lxml.html.document_fromstring(page.decode("gbk"))
    lines = []
    for element in root.iter("p", "h1", "tr", "a"):
        if element.tag == "tr":
            cells = [" ".join(cell.text_content().split()) for cell in element]
            lines.append("\t".join(cells))
        elif element.getparent().tag != "td":
            lines.append(" ".join(element.text_content().split()))
    return "\n".join(lines).translate(HALF_WIDTH) + "\n"


def assert_same_report(target: Path, half_width: bool = False):
    original = pipeline.check(SAMPLE)
    again = pipeline.check(target)
    assert again.figures.values == original.figures.values
    for key in ("overview", "problems", "other"):
        expected = original.prose[key]
        if half_width:
            expected = tuple(paragraph.translate(HALF_WIDTH) for paragraph in expected)
        assert again.prose[key] == expected, key
    values = again.year.values
    assert values["agency.name"] == "汉中市民政局"
    assert values["year"] == 2020
    assert values["agency.phone"] == "0916-2626560"
    note = original.year.notes["active.licensing.change"]
    assert again.year.notes["active.licensing.change"] == (
        note.translate(HALF_WIDTH) if half_width else note
    )


def test_messy_gbk_page(tmp_path: Path):
    page = tmp_path / "report.html"
    page.write_bytes(messy_page(tmp_path))
    target = tmp_path / "imported.toml"
    imported = import_report(page)
    assert imported.format.id == "2019"
    assert imported.left_out == []
    target.write_text(imported.text, encoding="utf-8")
    assert_same_report(target)


def test_copied_text_with_half_width_punctuation(tmp_path: Path):
    copied = tmp_path / "report.txt"
    copied.write_text(copied_text(messy_page(tmp_path)), encoding="utf-8")
    target = tmp_path / "imported.toml"
    result = runner.invoke(app, ["import", str(copied), "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert_same_report(target, half_width=True)


@pytest.mark.libreoffice
def test_page_converted_to_docx_by_libreoffice(tmp_path: Path):
    page = tmp_path / "report.html"
    page.write_bytes(messy_page(tmp_path))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None
    profile = tmp_path / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp_path / "converted"),
            str(page),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = tmp_path / "converted" / "report.docx"
    merged = [
        tc
        for table in docx.Document(str(converted)).tables
        for tc in table._tbl.iter()
        if tc.tag.endswith("}vMerge") or tc.tag.endswith("}gridSpan")
    ]
    assert merged  # LibreOffice kept the merged cells as Word merges
    target = tmp_path / "imported.toml"
    result = runner.invoke(app, ["import", str(converted), "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert_same_report(target)


NOT_REPORTS = {
    "unrelated.html": (
        "<html><head><meta charset='utf-8'></head><body><h1>汉中市民政局关于开展养老服务"
        "质量提升行动的通知</h1><p>各县区民政局：现将有关事项通知如下。</p>"
        "<table><tr><td>序号</td><td>事项</td></tr><tr><td>1</td><td>培训</td></tr></table>"
        "</body></html>"
    ).encode(),
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 8,
    "report.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
}
NO_FORMAT = (
    "认不出报告的格式：标题、表格的行列名称与已知格式（2019、2021、twelve-part）都对不上；"
    "可用 --format 指定"
)
NOT_READ = "不是政府信息公开工作年度报告：读不出正文和表格（空文件、二进制文件或无关的网页？）"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("unrelated.html", NO_FORMAT),
        ("empty.txt", NOT_READ),
        ("binary.txt", NOT_READ),
        (
            "report.doc",
            "不能读取 .doc 文件：请在 Word 或 WPS 中另存为 .docx，"
            "或从网页另存为 .html、复制为 .txt",
        ),
    ],
)
def test_not_a_report(tmp_path: Path, name: str, message: str):
    source = tmp_path / name
    source.write_bytes(NOT_REPORTS[name])
    target = tmp_path / "out" / "year.toml"
    result = runner.invoke(app, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"{source}: {message}\n1 个错误，0 个警告\n"
    assert result.stdout == ""
    assert not target.parent.exists()


def test_docx_without_the_tables(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("汉中市民政局2020年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("2020年，我局认真贯彻落实《条例》。")
    source = tmp_path / "report.docx"
    document.save(str(source))
    target = tmp_path / "year.toml"
    result = runner.invoke(app, ["import", str(source), "-o", str(target), "--format", "2019"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{source}: 没有找到“政府信息公开工作年度报告（2019年试行格式，国办公开办函〔2019〕60号）”"
        "的统计表格（表格缺失，或行名称对不上）\n1 个错误，0 个警告\n"
    )
    assert not target.exists()


def test_import_refuses_to_overwrite(tmp_path: Path):
    target = tmp_path / "year.toml"
    target.write_text("kept", encoding="utf-8")
    result = runner.invoke(
        app, ["import", str(ROOT / "tests/data/seed-003-hanzhong-2020.txt"), "-o", str(target)]
    )
    assert result.exit_code == 1
    assert result.stderr == f"{target} 已存在；要覆盖请加 --force\n"
    assert target.read_text(encoding="utf-8") == "kept"


def test_text_copied_one_cell_per_line_with_broken_labels(tmp_path: Path):
    """Some sites copy each table cell on its own line; a long label wraps onto two lines."""
    sample = ROOT / "samples" / "2021-city-civil-affairs.toml"
    built = reportgen.build(sample, tmp_path / "built", to=["html"])
    root = lxml.html.parse(str(built.paths[0])).getroot()
    lines = []
    for element in root.iter("p", "h1", "h2", "h3", "tr"):
        if element.tag != "tr":
            lines.append(" ".join(element.text_content().split()))
            continue
        for cell in element:
            text = " ".join(cell.text_content().split())
            wraps = len(text) > 24 and not text[0].isdigit()
            lines += [text[:12], text[12:]] if wraps else [text]
    copied = tmp_path / "copied.txt"
    copied.write_text("\n".join(lines) + "\n", encoding="utf-8")
    imported = import_report(copied)
    assert imported.left_out == []
    assert imported.missing_rows == []
    target = tmp_path / "imported.toml"
    target.write_text(imported.text, encoding="utf-8")
    assert pipeline.check(target).figures.values == pipeline.check(sample).figures.values


def test_audit_of_a_directory_with_a_summary(tmp_path: Path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "hanzhong.txt").write_bytes(
        (ROOT / "tests/data/seed-003-hanzhong-2020.txt").read_bytes()
    )
    (reports / "page.html").write_bytes(messy_page(tmp_path))
    (reports / "notes.md").write_text("not collected", encoding="utf-8")
    summary = tmp_path / "summary.csv"
    result = runner.invoke(app, ["audit", str(reports), "--summary", str(summary), "--jobs", "2"])
    assert result.exit_code == 1
    rows = [row.split(",")[:4] for row in summary.read_text(encoding="utf-8-sig").splitlines()]
    # The header and the two reports; notes.md is not a report.
    assert rows == [
        ["file", "status", "errors", "warnings"],
        [str(reports / "hanzhong.txt"), "failed", "2", "0"],
        [str(reports / "page.html"), "passed", "0", "0"],
    ]
    assert "page.html" in result.stderr
    assert "page.html:" not in result.stderr  # the page (the sample's figures) is consistent


def test_page_laid_out_with_a_table_and_a_title_on_two_lines(tmp_path: Path):
    """Old sites lay the page out with a table holding the article (and its tables)."""
    page = messy_page(tmp_path).decode("gbk")
    start, end = page.index('<div class="article">'), page.index(CHROME_BOTTOM[:20])
    article = (
        page[start:end]
        .replace(
            '<h1 class="title" style="text-align:center">',
            '<h1 class="title">汉中市民政局</h1><h1 class="title">',
        )
        .replace(
            "汉中市民政局2020年政府信息公开工作年度报告</span>",
            "2020年政府信息公开工作年度报告</span>",
        )
    )
    laid_out = (
        page[:start]
        + '<table width="980"><tr><td width="200"><a href="/">首页</a></td>'
        + f"<td>{article}</td></tr></table>"
        + page[end:]
    )
    source = tmp_path / "laid-out.html"
    source.write_bytes(laid_out.encode("gbk"))
    target = tmp_path / "imported.toml"
    imported = import_report(source)
    assert imported.left_out == []
    target.write_text(imported.text, encoding="utf-8")
    assert_same_report(target)


def test_text_saved_as_utf16_by_notepad(tmp_path: Path):
    seed = (ROOT / "tests/data/seed-003-hanzhong-2020.txt").read_text(encoding="utf-8")
    source = tmp_path / "report.txt"
    source.write_bytes(b"\xff\xfe" + seed.encode("utf-16-le"))
    imported = import_report(source)
    assert imported.values["requests.total.natural_person"] == 8
    assert imported.values["agency.name"] == "汉中市民政局"


def test_docx_with_the_tables_gathered_at_the_end(tmp_path: Path):
    """Some agencies attach the tables after the text: each is looked for in the whole
    document when its section has none."""
    built = reportgen.build(SAMPLE, tmp_path / "built", to=["docx"])
    document = docx.Document(str(built.paths[0]))
    body = document.element.body
    for table in [table._tbl for table in document.tables]:
        body.remove(table)
        body.insert(len(body) - 1, table)  # before the section properties
    moved = tmp_path / "moved.docx"
    document.save(str(moved))
    imported = import_report(moved)
    assert imported.missing_rows == []
    target = tmp_path / "imported.toml"
    target.write_text(imported.text, encoding="utf-8")
    assert pipeline.check(target).figures.values == pipeline.check(SAMPLE).figures.values


def test_audit_compares_an_agencys_consecutive_years(tmp_path: Path):
    sample = ROOT / "samples" / "2021-city-civil-affairs.toml"
    earlier = tmp_path / "2024.toml"
    earlier.write_text(
        sample.read_text(encoding="utf-8").replace("year = 2025", "year = 2024"), encoding="utf-8"
    )
    published = tmp_path / "published"
    reportgen.build(sample, published, to=["html"])
    reportgen.build(earlier, published, to=["html"])
    result = runner.invoke(app, ["audit", str(published), "--jobs", "1"])
    assert result.exit_code == 0  # year-to-year differences are warnings
    later = published / "某某市民政局2025年政府信息公开工作年度报告.html"
    before = published / "某某市民政局2024年政府信息公开工作年度报告.html"
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"{later}:")]
    assert lines == [
        f"{later}: 警告：二、主动公开政府信息情况“行政规范性文件”行“现行有效件数”列，"
        f"与上年报告 {before} 比对：“行政规范性文件”的现行有效件数应等于上年现行有效件数加本年"
        "制发件数减本年废止件数；本年报告为 15，按上年报告应为 16"
    ]


def _renamed_main_part(built: Path, target: Path, part: str) -> None:
    """The package with its main document stored as ``part`` (some tools name it otherwise),
    found only through the package's relationships."""
    import zipfile

    with zipfile.ZipFile(built) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            name = part if item.filename == "word/document.xml" else item.filename
            if item.filename == "_rels/.rels":
                data = data.replace(b'Target="word/document.xml"', f'Target="/{part}"'.encode())
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"/word/document.xml", f"/{part}".encode())
            if item.filename == "word/_rels/document.xml.rels":
                name = f"{part.rsplit('/', 1)[0]}/_rels/{part.rsplit('/', 1)[1]}.rels"
            copy.writestr(name, data)


def test_docx_whose_main_part_has_another_name(tmp_path: Path):
    built = reportgen.build(SAMPLE, tmp_path / "built", to=["docx"]).paths[0]
    renamed = tmp_path / "renamed.docx"
    _renamed_main_part(built, renamed, "word/document2.xml")
    assert docx.Document(str(renamed)).paragraphs  # a package Word's reader opens too
    imported = import_report(renamed)
    assert imported.missing_rows == [] and imported.left_out == []
    assert imported.text == import_report(built).text


def test_a_zip_that_is_not_a_word_document(tmp_path: Path):
    import zipfile

    source = tmp_path / "report.docx"
    with zipfile.ZipFile(source, "w") as package:
        package.writestr("_rels/.rels", "<Relationships/>")
        package.writestr("content.xml", "<office:document/>")
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "year.toml")])
    assert result.exit_code == 1
    assert result.stderr == f"{source}: {NOT_READ}\n1 个错误，0 个警告\n"


def test_a_docx_whose_main_part_unpacks_too_large_is_not_unpacked(tmp_path: Path):
    """A zip bomb: the report's own document padded past what a reference document may unpack
    to is refused from the archive's directory, before it is unpacked."""
    import zipfile

    from reportgen.writers.docx_package import MAX_UNPACKED

    built = reportgen.build(SAMPLE, tmp_path / "built", to=["docx"]).paths[0]
    padded = tmp_path / "padded.docx"
    with (
        zipfile.ZipFile(built) as source,
        zipfile.ZipFile(padded, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                # Blank text between elements, in pieces libxml2 reads (a node of over
                # 10 MB it refuses by itself): without the bound, this imports.
                padding = (b" " * 1_000_000 + b"<w:p/>") * (MAX_UNPACKED // 1_000_000 + 1)
                data = data.replace(b"</w:body>", padding + b"</w:body>")
            copy.writestr(item.filename, data)
    assert padded.stat().st_size < 1024 * 1024
    result = runner.invoke(app, ["import", str(padded), "-o", str(tmp_path / "year.toml")])
    assert result.exit_code == 1
    assert result.stderr == f"{padded}: {NOT_READ}\n1 个错误，0 个警告\n"
