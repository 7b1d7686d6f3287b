"""Finding the report's parts: the title (agency, year), the section headings of the format
description, the prose under each, the issue date and the contact details.
"""

from __future__ import annotations

import re
from datetime import date
from difflib import SequenceMatcher

from reportgen.formats.description import FieldSpec, Format
from reportgen.importers.document import Block
from reportgen.importers.normalise import bare, norm, ordinal

_TITLE = re.compile(
    r"^(?:关于)?(?P<agency>[^>:：|/»›]{2,40}?)(?P<year>(?:19|20)\d\d)年度?政府信息公开(?:工作)?年度?报告"
)
_TABLE_TITLE = re.compile(
    r"^(?:附件?[:：]?)?(?P<agency>.{2,40}?)(?P<year>(?:19|20)\d\d)年度?政府信息公开工作情况统计表$"
)
_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})")
_PERIOD = re.compile(r"统计期限(?:为|是)?自?\s*((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日")
_ONLY_DATE = re.compile(r"^\s*(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_PUBLISHED = re.compile(r"(?:发布时间|发布日期|成文日期)\s*[:：]?\s*")
# Site chrome and page furniture that ends the report's text when it follows the last section.
_CHROME = re.compile(
    r"^(?:网站主办|主办单位|承办单位|网站管理|版权所有|网站标识码|网站地图|技术支持|ICP备|"
    r"打印本页|关闭窗口|【打印】|分享到|扫一扫|您访问的链接|相关链接|上一篇|下一篇|附件[:：]?$|附[:：])"
)
_METADATA = re.compile(
    r"^(?:索\s*引\s*号|发布时间|来\s*源|发布机构|内容概述|主题分类|文\s*号|成文日期)"
)
# The line after an introduction saying where to read the report and whom to ask: its details
# are read by contact(), and a build prints it again after the introduction.
_WHERE_AND_WHOM = re.compile(
    r"(?:本报告(?:的)?电子版可在[^。]*查阅。?)?(?:如对本报告有(?:任何)?疑问[^。]*联系[^。]*。?)?"
)
_CONTACT = {
    "agency.address": re.compile(r"(?:联系)?地址\s*[:：]\s*([^,，;；。\s]+)"),
    "agency.postcode": re.compile(r"邮\s*编\s*[:：]?\s*(\d{6})"),
    "agency.phone": re.compile(r"(?:联系)?电话\s*[:：]\s*([0-9][0-9\-－—() （）]{4,}[0-9])"),
    "agency.fax": re.compile(r"传\s*真\s*[:：]\s*([0-9][0-9\-－—()（）]{4,}[0-9])"),
    "agency.email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
}
HEADING_ALIKE = 0.6


def title(blocks: list[Block]) -> tuple[str, int | None, int]:
    """The agency, report year and index of the title block ("", None, -1 when none). Without
    a title, the title of the attached 统计表 names them (its index is then -1)."""
    for index, block in enumerate(blocks[:80]):
        match = _TITLE.match(re.sub(r"\s+", "", block.text))
        if match:
            return match.group("agency"), int(match.group("year")), index
    for index in range(min(len(blocks) - 1, 20)):  # a title set on two lines
        joined = re.sub(r"\s+", "", blocks[index].text + blocks[index + 1].text)
        match = _TITLE.match(joined)
        if match:
            return match.group("agency"), int(match.group("year")), index + 1
    for block in blocks:
        match = _TABLE_TITLE.match(re.sub(r"\s+", "", block.text))
        if match:
            return match.group("agency"), int(match.group("year")), -1
    return "", None, -1


def headings(fmt: Format, blocks: list[Block], start: int) -> dict[str, int]:
    """Section id → index of its heading, looked for in the description's order."""
    found: dict[str, int] = {}
    position = start + 1
    for section in fmt.sections.values():
        index = _find_heading(section.heading, blocks, position, len(blocks))
        if index is not None:
            found[section.id] = index
            position = index + 1
    return found


def _find_heading(heading: str, blocks: list[Block], start: int, end: int) -> int | None:
    wanted, number = bare(heading), ordinal(heading)
    for index in range(start, end):
        text = blocks[index].text
        if len(text) > len(heading) + 24:
            continue
        printed = bare(text)
        if ordinal(text) != number:
            # A heading printed without its ordinal must be the heading itself.
            if not ordinal(text) and printed == wanted:
                return index
            continue
        alike = SequenceMatcher(None, printed, wanted).ratio()
        if printed == wanted or alike >= HEADING_ALIKE or printed.startswith(wanted):
            return index
    return None


def region(found: dict[str, int], section: str, end: int) -> range | None:
    if section not in found:
        return None
    start = found[section]
    later = [index for index in found.values() if index > start]
    return range(start + 1, min(later, default=end))


def report_end(blocks: list[Block], start: int, agency: str) -> int:
    """Where the report's text ends: the signature (agency name, date) or the site chrome."""
    for index in range(start, len(blocks)):
        text = blocks[index].text
        compact = re.sub(r"\s+", "", text)
        if _CHROME.match(compact) or _ONLY_DATE.match(text):
            return index
        paragraph = blocks[index].cells is None or blocks[index].loose
        if agency and compact in (agency, f"{agency}办公室") and paragraph:
            return index
        if agency and compact.startswith(agency) and compact.endswith("领导小组办公室"):
            return index
    return len(blocks)


def prose(blocks: list[Block], lines: range, used: set[int]) -> list[str]:
    return [
        blocks[index].text
        for index in lines
        if index not in used and (blocks[index].cells is None or blocks[index].loose)
    ]


def intro(blocks: list[Block], start: int, end: int) -> list[str]:
    """The paragraphs between the title and the first heading that are not page metadata."""
    paragraphs: list[str] = []
    for block in blocks[start:end]:
        text = block.text
        if block.cells is not None and not block.loose:
            continue
        if _METADATA.match(text) or len(text) < 12 or text in paragraphs:
            continue
        if _WHERE_AND_WHOM.fullmatch(text):
            continue
        paragraphs.append(text)
    return paragraphs


def place_fields(fields: list[FieldSpec], paragraphs: list[str]) -> dict[str, object]:
    """The paragraphs of one section given to its fields: after a field's sub-heading (its
    ``heading``, or its label printed alone) to that field; otherwise all to a lone field, or
    each to the field whose label it shares the most words with (the last field when none)."""
    if not fields or not paragraphs:
        return {}
    if len(fields) == 1 and fields[0].type == "records":
        return {fields[0].key: _records(fields[0], paragraphs)}
    result: dict[str, list[str]] = {}
    current: FieldSpec | None = None
    for paragraph in paragraphs:
        heading = next((spec for spec in fields if _is_heading(paragraph, spec)), None)
        if heading is not None:
            current = heading
            result.setdefault(heading.key, [])
            continue
        if current is None and len(fields) > 1 and not any(spec.heading for spec in fields):
            shared = [_common(paragraph, spec.label) for spec in fields]
            best = max(range(len(fields)), key=lambda i: shared[i])
            target = fields[best] if shared[best] >= 4 else fields[-1]
        else:
            target = current or fields[0]
        result.setdefault(target.key, []).append(paragraph)
    return dict(result)


def _is_heading(paragraph: str, spec: FieldSpec) -> bool:
    if norm(paragraph) == norm(spec.label):
        return True
    if not spec.heading or len(paragraph) > len(spec.heading) + 8:
        return False
    if paragraph.rstrip().endswith(("。", "；", ";")):
        return False  # a sentence, however short, is not a heading
    printed, wanted = bare(paragraph), bare(spec.heading)
    if printed == wanted or SequenceMatcher(None, printed, wanted).ratio() >= 0.75:
        return True
    # Worded otherwise ("（四）平台建设"), but the heading's own ordinal on a short line.
    number = ordinal(spec.heading)
    return number.startswith("(") and ordinal(paragraph) == number


def _common(text: str, label: str) -> int:
    match = SequenceMatcher(None, text, label).find_longest_match(0, len(text), 0, len(label))
    return match.size


def _records(spec: FieldSpec, paragraphs: list[str]) -> list[dict[str, list[str]]]:
    """A list of records (问题 and 改进措施): split at short ordinal-led sub-headings, one run
    per item; N problems over N measures are paired; otherwise one record holds them all."""
    runs: list[list[str]] = []
    for paragraph in paragraphs:
        if ordinal(paragraph) and len(paragraph) <= 16:
            runs.append([])
        elif runs:
            runs[-1].append(paragraph)
        else:
            runs.append([paragraph])
    runs = [run for run in runs if run]
    items = [item.key for item in spec.items]
    if len(runs) != len(items):
        runs = [paragraphs] + [[] for _ in items[1:]]
    if len({len(run) for run in runs}) == 1 and len(runs[0]) > 1:
        return [
            dict(zip(items, [[run[i]] for run in runs], strict=True)) for i in range(len(runs[0]))
        ]
    return [dict(zip(items, runs, strict=True))]


def period_year(blocks: list[Block]) -> int | None:
    """The report year from the statistics period (统计期限自2021年1月1日起至12月31日止)."""
    for block in blocks:
        match = _PERIOD.search(block.text)
        if match:
            return int(match.group(1))
    return None


def signed_by(blocks: list[Block], end: int) -> str:
    """Without a title: the agency signing the report, the short line above its date."""
    for index in range(end, min(end + 4, len(blocks))):
        if _ONLY_DATE.match(blocks[index].text) and index > 0:
            name = re.sub(r"\s+", "", blocks[index - 1].text)
            if 2 <= len(name) <= 30 and not re.search(r"[，。,.:：；;]", name):
                return name
    return ""


def signatory(blocks: list[Block], end: int, agency: str) -> str:
    """The signature line after the text when it is not the agency's bare name (a 领导小组
    办公室), "" otherwise."""
    for block in blocks[end : end + 4]:
        compact = re.sub(r"\s+", "", block.text)
        if agency and compact.startswith(agency) and compact != agency and len(compact) < 40:
            return compact
        if _ONLY_DATE.match(block.text):
            break
    return ""


def issued(blocks: list[Block], start: int) -> date | None:
    """The signature date after the report's text, else the page's 发布时间."""
    for block in blocks[start:]:
        if _ONLY_DATE.match(block.text):
            return _date(block.text)
    for block in blocks:
        published = _PUBLISHED.search(block.text)
        if published:
            found = _date(block.text[published.end() :])
            if found:
                return found
    return None


def _date(text: str) -> date | None:
    match = _DATE.search(text) or _ISO_DATE.match(text.strip())
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def contact(blocks: list[Block]) -> dict[str, str]:
    found: dict[str, str] = {}
    for block in blocks:
        for key, pattern in _CONTACT.items():
            match = pattern.search(block.text) if key not in found else None
            if match:
                found[key] = match.group(match.lastindex or 0).strip()
    return found
