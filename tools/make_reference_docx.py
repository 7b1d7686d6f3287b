"""Write templates/base/reference.docx, the built-in Word reference document.

The .docx writer takes page setup, footers and named styles from this document; offices copy it
and edit it in Word or WPS. It is written from the XML below rather than from python-docx's
default template, which is US Letter, themed, and carries ~790 KB of styles that every build
would have to inflate and deflate again.

Figures follow GB/T 9704-2012: A4, margins 37/35/28/26 mm, 3号 (16 pt) 仿宋_GB2312 body at
22 lines per page, 2号 小标宋 title, 黑体/楷体 headings and 4号 宋体 page numbers "— 1 —"
alternating right/left.

Run ``python tools/make_reference_docx.py [OUTPUT]``; the output is byte-for-byte
reproducible (fixed part order and zip timestamps), so a test compares it with the committed
file.
"""

from __future__ import annotations

import math
import sys
import zipfile
from io import BytesIO
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "templates" / "base" / "reference.docx"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Zip timestamps before 1980 are not representable; a fixed one keeps the output reproducible.
TIMESTAMP = (1980, 1, 1, 0, 0, 0)

# Page setup in twips (1 mm = 56.7 twips).
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1984, 1588, 1474  # 37/35/28/26 mm
LINE_PITCH = 579  # 225 mm type area / 22 lines
CHARS_PER_LINE = 28
BODY_POINTS = 16  # 3号
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 8844 twips, 156 mm
# 28 characters of 16 pt are 448 pt, wider than the 442.2 pt text width: GB/T 9704's 28 a line
# come from condensing each character by 0.25 pt (1/20 pt units), which Word, WPS and
# LibreOffice all honour. Word's own way, a character grid (docGrid linesAndChars, charSpace
# -1024: a 15.75 pt pitch), is not used because LibreOffice (7.4, measured) cannot render it:
# it gives each character as many whole grid cells as its width needs, letter spacing not
# counted, so a 16 pt character takes two 15.75 pt cells and a line holds 14. Characters set
# at 98% width fit one cell and give 28, but LibreOffice then also pads every run of digits or
# Latin to the next cell (gaps of up to 12 pt after "0000-12345678", "1", "912"), which Word
# does not. README "Templates" gives the measurements.
CONDENSE = math.floor(TEXT_WIDTH / CHARS_PER_LINE - BODY_POINTS * 20)  # -5
HEADER_DISTANCE = 851  # 15 mm; the report has no header, Word just needs a value
# The footer line is exactly 14 pt (280 twips) high; 23 mm from the page edge to its bottom puts
# its top about 28 mm up, i.e. 7 mm below the type area (whose bottom is the 35 mm margin).
FOOTER_LINE = 280
FOOTER_DISTANCE = 1304

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"

# name, altName (what Word substitutes where the licensed font is missing), charset, family,
# pitch. Charset 86 is GB2312; 宋体 is the fallback for 小标宋 because every Chinese Windows has it.
FONTS = (
    (BODY_FONT, "仿宋", "86", "modern", "fixed"),
    (TITLE_FONT, "宋体", "86", "auto", "variable"),
    (HEADING1_FONT, "SimHei", "86", "modern", "fixed"),
    (HEADING2_FONT, "楷体", "86", "modern", "fixed"),
    (PAGE_NUMBER_FONT, "SimSun", "86", "auto", "variable"),
    (LATIN_FONT, None, "00", "roman", "variable"),
)

CONTENT_TYPES = """\
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/word/document.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
<Override PartName="/word/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
<Override PartName="/word/settings.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
<Override PartName="/word/fontTable.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>\
<Override PartName="/word/theme/theme1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>\
<Override PartName="/word/footer1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
<Override PartName="/word/footer2.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
<Override PartName="/docProps/core.xml" \
ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
<Override PartName="/docProps/app.xml" \
ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
</Types>"""

PACKAGE_RELS = """\
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Target="word/document.xml" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>\
<Relationship Id="rId2" Target="docProps/core.xml" \
Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"/>\
<Relationship Id="rId3" Target="docProps/app.xml" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"/>\
</Relationships>"""

CORE = """\
<cp:coreProperties \
xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:dcmitype="http://purl.org/dc/dcmitype/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
<dc:title>政府信息公开工作年度报告</dc:title><dc:creator>reportgen</dc:creator>\
<cp:revision>1</cp:revision></cp:coreProperties>"""

APP = """\
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
<Application>reportgen</Application></Properties>"""

DOCUMENT_RELS = """\
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Target="styles.xml" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>\
<Relationship Id="rId2" Target="settings.xml" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"/>\
<Relationship Id="rId3" Target="fontTable.xml" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"/>\
<Relationship Id="rId4" Target="footer1.xml" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"/>\
<Relationship Id="rId5" Target="footer2.xml" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"/>\
<Relationship Id="rId6" Target="theme/theme1.xml" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"/>\
</Relationships>"""

DOCUMENT = f"""\
<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body><w:sectPr>\
<w:footerReference w:type="default" r:id="rId4"/>\
<w:footerReference w:type="even" r:id="rId5"/>\
<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>\
<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" \
w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE}" w:footer="{FOOTER_DISTANCE}" w:gutter="0"/>\
<w:cols w:space="425"/>\
<w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/>\
</w:sectPr></w:body></w:document>"""

# evenAndOddHeaders turns on the even-page footer; doNotExpandShiftReturn stops Word stretching
# a justified line that ends in a <br>.
SETTINGS = f"""\
<w:settings xmlns:w="{W_NS}">\
<w:zoom w:percent="100"/>\
<w:defaultTabStop w:val="420"/>\
<w:evenAndOddHeaders/>\
<w:characterSpacingControl w:val="compressPunctuation"/>\
<w:compat><w:doNotExpandShiftReturn/><w:useFELayout/>\
<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" \
w:val="15"/></w:compat>\
<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>\
</w:settings>"""


def rfonts(east_asia: str, latin: str = LATIN_FONT) -> str:
    """Explicit fonts for every script slot: a theme attribute would override them."""
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}"/>'
    )


def size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def footer(alignment: str, indent: str) -> str:
    """A footer paragraph "— N —" with a PAGE field, aligned and indented one character in."""
    run = '<w:r><w:rPr><w:rStyle w:val="PageNumber"/></w:rPr>{}</w:r>'
    return (
        f'<w:ftr xmlns:w="{W_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/>'
        f'<w:ind w:{indent}Chars="100" w:{indent}="{FOOTER_LINE}"/><w:jc w:val="{alignment}"/>'
        "</w:pPr>"
        + run.format('<w:t xml:space="preserve">— </w:t>')
        + run.format('<w:fldChar w:fldCharType="begin"/>')
        + run.format('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
        + run.format('<w:fldChar w:fldCharType="separate"/>')
        + run.format("<w:t>1</w:t>")
        + run.format('<w:fldChar w:fldCharType="end"/>')
        + run.format('<w:t xml:space="preserve"> —</w:t>')
        + "</w:p></w:ftr>"
    )


def paragraph_style(
    style_id: str,
    name: str,
    ppr: str,
    rpr: str,
    *,
    based_on: str | None = "Normal",
    builtin: bool = False,
    default: bool = False,
) -> str:
    """A paragraph style; Word knows built-in ones by their English name, whatever its language."""
    flags = (' w:default="1"' if default else "") + ("" if builtin else ' w:customStyle="1"')
    parent = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (
        f'<w:style w:type="paragraph"{flags} w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/>{parent}<w:next w:val="Normal"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
INDENT_2 = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'
NOT_BOLD = '<w:b w:val="0"/><w:bCs w:val="0"/>'
SINGLE_SPACING = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
# Right-aligned closing lines sit four characters in from the right margin.
CLOSING = '<w:ind w:rightChars="400" w:right="1280" w:firstLineChars="0" w:firstLine="0"/>'
BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="auto"'

STYLES = (
    f'<w:styles xmlns:w="{W_NS}">'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    + rfonts(BODY_FONT)
    + size(32)
    + '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault></w:docDefaults>"
    # Normal: exact 579-twip lines give the 22-line page whatever the font's own metrics.
    + paragraph_style(
        "Normal",
        "Normal",
        # widowControl: no paragraph leaves one line alone on a page. wordWrap off (Chinese
        # Word's default) lets Word and WPS break Latin text anywhere, so a long address does
        # not move whole to the next line and stretch the justified line above it. LibreOffice
        # ignores it: the writer also puts zero-width spaces into addresses (writers/addresses.py).
        '<w:widowControl/><w:wordWrap w:val="0"/>'
        '<w:spacing w:line="579" w:lineRule="exact"/>' + INDENT_2 + '<w:jc w:val="both"/>',
        # Condensed to 28 characters a line (see CONDENSE).
        rfonts(BODY_FONT) + f'<w:spacing w:val="{CONDENSE}"/>' + size(32),
        based_on=None,
        builtin=True,
        default=True,
    )
    + '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    "<w:unhideWhenUsed/></w:style>"
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
    '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
    '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    + paragraph_style(
        "Title",
        "Title",
        '<w:keepNext/><w:spacing w:before="0" w:after="579" w:line="700" w:lineRule="exact"/>'
        + NO_INDENT
        + '<w:jc w:val="center"/><w:outlineLvl w:val="9"/>',
        rfonts(TITLE_FONT) + NOT_BOLD + size(44),
        builtin=True,
    )
    + paragraph_style(
        "Heading1",
        "heading 1",
        "<w:keepNext/><w:keepLines/>" + INDENT_2 + '<w:outlineLvl w:val="0"/>',
        rfonts(HEADING1_FONT) + NOT_BOLD + size(32),
        builtin=True,
    )
    + paragraph_style(
        "Heading2",
        "heading 2",
        "<w:keepNext/><w:keepLines/>" + INDENT_2 + '<w:outlineLvl w:val="1"/>',
        rfonts(HEADING2_FONT) + NOT_BOLD + size(32),
        builtin=True,
    )
    + paragraph_style("BodyNoIndent", "Body No Indent", NO_INDENT, rfonts(BODY_FONT) + size(32))
    # The line under a title, e.g. （市政府部门、直属机构） under an attachment's title.
    + paragraph_style(
        "Subtitle",
        "Subtitle",
        "<w:keepNext/>" + NO_INDENT + '<w:jc w:val="center"/>',
        rfonts(BODY_FONT) + size(32),
        builtin=True,
    )
    + paragraph_style(
        "Signature",
        "Signature",
        # keepNext: the signature never leaves its date (the writer keeps the body's last
        # lines with the signature).
        '<w:keepNext/><w:spacing w:before="579"/>' + CLOSING + '<w:jc w:val="right"/>',
        rfonts(BODY_FONT) + size(32),
        builtin=True,
    )
    + paragraph_style(
        "Date",
        "Date",
        CLOSING + '<w:jc w:val="right"/>',
        rfonts(BODY_FONT) + size(32),
        builtin=True,
    )
    + paragraph_style(
        "Attachment",
        "Attachment",
        # An attachment (附件：, then its title and table) starts a page of its own; GB/T 9704
        # sets the 附件 line flush left in 黑体.
        "<w:keepNext/><w:pageBreakBefore/>" + NO_INDENT + '<w:jc w:val="left"/>',
        rfonts(HEADING1_FONT) + NOT_BOLD + size(32),
    )
    + paragraph_style(
        "Note",
        "Note",
        '<w:ind w:firstLineChars="200" w:firstLine="560"/>',
        rfonts(BODY_FONT) + size(28),
    )
    # Table paragraphs leave the document grid, or each cell line would be 579 twips high.
    + paragraph_style(
        "TableText",
        "Table Text",
        '<w:snapToGrid w:val="0"/>' + SINGLE_SPACING + NO_INDENT + '<w:jc w:val="center"/>',
        rfonts(BODY_FONT) + size(21),
    )
    + paragraph_style(
        "TableLabel",
        "Table Label",
        '<w:jc w:val="left"/>',
        rfonts(BODY_FONT) + size(21),
        based_on="TableText",
    )
    # Long tables (table 三 has 28 rows) are set in 小五 so that, with label columns wide
    # enough for two lines, they fit one page; the writer picks these for them.
    + paragraph_style(
        "TableTextCompact",
        "Table Text Compact",
        "",
        rfonts(BODY_FONT) + size(18),
        based_on="TableText",
    )
    + paragraph_style(
        "TableLabelCompact",
        "Table Label Compact",
        '<w:jc w:val="left"/>',
        rfonts(BODY_FONT) + size(18),
        based_on="TableText",
    )
    + paragraph_style(
        "Footer",
        "footer",
        f'<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{FOOTER_LINE}" '
        'w:lineRule="exact"/>' + NO_INDENT,
        rfonts(PAGE_NUMBER_FONT, PAGE_NUMBER_FONT) + size(28),
        builtin=True,
    )
    + '<w:style w:type="character" w:styleId="PageNumber"><w:name w:val="page number"/>'
    '<w:basedOn w:val="DefaultParagraphFont"/><w:rPr>'
    + rfonts(PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)
    + size(28)
    + "</w:rPr></w:style>"
    '<w:style w:type="table" w:customStyle="1" w:styleId="ReportTable">'
    '<w:name w:val="Report Table"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>'
    f"<w:top {BORDER}/><w:left {BORDER}/><w:bottom {BORDER}/><w:right {BORDER}/>"
    f"<w:insideH {BORDER}/><w:insideV {BORDER}/></w:tblBorders>"
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
    "</w:tblPr></w:style>"
    "</w:styles>"
)


def font_table() -> str:
    entries = []
    for name, alt, charset, family, pitch in FONTS:
        alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
        entries.append(
            f'<w:font w:name="{name}">{alt_xml}<w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        )
    return f'<w:fonts xmlns:w="{W_NS}">{"".join(entries)}</w:fonts>'


A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def theme() -> str:
    """The theme part strict validators expect. Its fonts match the named ones, but every
    style names its fonts explicitly (see rfonts), so the theme never decides a font."""
    colours = (
        ("dk1", '<a:sysClr val="windowText" lastClr="000000"/>'),
        ("lt1", '<a:sysClr val="window" lastClr="FFFFFF"/>'),
        ("dk2", '<a:srgbClr val="1F1F1F"/>'),
        ("lt2", '<a:srgbClr val="EEEEEE"/>'),
        ("accent1", '<a:srgbClr val="C00000"/>'),
        ("accent2", '<a:srgbClr val="404040"/>'),
        ("accent3", '<a:srgbClr val="808080"/>'),
        ("accent4", '<a:srgbClr val="1F4E79"/>'),
        ("accent5", '<a:srgbClr val="385723"/>'),
        ("accent6", '<a:srgbClr val="7F6000"/>'),
        ("hlink", '<a:srgbClr val="0563C1"/>'),
        ("folHlink", '<a:srgbClr val="954F72"/>'),
    )
    scheme = "".join(f"<a:{name}>{value}</a:{name}>" for name, value in colours)
    solid = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350">{solid}</a:ln>'

    def fonts(east_asia: str) -> str:
        return (
            f'<a:latin typeface="{LATIN_FONT}"/><a:ea typeface="{east_asia}"/>'
            f'<a:cs typeface="{LATIN_FONT}"/>'
        )

    return (
        f'<a:theme xmlns:a="{A_NS}" name="reportgen"><a:themeElements>'
        f'<a:clrScheme name="reportgen">{scheme}</a:clrScheme>'
        f'<a:fontScheme name="reportgen"><a:majorFont>{fonts(TITLE_FONT)}</a:majorFont>'
        f"<a:minorFont>{fonts(BODY_FONT)}</a:minorFont></a:fontScheme>"
        f'<a:fmtScheme name="reportgen"><a:fillStyleLst>{solid * 3}</a:fillStyleLst>'
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst>"
        f"<a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}"
        f"</a:effectStyleLst><a:bgFillStyleLst>{solid * 3}</a:bgFillStyleLst></a:fmtScheme>"
        "</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )


def parts() -> list[tuple[str, str]]:
    """The package parts in the order they are written."""
    return [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("docProps/core.xml", CORE),
        ("docProps/app.xml", APP),
        ("word/document.xml", DOCUMENT),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("word/settings.xml", SETTINGS),
        ("word/fontTable.xml", font_table()),
        ("word/theme/theme1.xml", theme()),
        ("word/footer1.xml", footer("right", "right")),  # odd pages (and the default)
        ("word/footer2.xml", footer("left", "left")),  # even pages
    ]


def build_reference() -> bytes:
    """The reference document's bytes; identical on every run."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, xml in parts():
            info = zipfile.ZipInfo(name, date_time=TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # ZipInfo's default depends on the platform
            info.external_attr = 0
            package.writestr(info, DECLARATION + xml, compresslevel=9)
    return buffer.getvalue()


def main(argv: list[str]) -> None:
    output = Path(argv[0]) if argv else OUTPUT
    output.write_bytes(build_reference())
    print(output)


if __name__ == "__main__":
    main(sys.argv[1:])
