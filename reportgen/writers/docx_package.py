"""The reference document as a package of parts, and a report's .docx zipped from it.

A reference document is read once per process (per path, modification time and size): every
part is kept as bytes, the main document is split around its body, and the header and footer
paragraphs that hold placeholders are located. A report then costs its own ``document.xml``,
its core properties, the filled headers and footers, and one ``zipfile`` pass; no XML is
parsed or re-serialised per report.

The parts are checked with expat when first read (well-formed, no DTD), so a malformed
reference fails as a TemplateError naming it, never as a broken .docx.
"""

from __future__ import annotations

import os
import posixpath
import re
import time
import zipfile
from html import escape, unescape
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING
from xml.parsers import expat

from reportgen.errors import TemplateError
from reportgen.messages.catalogue import Text, phrase

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAIN = f"{_RELATIONSHIPS}/officeDocument"
_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_HEADER_FOOTER = (f"{_RELATIONSHIPS}/header", f"{_RELATIONSHIPS}/footer")
_CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
_CORE_PART = "docProps/core.xml"
_CONTENT_TYPES = "[Content_Types].xml"
# A real reference is tens of kilobytes; this refuses a zip bomb before inflating it.
MAX_UNPACKED = 64 * 1024 * 1024
_TWIPS_PER = {"mm": 1440 / 25.4, "cm": 1440 / 2.54, "in": 1440.0, "pt": 20.0, "pc": 240.0}
_MEASURE = re.compile(r"(-?[0-9]+(?:\.[0-9]+)?)(mm|cm|in|pt|pc|pi)?")
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_CACHE: dict[str, tuple[tuple[int, int], Reference]] = {}  # path → (mtime, size), its parts


# Plain classes rather than dataclasses: a dataclass costs about half a millisecond to create
# at import, which every single build would pay.


class Properties:
    """What docProps/core.xml says of a report: Word's File › Info, and a PDF's metadata."""

    __slots__ = ("author", "title")

    def __init__(self, title: str, author: str) -> None:
        self.title = title
        self.author = author


class _Slot:
    """A header or footer paragraph with ``{...}`` in its text: where its w:t texts are."""

    __slots__ = ("spans", "texts")

    def __init__(self, spans: list[tuple[int, int, int]], texts: list[str]) -> None:
        self.spans = spans  # (start tag's start, text start, text end) of each w:t
        self.texts = texts  # each w:t's text, unescaped

    @property
    def text(self) -> str:
        return "".join(self.texts)


class Reference:
    """A reference document's parts, read once."""

    def __init__(
        self,
        path: Path,
        parts: list[tuple[str, bytes]],
        document: str,
        head: str,
        tail: str,
        text_width: int,
        style_ids: set[tuple[str, str]],
        style_names: dict[tuple[str, str], str],
        slots: dict[str, tuple[str, list[_Slot]]],
        core: str,
        styles: str | None,
        type_height: int,
    ) -> None:
        self.path = path
        self.parts = parts  # every part, in the reference's order
        self.document = document  # the main document part's name
        self.head = head  # document.xml up to the body's content
        self.tail = tail  # document.xml from the body's section properties on
        self.text_width = text_width  # page width less side margins and gutter, in twips
        self.style_ids = style_ids  # (type, style ID)
        self.style_names = style_names  # (type, lower-case name) → style ID
        self.slots = slots  # header or footer part → its XML and its placeholder paragraphs
        self.core = core  # the core properties part's name
        self.styles = styles  # the styles part's name, None without one
        self.type_height = type_height  # page height less top and bottom margins, in twips


def load(path: Path) -> Reference:
    """The reference document at ``path``, read and checked on first use in this process."""
    try:
        stat = path.stat()
    except OSError as error:
        raise _unusable(path, error) from error
    key, version = str(path.absolute()), (stat.st_mtime_ns, stat.st_size)
    cached = _CACHE.get(key)
    if cached is None or cached[0] != version:  # the preview sees an edited reference anew
        cached = _CACHE[key] = (version, _read(path))
    return cached[1]


def write(
    reference: Reference,
    body: str,
    fields: Mapping[str, str],
    properties: Properties | None,
) -> bytes:
    """The .docx: the reference's parts with ``body`` as the document's content, ``{name}``
    placeholders of its headers and footers filled from ``fields``, and core properties."""
    when = build_time()
    date_time = time.gmtime(max(when, 315532800))[:6]  # zip dates start in 1980
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in reference.parts:
            if name == reference.document:
                data = f"{reference.head}{body}{reference.tail}".encode()
            elif name == reference.core:
                data = _core(properties, when).encode()
            elif name in reference.slots and fields:
                data = _filled(*reference.slots[name], fields).encode()
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            # The fastest deflate: a third of the default's time, a report 1 KB larger.
            package.writestr(info, data, compresslevel=1)
    return buffer.getvalue()


def build_time() -> int:
    """Seconds since the epoch: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given.isdigit():
        return int(given)
    return int(time.time())


def _core(properties: Properties | None, when: int) -> str:
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when))
    title, author = (properties.title, properties.author) if properties else ("", "")
    return (
        f"{_DECLARATION}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_text(title)}</dc:title><dc:creator>{_text(author)}</dc:creator>"
        f"<cp:lastModifiedBy>{_text(author)}</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _text(value: str) -> str:
    return escape(re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", value), quote=False)


def _filled(xml: str, slots: list[_Slot], fields: Mapping[str, str]) -> str:
    """Word splits a paragraph's text into runs wherever the typing paused, so a placeholder
    is looked for in the paragraph's whole text; its value goes into the run where it starts,
    and the rest of it is taken out of the runs it spread over. Other text (a page number
    field beside it) stays in its run."""
    pattern = re.compile("|".join(re.escape("{" + name + "}") for name in fields))
    edits: list[tuple[int, int, str]] = []
    for slot in slots:
        matches = list(pattern.finditer(slot.text))
        if not matches:
            continue
        texts = _respread(slot, matches, fields)
        for (tag, _, end), (old, new) in zip(slot.spans, texts, strict=True):
            if new != old:
                edits.append((tag, end, f'<w:t xml:space="preserve">{_text(new)}'))
    pieces, done = [], 0
    for start, end, replacement in edits:
        pieces += [xml[done:start], replacement]
        done = end
    pieces.append(xml[done:])
    return "".join(pieces)


def _respread(
    slot: _Slot, matches: list[re.Match[str]], fields: Mapping[str, str]
) -> list[tuple[str, str]]:
    """Each text run's (old, new) text once the placeholders are filled."""
    owners: list[int] = []  # the run of each character of the paragraph's text
    for index, text in enumerate(slot.texts):
        owners += [index] * len(text)
    new: list[list[str]] = [[] for _ in slot.texts]
    done = 0
    for match in [*matches, None]:
        upto = match.start() if match else len(slot.text)
        for position in range(done, upto):
            new[owners[position]].append(slot.text[position])
        if match:
            new[owners[match.start()]].append(fields[match.group(0)[1:-1]])
            done = match.end()
    return [(old, "".join(pieces)) for old, pieces in zip(slot.texts, new, strict=True)]


def _unusable(path: Path, error: object) -> TemplateError:
    reason = error if isinstance(error, Text) else str(error)
    return TemplateError(phrase("reference_unusable", reason=reason), str(path))


def _read(path: Path) -> Reference:
    try:
        with zipfile.ZipFile(path) as package:
            infos = [info for info in package.infolist() if not info.is_dir()]
            if sum(info.file_size for info in infos) > MAX_UNPACKED:
                raise _unusable(path, phrase("reference_too_big", limit=MAX_UNPACKED))
            parts = {info.filename: package.read(info) for info in infos}
        return _reference(path, parts)
    except TemplateError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, RuntimeError) as error:
        raise _unusable(path, error) from error


def _reference(path: Path, parts: dict[str, bytes]) -> Reference:
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            _check(path, name, data)
    if _CONTENT_TYPES not in parts:
        raise _unusable(path, phrase("reference_no_part", part=_CONTENT_TYPES))
    package_rels = _relationships(parts, "_rels/.rels", "")
    document = main_document(package_rels)
    if document is None or document not in parts:
        raise _unusable(path, phrase("reference_no_main_part"))
    folder, base = posixpath.split(document)
    document_rels = _relationships(parts, posixpath.join(folder, "_rels", f"{base}.rels"), folder)
    xml = parts[document].decode("utf-8")
    head, tail, sect = _split(path, xml)
    styles = next(
        (target for kind, target in document_rels if kind == f"{_RELATIONSHIPS}/styles"), None
    )
    ids, names = _styles(parts, styles)
    slots = {}
    for kind, target in document_rels:
        if kind in _HEADER_FOOTER and target in parts:
            text = parts[target].decode("utf-8")
            found = _slots(text)
            if found:
                slots[target] = (text, found)
    core = next((target for kind, target in package_rels if kind == _CORE), None)
    if core is None or core not in parts:
        core = core or _CORE_PART
        _add_core(parts, core, related=core in dict(package_rels).values())
    return Reference(
        path, list(parts.items()), document, head, tail, _text_width(path, sect), ids, names,
        slots, core, styles if styles in parts else None, _type_height(path, sect),
    )  # fmt: skip


def _check(path: Path, name: str, data: bytes) -> None:
    """Well-formed XML without a DTD: Word never writes one, and entities are a bomb's fuse."""

    def refuse(*_: object) -> None:
        raise TemplateError(phrase("reference_dtd", part=name), str(path))

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        reason = f"{name}: {error}"
        raise TemplateError(phrase("reference_unusable", reason=reason), str(path)) from error


def _parse(data: bytes, start: Callable[[str, dict[str, str]], None]) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.Parse(data, True)


def main_document(package_relationships: list[tuple[str, str]]) -> str | None:
    """The main document's part name among a package's relationships (``_rels/.rels``)."""
    return next((target for kind, target in package_relationships if kind == _MAIN), None)


def relationships(package: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(type, part name) of each internal relationship of a package's ``_rels/.rels``, read
    from the archive alone; ExpatError if it is not XML."""
    return _relationships({"_rels/.rels": package.read("_rels/.rels")}, "_rels/.rels", "")


def _relationships(parts: dict[str, bytes], name: str, folder: str) -> list[tuple[str, str]]:
    """(type, part name) of each internal relationship in the .rels part ``name``."""
    if name not in parts:
        return []
    found: list[tuple[str, str]] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag == f"{_PACKAGE_RELATIONSHIPS} Relationship" and (
            attributes.get("TargetMode") != "External"
        ):
            target = attributes.get("Target", "")
            joined = posixpath.normpath(posixpath.join("/", folder, target))
            found.append((attributes.get("Type", ""), joined.lstrip("/")))

    _parse(parts[name], start)
    return found


_BODY = re.compile(r"<(?:([A-Za-z_][\w.-]*):)?body(?:\s[^>]*)?>")


def _split(path: Path, xml: str) -> tuple[str, str, dict[str, dict[str, str]]]:
    """document.xml before the body's content and from its section properties on, and those
    section properties' attributes by element. The body's own w:sectPr is its last child, so
    the last one in the text is it (a paragraph's section break comes before)."""
    prefix = _prefix(xml)
    body = re.compile(rf"<{prefix}:body(?:\s[^>]*)?>").search(xml) if prefix else None
    end = xml.rfind(f"</{prefix}:body>")
    sect = xml.rfind(f"<{prefix}:sectPr", 0, end) if body else -1
    if body is None or sect < body.end() or end < 0:
        raise TemplateError(phrase("reference_no_section"), str(path))
    head = xml[: body.end()]
    if prefix != "w":
        # The body is written with the w prefix: declare it on the root element.
        root = re.compile(r"<(?!\?)(?!!)[^>]*?(/?)>").search(xml)
        assert root is not None
        head = f'{xml[: root.end() - 1]} xmlns:w="{W_NS}">{xml[root.end() : body.end()]}'
        if re.search(r'xmlns:w="(?!' + re.escape(W_NS) + ")", head):
            raise TemplateError(phrase("reference_prefix"), str(path))
    properties: dict[str, dict[str, str]] = {}

    def start(tag: str, attributes: dict[str, str]) -> None:
        namespace, _, local = tag.rpartition(" ")
        if namespace == W_NS:
            properties[local] = {k.rpartition(" ")[2]: v for k, v in attributes.items()}

    closing = xml.find(f"</{prefix}:sectPr>", sect)
    fragment = xml[sect : closing + len(prefix) + 10] if closing > 0 else ""
    declarations = " ".join(
        f'xmlns:{name}="{uri}"' for name, uri in re.findall(r'xmlns:([\w.-]+)="([^"]*)"', head)
    )
    try:
        _parse(f"<x {declarations}>{fragment}</x>".encode(), start)
    except expat.ExpatError as error:
        reason = str(error)
        raise TemplateError(
            phrase("reference_section_unreadable", reason=reason), str(path)
        ) from error
    return head, xml[sect:], properties


def _prefix(xml: str) -> str | None:
    """The prefix the document gives the WordprocessingML namespace."""
    match = re.search(r'xmlns:([\w.-]+)="' + re.escape(W_NS) + '"', xml)
    return match.group(1) if match else None


def _text_width(path: Path, sect: dict[str, dict[str, str]]) -> int:
    page, margins = sect.get("pgSz", {}), sect.get("pgMar", {})
    try:
        width, left, right = (_twips(d[k]) for d, k in ((page, "w"), (margins, "left"),
                                                         (margins, "right")))  # fmt: skip
        gutter = _twips(margins["gutter"]) if "gutter" in margins else 0
    except (KeyError, ValueError):
        raise TemplateError(phrase("reference_no_width"), str(path)) from None
    return width - left - right - gutter


def _type_height(path: Path, sect: dict[str, dict[str, str]]) -> int:
    page, margins = sect.get("pgSz", {}), sect.get("pgMar", {})
    try:
        height, top, bottom = (_twips(d[k]) for d, k in ((page, "h"), (margins, "top"),
                                                           (margins, "bottom")))  # fmt: skip
    except (KeyError, ValueError):
        raise TemplateError(phrase("reference_no_height"), str(path)) from None
    # A negative margin lets the text run over the header or footer: the text still stops there.
    return height - abs(top) - abs(bottom)


def _twips(value: str) -> int:
    """An ST_TwipsMeasure: twips, or a number with a unit (``210mm``)."""
    match = _MEASURE.fullmatch(value.strip())
    if match is None:
        raise ValueError(value)
    number, unit = float(match.group(1)), match.group(2)
    return round(number * _TWIPS_PER["pc" if unit == "pi" else unit] if unit else number)


def _styles(
    parts: dict[str, bytes], name: str | None
) -> tuple[set[tuple[str, str]], dict[tuple[str, str], str]]:
    ids: set[tuple[str, str]] = set()
    names: dict[tuple[str, str], str] = {}
    if name is None or name not in parts:
        return ids, names
    current: list[tuple[str, str]] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag == f"{W_NS} style":
            kind = attributes.get(f"{W_NS} type", "paragraph")
            style_id = attributes.get(f"{W_NS} styleId", "")
            ids.add((kind, style_id))
            current[:] = [(kind, style_id)]
        elif tag == f"{W_NS} name" and current:
            (kind, style_id) = current.pop()
            names.setdefault((kind, attributes.get(f"{W_NS} val", "").lower()), style_id)

    _parse(parts[name], start)
    return ids, names


_TOKEN = "<(/?){prefix}:(p|t)(?=[\\s/>])[^>]*?(/?)>"


def _slots(xml: str) -> list[_Slot]:
    """The paragraphs of a header or footer whose text has ``{``: where their texts are."""
    prefix = _prefix(xml)
    if prefix is None or "{" not in xml:
        return []
    found: list[_Slot] = []
    stack: list[list[tuple[int, int, int]]] = []
    token = re.compile(_TOKEN.format(prefix=re.escape(prefix)))
    for match in token.finditer(xml):
        closing, tag, empty = match.groups()
        if tag == "p" and not empty:
            if not closing:
                stack.append([])
            elif stack:
                spans = stack.pop()
                texts = [unescape(xml[start:end]) for _, start, end in spans]
                if any("{" in text for text in texts):
                    found.append(_Slot(spans, texts))
        elif tag == "t" and not closing and not empty and stack:
            end = xml.find(f"</{prefix}:t>", match.end())
            if end > 0:
                stack[-1].append((match.start(), match.end(), end))
    return sorted(found, key=lambda slot: slot.spans[0][0])


def _add_core(parts: dict[str, bytes], name: str, related: bool) -> None:
    """A core properties part for a reference that has none: declared and related."""
    types = parts[_CONTENT_TYPES].decode("utf-8")
    if f'PartName="/{name}"' not in types:
        override = f'<Override PartName="/{name}" ContentType="{_CORE_TYPE}"/>'
        parts[_CONTENT_TYPES] = types.replace("</Types>", f"{override}</Types>").encode()
    if not related:
        relationship = f'<Relationship Id="rIdCore" Type="{_CORE}" Target="{name}"/>'
        rels = parts["_rels/.rels"].decode("utf-8")
        rels = rels.replace("</Relationships>", f"{relationship}</Relationships>")
        parts["_rels/.rels"] = rels.encode()
    parts[name] = b""
