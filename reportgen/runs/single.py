"""One year file checked: loaded, validated, its figures computed and its prose resolved, every
finding collected (:func:`check`, the library's ``reportgen.check``); and the names its
outputs are written under. Rendering is runs/rendering.py's, building runs/building.py's.
:func:`check` raises typed errors and never prints or exits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.figures import compute, prose
from reportgen.messages import catalogue as messages
from reportgen.messages import findings
from reportgen.messages.findings import Finding
from reportgen.read import source
from reportgen.validate import yearfile as model

if TYPE_CHECKING:
    pass

OUTPUTS = ("docx", "html")  # what build() writes unless told otherwise
# Made from the .docx by LibreOffice and pdftoppm (writers/pdf.py), when asked for: each
# needs a program that may not be installed. png writes <report>.pages/1.png, 2.png, …
CONVERTED = ("pdf", "png")
# Written only when asked for: the report body alone, styles inline, for a website's CMS
# (<report>.fragment.html).
OPTIONAL = ("html-fragment",)


SET_PHRASE = 40  # characters: shorter prose repeated from last year is not worth a warning


class Checked(findings.Sorted):
    """A year file with its computed figures and everything found wrong with it. A plain class
    rather than a dataclass, which costs about half a millisecond of start-up."""

    def __init__(
        self,
        year: model.YearFile,
        figures: compute.Figures,
        found: list[Finding],
        prose: dict[str, Any],
    ) -> None:
        self.year = year
        self.figures = figures
        self.findings = found
        self.prose = prose  # the prose fields, with the figures they cite filled in

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))


def check(
    path: str | Path,
    previous: str | Path | None = None,
    templates: Iterable[str | Path] = (),
) -> Checked:
    """Validate a year file and compute its figures. With ``previous`` (last year's file), also
    run the year-to-year rules. Raises InputError only when the file cannot be read at all."""
    search = tuple(Path(directory) for directory in templates)
    year = model.load(Path(path), search)
    messages.use(year.search_path)  # an office's own wording, where its templates give one
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
    title = report_title_of(values["agency.name"], values["year"])
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
    messages.use(year.search_path)
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


def destinations(directory: Path, stem: str, rendered: dict[str, bytes]) -> dict[Path, bytes]:
    """Where each rendered output goes: ``<stem>.<ext>``; ``pages/1.png`` goes to
    ``<stem>.pages/1.png``."""
    return {directory / f"{stem}.{ext}": data for ext, data in rendered.items()}


def report_name(checked: Checked) -> str:
    return file_stem(checked.year.values["agency.name"], checked.year.values["year"])


def file_stem(agency: str, year: object) -> str:
    """The reports' file name without extension, with characters no file system allows replaced."""
    return report_title_of(re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", agency), year)


def report_title_of(agency: str, year: object) -> str:
    """The report's title, which also names its files."""
    # Chinese whatever the language of the messages: the report is (and only that is worded).
    return messages.text("report_title", "zh", {"agency": agency, "year": year})
