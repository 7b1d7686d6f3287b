"""Writes samples/province-example/templates/base/reference.docx: the built-in reference
document as a provincial office would change it in Word or WPS, with a red letterhead naming
the agency ({机关名称} is filled in by reportgen) over a red rule on the first page only (the
版头 of GB/T 9704: a first-page header, Word's "different first page"), and the body set in
方正仿宋_GBK instead of 仿宋_GB2312.

Run ``python tools/make_province_example.py``. An office does the same by hand: copy the
reference with ``reportgen templates copy base/reference.docx --to DIR`` and edit it.
"""

from __future__ import annotations

import copy
import sys
from io import BytesIO
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

ROOT = Path(__file__).resolve().parent.parent
BUILTIN = ROOT / "templates" / "base" / "reference.docx"
TARGET = ROOT / "samples" / "province-example" / "templates" / "base" / "reference.docx"
BODY_FONT = "方正仿宋_GBK"
RED = "FF0000"

LETTERHEAD = (
    f"<w:p {nsdecls('w')}><w:pPr><w:pBdr>"
    f'<w:bottom w:val="single" w:sz="18" w:space="4" w:color="{RED}"/></w:pBdr>'
    '<w:jc w:val="center"/></w:pPr>'
    '<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
    'w:eastAsia="方正小标宋简体"/>'
    f'<w:color w:val="{RED}"/><w:sz w:val="36"/></w:rPr>'
    "<w:t>{机关名称}政府信息公开工作年度报告</w:t></w:r></w:p>"
)


def main(target: Path) -> None:
    document = docx.Document(str(BUILTIN))
    for style in document.styles.element.iterchildren(qn("w:style")):
        for fonts in style.iter(qn("w:rFonts")):
            if fonts.get(qn("w:eastAsia")) == "仿宋_GB2312":
                fonts.set(qn("w:eastAsia"), BODY_FONT)
    section = document.sections[0]
    section.different_first_page_header_footer = True  # w:titlePg
    first = section.first_page_header
    first.is_linked_to_previous = False
    for paragraph in list(first._element):
        first._element.remove(paragraph)
    first._element.append(parse_xml(LETTERHEAD))
    # The first page keeps its page number: its footer is the odd pages' one.
    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    for paragraph in list(footer._element):
        footer._element.remove(paragraph)
    for paragraph in section.footer._element:
        footer._element.append(copy.deepcopy(paragraph))
    buffer = BytesIO()
    document.save(buffer)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(buffer.getvalue())
    print(target)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
