"""The pipeline: load → compute → render everything in memory → write atomically.

:func:`check` and :func:`build` are the library's entry points (``reportgen.check``,
``reportgen.build``); the CLI is a thin layer over them. They raise typed errors and never
print or exit.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.errors import InputError
from reportgen.figures import compute, prose
from reportgen.formats.description import FieldSpec, Format
from reportgen.messages import catalogue as messages
from reportgen.messages import findings
from reportgen.messages.findings import Finding
from reportgen.read import source
from reportgen.validate import yearfile as model

if TYPE_CHECKING:
    from reportgen.render import templating

OUTPUTS = ("docx", "html")  # what build() writes unless told otherwise
# Made from the .docx by LibreOffice and pdftoppm (writers/pdf.py), when asked for: each
# needs a program that may not be installed. png writes <report>.pages/1.png, 2.png, …
CONVERTED = ("pdf", "png")
# Written only when asked for: the report body alone, styles inline, for a website's CMS
# (<report>.fragment.html).
OPTIONAL = ("html-fragment",)


SET_PHRASE = 40  # characters: shorter prose repeated from last year is not worth a warning
REPORT_NAME = "{agency}{year}年政府信息公开工作年度报告"


@dataclass
class Checked(findings.Sorted):
    """A year file with its computed figures and everything found wrong with it."""

    year: model.YearFile
    figures: compute.Figures
    findings: list[Finding]
    prose: dict[str, Any]  # the prose fields, with the figures they cite filled in

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))


@dataclass
class Built:
    paths: list[Path]
    findings: list[Finding]


def check(
    path: str | Path,
    previous: str | Path | None = None,
    templates: Iterable[str | Path] = (),
) -> Checked:
    """Validate a year file and compute its figures. With ``previous`` (last year's file), also
    run the year-to-year rules. Raises InputError only when the file cannot be read at all."""
    search = tuple(Path(directory) for directory in templates)
    year = model.load(Path(path), search)
    found = list(year.findings) + _title_lines(year)
    last_year = None
    if previous is not None:
        prior = model.load(Path(previous), search)
        found += _other_report(year, prior) + _repeated_prose(year, prior)
        prior_figures = compute.compute(prior)
        shared = [rule for rule in year.format.rules if compute.comparable(rule, prior_figures)]
        if prior.format.id == year.format.id or any(rule.needs_previous for rule in shared):
            last_year = prior_figures  # across 2019 → 2021 the rules of the shared rows run
        else:
            found.append(
                findings.warning(
                    "previous_format",
                    prior.location("format"),
                    "format",
                    found=prior.format.id,
                    expected=year.format.id,
                )
            )
    figures = compute.compute(year, last_year)
    text, cited = prose.resolve(year, figures)
    return Checked(year, figures, _in_file_order(found + figures.findings + cited), text)


def _title_lines(year: model.YearFile) -> list[Finding]:
    """``title_lines`` only say where the title breaks: joined, they must be the title."""
    values = year.values
    lines = values.get("title_lines")
    if not lines or "agency.name" not in values or "year" not in values:
        return []
    title = REPORT_NAME.format(agency=values["agency.name"], year=values["year"])
    joined = "".join(lines)
    if joined == title:
        return []
    return [
        findings.error(
            "title_lines_differ",
            year.location("title_lines"),
            "title_lines",
            expected=title,
            found=joined,
        )
    ]


def check_text(text: str, path: Path, templates: Iterable[str | Path] = ()) -> Checked:
    """:func:`check` of a year file's text not written anywhere (``path`` names it in
    messages and anchors its relative paths)."""
    search = tuple(Path(directory) for directory in templates)
    year = model.validate(source.parse(text, path), search)
    figures = compute.compute(year)
    resolved, cited = prose.resolve(year, figures)
    found = list(year.findings) + figures.findings + cited
    return Checked(year, figures, _in_file_order(found), resolved)


def _other_report(year: model.YearFile, prior: model.YearFile) -> list[Finding]:
    """Warnings when the previous file is not last year's report of the same agency."""
    found = []
    this, last = year.values.get("year"), prior.values.get("year")
    if isinstance(this, int) and isinstance(last, int) and last != this - 1:
        found.append(
            findings.warning(
                "previous_year", prior.location("year"), "year", found=last, expected=this - 1
            )
        )
    agency, other = year.values.get("agency.name"), prior.values.get("agency.name")
    if agency and other and agency != other:
        found.append(
            findings.warning(
                "previous_agency",
                prior.location("agency.name"),
                "agency.name",
                found=other,
                expected=agency,
            )
        )
    return found


def _repeated_prose(year: model.YearFile, prior: model.YearFile) -> list[Finding]:
    """A warning for each prose field word for word last year's: republished by mistake?"""
    found = []
    for key, spec in year.format.fields.items():
        if spec.table is not None or spec.type not in ("paragraphs", "records"):
            continue
        value = year.values.get(key)
        # A set phrase ("无其他需要报告的事项。") may well stay the same from year to year.
        if value and value == prior.values.get(key) and _length(value) >= SET_PHRASE:
            label = messages.Text(spec.label, spec.label_en or spec.label)
            found.append(findings.warning("prose_repeated", year.location(key), key, label=label))
    return found


def _length(value: object) -> int:
    """Characters of prose: paragraphs, or records of paragraphs."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(map(_length, value.values()))
    if isinstance(value, (list, tuple)):
        return sum(map(_length, value))
    return 0


def _in_file_order(found: list[Finding]) -> list[Finding]:
    """Findings by file and line, so the clerk can work down the file."""

    def position(finding: Finding) -> tuple[str, int]:
        location = finding.location
        return (location.file, location.line or 0) if location else ("", 0)

    return sorted(found, key=position)


def build(
    path: str | Path,
    output_dir: str | Path | None = None,
    to: Iterable[str] = OUTPUTS,
    *,
    strict: bool = False,
    previous: str | Path | None = None,
    templates: Iterable[str | Path] = (),
) -> Built:
    """Check, render every requested output in memory, then write them all atomically.

    Outputs go to ``output_dir`` (default: beside the year file) as
    ``<agency><year>年政府信息公开工作年度报告.<ext>``. On errors (or warnings, if ``strict``)
    raises InputError carrying every finding, and writes nothing.
    """
    templates = tuple(templates)
    checked = check(path, previous, templates)
    if checked.failed(strict):
        raise InputError(checked.findings)
    rendered = render(checked, tuple(to))
    directory = Path(output_dir) if output_dir is not None else Path(path).parent
    from reportgen.writers.output import write_all

    paths = write_all(destinations(directory, report_name(checked), rendered))
    return Built(paths, checked.findings)


def destinations(directory: Path, stem: str, rendered: dict[str, bytes]) -> dict[Path, bytes]:
    """Where each rendered output goes: ``<stem>.<ext>``; ``pages/1.png`` goes to
    ``<stem>.pages/1.png``."""
    return {directory / f"{stem}.{ext}": data for ext, data in rendered.items()}


def report_name(checked: Checked) -> str:
    return file_stem(checked.year.values["agency.name"], checked.year.values["year"])


def file_stem(agency: str, year: object) -> str:
    """The reports' file name without extension, with characters no file system allows replaced."""
    return REPORT_NAME.format(agency=re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", agency), year=year)


def render(
    checked: Checked,
    outputs: tuple[str, ...],
    environments: dict[tuple[Path, ...], Any] | None = None,
) -> dict[str, bytes]:
    """Every output's bytes, from one rendering of the content, with the templates of the
    year file's search path. ``environments`` keeps the Jinja environment of each search path
    from one call to the next (a batch worker's): templates are then loaded and compiled once,
    not once per report. A long-lived caller that must see template files added meanwhile
    (the preview) passes none."""
    from reportgen.render import templating

    search_path = templating.SearchPath(checked.year.search_path)
    env = environments.get(search_path.directories) if environments is not None else None
    if env is None:
        env = templating.environment(search_path)
        if environments is not None:
            environments[search_path.directories] = env
    fmt = checked.year.format
    values = context(checked)
    name = template_name(fmt, search_path)
    content = _writable(checked, templating.render(env, name, values), search_path, name)
    _warn_unprinted(checked, report_values(checked), content)

    # pdf is converted from the docx and png from the pdf: each made once, whatever asks first.
    @functools.cache
    def as_docx() -> bytes:
        from reportgen.writers import docx

        reference = search_path.find(f"{fmt.id}/reference.docx", "base/reference.docx")
        _check_reference(reference)
        properties = docx.Properties(report_title(checked), checked.year.values["agency.name"])
        return docx.render(content, reference, placeholders(checked), properties)

    @functools.cache
    def as_pdf() -> bytes:
        from reportgen.writers import pdf

        return pdf.convert(as_docx())

    result: dict[str, bytes] = {}
    for output in outputs:
        if output == "html":
            from reportgen.writers import html

            result["html"] = html.render(content, report_title(checked), env, search_path)
        elif output == "html-fragment":
            from reportgen.writers import html

            result["fragment.html"] = html.fragment(content, search_path)
        elif output == "docx":
            result["docx"] = as_docx()
        elif output == "pdf":
            result["pdf"] = as_pdf()
        elif output == "png":
            from reportgen.writers import pdf

            # Keys are name suffixes: "pages/1.png" is written as <report>.pages/1.png.
            for number, image in enumerate(pdf.page_images(as_pdf()), start=1):
                result[f"pages/{number}.png"] = image
    return result


def _warn_unprinted(checked: Checked, values: dict[str, Any], content: str) -> None:
    """Add a warning to the report's findings for each field with a value that its content
    does not print (a template that leaves a part out), once however often it is rendered."""
    from reportgen.render import coverage

    known = {(finding.code, finding.key) for finding in checked.findings}
    for finding in coverage.unprinted(checked.year, values, content):
        if (finding.code, finding.key) not in known:
            checked.findings.append(finding)


def template_name(fmt: Any, search_path: Any) -> str:
    """The format's own template, or the generic one that prints the whole report from the
    description, for a format directory holding only a format.toml."""
    from reportgen.errors import TemplateMissing

    if fmt.template:
        return f"{fmt.id}/{fmt.template}"
    try:
        search_path.find(f"{fmt.id}/report.html.j2")
    except TemplateMissing:
        return "base/report.html.j2"
    return f"{fmt.id}/report.html.j2"


def _check_reference(reference: Path) -> None:
    """A reference document of bounded size (python-docx reads it whole), as a template
    error naming it."""
    from reportgen.errors import TemplateError
    from reportgen.read import files

    try:
        files.check_regular(reference, files.REFERENCE_LIMIT)
    except OSError as error:
        reason = files.refusal(error)
        raise TemplateError(reason or str(error.strerror), str(reference)) from None


def _writable(checked: Checked, content: str, search_path: templating.SearchPath, name: str) -> str:
    """The content without the characters no XML can hold (a lone surrogate, a control
    character) that a template made: the year file's are removed when it is read, a
    template's here, each with a warning naming the template."""
    from reportgen.errors import TemplateError
    from reportgen.messages.catalogue import phrase
    from reportgen.read.source import UNWRITABLE, unwritable

    for run in _LONG_RUN.finditer(content):
        if len(unescape(run.group()).encode()) > MAX_PARAGRAPH_BYTES:
            # libxml2, which reads the .docx's XML, stops at text nodes of 10,000,000 bytes.
            reason = phrase("paragraph_too_long", limit=MAX_PARAGRAPH_BYTES)
            raise TemplateError(reason, str(search_path.find(name)))
    removed = UNWRITABLE.findall(content)
    if not removed:
        return content
    where = findings.Location(str(search_path.find(name)))
    checked.findings.append(unwritable(where, (), removed))
    return UNWRITABLE.sub("", content)


MAX_PARAGRAPH_BYTES = 9_000_000
_LONG_RUN = re.compile(f"[^<]{{{MAX_PARAGRAPH_BYTES // 4},}}")  # 4 bytes at most a character


def placeholders(checked: Checked) -> dict[str, str]:
    """What ``{agency}`` and its kin in the reference document's header and footer become."""
    values = checked.year.values
    agency, year, title = values["agency.name"], str(values["year"]), report_title(checked)
    return {
        "agency": agency,
        "机关名称": agency,
        "year": year,
        "年度": year,
        "title": title,
        "标题": title,
    }


def report_title(checked: Checked) -> str:
    values = checked.year.values
    return f"{values['agency.name']}{values['year']}年政府信息公开工作年度报告"


def report_values(checked: Checked) -> dict[str, Any]:
    """Every field that is not a table value, by key, with the figures its prose cites."""
    year = checked.year
    return {
        key: checked.prose.get(key, year.values.get(key, _empty(spec)))
        for key, spec in year.format.fields.items()
        if spec.table is None
    }


def context(checked: Checked) -> dict[str, Any]:
    """What templates see: the year file's values, the computed figures and shares, and the
    format's sections and tables; as plain data only (see plain.py), for templates from
    outside the package run in the sandbox. ``share(part, whole)`` is a function of the
    environment (templating.py), reading ``figures`` from here."""
    from reportgen.figures import numbers
    from reportgen.render.plain import plain

    year = checked.year
    fmt = year.format
    figures = checked.figures
    report = report_values(checked)
    agency = {
        key.removeprefix("agency."): value
        for key, value in report.items()
        if key.startswith("agency.")
    }
    section_fields: dict[str, list[FieldSpec]] = {section: [] for section in fmt.sections}
    for spec in fmt.fields.values():
        if spec.section in section_fields and spec.type == "paragraphs":
            section_fields[spec.section].append(spec)
    shares = {
        key: numbers.percent(figures.share(spec.part, spec.whole), fmt.percent_decimals)
        for key, spec in fmt.shares.items()
    }
    cell_text, footnotes = _cells(checked)
    described = _plain_format(fmt)
    return {
        **plain(
            {
                "report": report,
                "agency": agency,
                "year": year.values["year"],
                "figures": figures.values,
                "cell_text": cell_text,
                "footnotes": footnotes,
                "shares": shares,
                "section_fields": section_fields,
                "problems_layout": year.values.get("problems_layout") or fmt.problems_layout,
            }
        ),
        "sections": described["sections"],
        "tables": described["tables"],
        "format": described,
    }


# The plain form of each format description, made once per process: formats.load keeps each
# Format for the process, and templates cannot change plain data (the sandbox allows no
# method that writes), so every report of a batch can share it.
_PLAIN_FORMATS: dict[int, tuple[Format, dict[str, Any]]] = {}


def _plain_format(fmt: Format) -> dict[str, Any]:
    from reportgen.render.plain import plain

    known = _PLAIN_FORMATS.get(id(fmt))
    if known is None or known[0] is not fmt:
        if len(_PLAIN_FORMATS) >= 16:  # the preview reloads formats at each change
            del _PLAIN_FORMATS[next(iter(_PLAIN_FORMATS))]
        # All of the description but its rules and the description of every table value
        # again (tables has them where they print): these are most of its size.
        described = {
            field.name: getattr(fmt, field.name)
            for field in dataclasses.fields(fmt)
            if field.name not in ("rules", "values", "fields")
        }
        described["fields"] = {key: spec for key, spec in fmt.fields.items() if spec.table is None}
        known = _PLAIN_FORMATS[id(fmt)] = (fmt, plain(described))
    return known[1]


def _cells(checked: Checked) -> tuple[dict[str, str], dict[str, list[str]]]:
    """What each value cell prints (the figure, its unit, its footnote mark: "见注1" where a
    note stands instead of a number) and each table's footnotes, numbered through the report.
    Cells of one table carrying the same note share one footnote (56 cells noting "本年度无此
    项业务" make one 注, referenced by each of them)."""
    from reportgen.figures import numbers

    year = checked.year
    text = {
        key: numbers.number(value) + year.units.get(key, "")
        for key, value in checked.figures.values.items()
    }
    footnotes: dict[str, list[str]] = {}
    count = 0
    for table in year.format.tables.values():
        notes = footnotes.setdefault(table.id, [])
        marks: dict[str, str] = {}
        for row in table.rows:
            for cell in row.cells:
                if cell.key in year.notes:
                    note = year.notes[cell.key]
                    if note not in marks:
                        count += 1
                        marks[note] = f"注{count}"
                        notes.append(f"{marks[note]}：{note}")
                    mark = marks[note]
                    shown = (
                        f"见{mark}" if cell.key in year.unknown else f"{text[cell.key]}（{mark}）"
                    )
                    text[cell.key] = shown
    return text, footnotes


def _empty(spec: FieldSpec) -> Any:
    if spec.type == "paragraphs":
        return ()
    if spec.type == "records":
        return []
    return None
