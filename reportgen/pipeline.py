"""The pipeline: load → compute → render everything in memory → write atomically.

:func:`check` and :func:`build` are the library's entry points (``reportgen.check``,
``reportgen.build``); the CLI is a thin layer over them. They raise typed errors and never
print or exit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen import compute, findings, model, prose
from reportgen.errors import InputError
from reportgen.findings import Finding
from reportgen.formats import FieldSpec

OUTPUTS = ("docx", "html")  # what build() writes unless told otherwise
# Made from the .docx by LibreOffice and pdftoppm (writers/pdf.py), when asked for: each
# needs a program that may not be installed. png writes <report>.pages/1.png, 2.png, …
CONVERTED = ("pdf", "png")
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
    found = list(year.findings)
    last_year = None
    if previous is not None:
        prior = model.load(Path(previous), search)
        if prior.format.id == year.format.id:
            last_year = compute.compute(prior)
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
    from reportgen.output import write_all

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
    from reportgen import templating

    search_path = templating.SearchPath(checked.year.search_path)
    env = environments.get(search_path.directories) if environments is not None else None
    if env is None:
        env = templating.environment(search_path)
        if environments is not None:
            environments[search_path.directories] = env
    fmt = checked.year.format
    content = templating.render(env, f"{fmt.id}/{fmt.template}", context(checked))

    # pdf is converted from the docx and png from the pdf: each made once, whatever asks first.
    @functools.cache
    def as_docx() -> bytes:
        from reportgen.writers import docx

        reference = search_path.find(f"{fmt.id}/reference.docx", "base/reference.docx")
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


def context(checked: Checked) -> dict[str, Any]:
    """What templates see: the year file's values, the computed figures and shares, and the
    format's sections and tables."""
    from reportgen import numbers

    year = checked.year
    fmt = year.format
    figures = checked.figures
    report = {
        key: checked.prose.get(key, year.values.get(key, _empty(spec)))
        for key, spec in fmt.fields.items()
        if spec.table is None
    }
    agency = {
        key.removeprefix("agency."): value
        for key, value in report.items()
        if key.startswith("agency.")
    }
    section_fields: dict[str, list[FieldSpec]] = {section: [] for section in fmt.sections}
    for spec in fmt.fields.values():
        if spec.section in section_fields and spec.type == "paragraphs":
            section_fields[spec.section].append(spec)

    def share(
        part: Iterable[str], whole: Iterable[str], decimals: int = fmt.percent_decimals
    ) -> str:
        return numbers.percent(figures.share(tuple(part), tuple(whole)), decimals)

    shares = _Lazy({key: (spec.part, spec.whole) for key, spec in fmt.shares.items()}, share)
    cell_text, footnotes = _cells(checked)
    return {
        "report": report,
        "agency": agency,
        "year": year.values["year"],
        "figures": figures.values,
        "cell_text": cell_text,
        "footnotes": footnotes,
        "shares": shares,
        "share": share,
        "sections": fmt.sections,
        "section_fields": section_fields,
        "tables": fmt.tables,
        "format": fmt,
    }


def _cells(checked: Checked) -> tuple[dict[str, str], dict[str, list[str]]]:
    """What each value cell prints (the figure, its unit, its footnote mark: "见注1" where a
    note stands instead of a number) and each table's footnotes, numbered through the report."""
    from reportgen import numbers

    year = checked.year
    text = {
        key: numbers.number(value) + year.units.get(key, "")
        for key, value in checked.figures.values.items()
    }
    footnotes: dict[str, list[str]] = {}
    for table in year.format.tables.values():
        notes = footnotes.setdefault(table.id, [])
        for row in table.rows:
            for cell in row.cells:
                if cell.key in year.notes:
                    mark = f"注{sum(map(len, footnotes.values())) + 1}"
                    notes.append(f"{mark}：{year.notes[cell.key]}")
                    shown = (
                        f"见{mark}" if cell.key in year.unknown else f"{text[cell.key]}（{mark}）"
                    )
                    text[cell.key] = shown
    return text, footnotes


class _Lazy(Mapping[str, str]):
    """The format's shares, each formatted when a template first reads it (formatting loads
    babel's locale data, which a report citing no percentage need not pay for)."""

    def __init__(self, specs: dict[str, tuple[tuple[str, ...], tuple[str, ...]]], share: Any):
        self._specs = specs
        self._share = share
        self._done: dict[str, str] = {}

    def __getitem__(self, key: str) -> str:
        if key not in self._done:
            self._done[key] = self._share(*self._specs[key])
        return self._done[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)


def _empty(spec: FieldSpec) -> Any:
    if spec.type == "paragraphs":
        return ()
    if spec.type == "records":
        return []
    return None
