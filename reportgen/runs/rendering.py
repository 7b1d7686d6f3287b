"""A checked report rendered: the content made once from the templates of its search path, and
from it the .html, the HTML fragment and the .docx, in memory. Conversion (PDF, page images)
and writing are runs/building.py's."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.formats.description import FieldSpec, Format
from reportgen.formats.specs import per_format
from reportgen.messages import findings
from reportgen.messages.catalogue import phrase
from reportgen.runs.single import Checked, report_title_of

if TYPE_CHECKING:
    from reportgen.render import templating


def render(
    checked: Checked,
    outputs: tuple[str, ...],
    environments: dict[tuple[Path, ...], Any] | None = None,
) -> dict[str, bytes]:
    """Every output's bytes (html, html-fragment, docx; the converted ones are left to
    runs/building.py), from one rendering of the content, with the templates of the year
    file's search path. ``environments`` keeps the Jinja environment of each search path
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

    result: dict[str, bytes] = {}
    for output in outputs:
        if output == "html":
            from reportgen.writers import html

            result["html"] = html.render(content, report_title(checked), env, search_path)
        elif output == "html-fragment":
            from reportgen.writers import html

            result["fragment.html"] = html.fragment(content, search_path)
        elif output == "docx" and "docx" not in result:
            from reportgen.writers import docx

            reference = search_path.find(f"{fmt.id}/reference.docx", "base/reference.docx")
            _check_reference(reference)
            properties = docx.Properties(report_title(checked), checked.year.values["agency.name"])
            result["docx"] = docx.render(content, reference, placeholders(checked), properties)
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
    return report_title_of(values["agency.name"], values["year"])


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
    shares = {
        key: numbers.percent(figures.share(spec.part, spec.whole), fmt.percent_decimals)
        for key, spec in fmt.shares.items()
    }
    cell_text, footnotes = _cells(checked)
    described, section_fields = _plain_format(fmt)
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
                "problems_layout": year.values.get("problems_layout") or fmt.problems_layout,
            }
        ),
        "sections": described["sections"],
        "tables": described["tables"],
        "section_fields": section_fields,
        "format": described,
    }


@per_format
def _plain_format(fmt: Format) -> tuple[dict[str, Any], dict[str, Any]]:
    """The description as templates see it, and the paragraph fields of each section: made
    once per format, as templates cannot change plain data (the sandbox allows no method that
    writes), so every report of a batch can share it."""
    from reportgen.render import cells
    from reportgen.render.plain import plain

    # All of the description but its rules and the description of every table value again
    # (tables has them where they print): these are most of its size.
    described = {
        name: value
        for name, value in fmt._asdict().items()
        if name not in ("rules", "values", "fields")
    }
    described["fields"] = {key: spec for key, spec in fmt.fields.items() if spec.table is None}
    described = plain(described)
    for table in described["tables"].values():
        cells.add_tags(table)
    section_fields: dict[str, list[FieldSpec]] = {section: [] for section in fmt.sections}
    for spec in fmt.fields.values():
        if spec.section in section_fields and spec.type == "paragraphs":
            section_fields[spec.section].append(spec)
    return described, plain(section_fields)


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
                        marks[note] = phrase("footnote_mark", number=count).zh
                        notes.append(phrase("footnote", mark=marks[note], note=note).zh)
                    mark = marks[note]
                    if cell.key in year.unknown:
                        text[cell.key] = phrase("cell_see_note", mark=mark).zh
                    else:
                        params = {"figure": text[cell.key], "mark": mark}
                        text[cell.key] = phrase("cell_with_note", **params).zh
    return text, footnotes


def _empty(spec: FieldSpec) -> Any:
    if spec.type == "paragraphs":
        return ()
    if spec.type == "records":
        return []
    return None
