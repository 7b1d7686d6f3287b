"""The government-level report: every department's table values summed into a new year file.

A city's (county's) own report gives the figures of all its departments together. The
departments' year files must be of one format and one year, and free of errors (summing a
wrong number only hides it). Each table value that is not a total is summed cell by cell; the
totals are left for reportgen to compute, and every rule is checked again on the sums. A cell
that a department filled with a note instead of a number (``{ note = "…" }``) has no known
sum: the summed file holds a note saying so, for the office to settle.

The summed file has the layout `reportgen init` writes, the departments listed at its head and
its prose left for the office to write. ``xlsx`` also exports the summed tables and one row per
department, for the submission to the level above.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import InputError
from reportgen.figures.compute import Number
from reportgen.formats import description as formats
from reportgen.formats import skeleton as scaffold
from reportgen.formats.description import Format
from reportgen.messages import findings
from reportgen.messages.catalogue import phrase
from reportgen.messages.findings import Finding, Location
from reportgen.runs import single as pipeline
from reportgen.runs.planning import expand


@dataclass
class Department:
    """What the sum needs of one department's checked file (not the file itself: a city
    sums hundreds)."""

    path: Path
    agency: str
    format: Format
    year: int
    figures: dict[str, Number]
    notes: dict[str, str]  # cells given as a note instead of a number → the note
    unknown: set[str]  # those cells and the totals computed from them
    units: dict[str, str]  # amounts given with a unit → the unit
    locations: dict[str, Location]  # format, year and the noted or united cells → their line

    @classmethod
    def of(cls, checked: pipeline.Checked) -> Department:
        year = checked.year
        keys = ["format", "year", *year.unknown, *year.units]
        return cls(
            year.source.path,
            year.values["agency.name"],
            year.format,
            year.values["year"],
            checked.figures.values,
            {key: year.notes.get(key, "") for key in year.unknown},
            affected(year.format, year.unknown),
            dict(year.units),
            {key: year.location(key) for key in keys},
        )


@dataclass
class Aggregated:
    """The summed year file written (and the workbook, when asked for)."""

    paths: list[Path]
    format: Format
    year: int
    departments: list[Department]
    sums: dict[str, Number]  # every table value summed, totals included; unknown ones left out
    unknown: dict[str, list[Path]]  # table value → the departments that make its sum unknown
    findings: list[Finding] = field(default_factory=list)  # the departments' notes, the check


def aggregate(
    inputs: Iterable[str | Path],
    output: str | Path,
    *,
    agency: str,
    xlsx: str | Path | None = None,
    templates: Iterable[str | Path] = (),
) -> Aggregated:
    """Sum the departments' year files (files, directories, patterns, as for build_many) into
    the year file ``output`` for ``agency``; with ``xlsx``, write the workbook too.

    Raises InputError, writing nothing, when a department's file has errors or when the files
    are not all of one format and one year. Findings of the summed file (its rules checked
    again, its prose still to write) and the cells whose sum is unknown are in the result.
    """
    output = Path(output)
    search = tuple(Path(directory) for directory in templates)
    files, _, missing = expand(inputs)
    # A summed file written earlier into the departments' directory is not a department.
    files = [path for path in files if path.resolve() != output.resolve()]
    problems = [finding for result in missing for finding in result.findings]
    departments = []
    for path in files:
        try:
            checked = pipeline.check(path, templates=search)
        except InputError as error:
            problems.extend(error.findings)
            continue
        problems.extend(checked.errors)
        departments.append(Department.of(checked))
    problems.extend(_mismatches(departments))
    if problems or not departments:
        raise InputError(problems)

    fmt, year = departments[0].format, departments[0].year
    totals = {rule.left[0].key for rule in fmt.rules if rule.kind == "total"}
    sums: dict[str, Number] = {key: 0 for key in fmt.values if key not in totals}
    unknown: dict[str, list[Path]] = {}
    units: dict[str, dict[str, Path]] = {}  # amount → each unit it was given in → a department
    noted: list[Finding] = []
    for department in departments:
        for key in sums:
            if key in department.notes:
                unknown.setdefault(key, []).append(department.path)
                noted.append(_unknown(department, key))
            else:
                sums[key] += department.figures[key]
                if fmt.values[key].type == "amount":
                    unit = department.units.get(key, fmt.values[key].unit)
                    units.setdefault(key, {}).setdefault(unit, department.path)
    for key, given in units.items():
        if len(given) > 1:
            unknown.setdefault(key, []).extend(given.values())
            noted.extend(_unit_mismatch(departments, key, given))

    given = _given(fmt, output, sums, units, unknown)
    text = scaffold.year_file(fmt, agency, year, None, given, _about(departments))
    from reportgen.writers.output import write_all

    paths = write_all({output: text.encode("utf-8")})
    summed = pipeline.check(output, templates=search)
    hidden = affected(fmt, unknown)
    figures = {key: value for key, value in summed.figures.values.items() if key not in hidden}
    if xlsx is not None:
        from reportgen.writers import xlsx as workbook

        data = workbook.workbook(fmt, figures, departments)
        paths += write_all({Path(xlsx): data})
    return Aggregated(paths, fmt, year, departments, figures, unknown, noted + summed.findings)


def affected(fmt: Format, keys: Iterable[str]) -> set[str]:
    """``keys`` and every total computed from any of them, however indirectly."""
    found = set(keys)
    growing = True
    while growing:
        growing = False
        for rule in fmt.rules:
            left = rule.left[0].key
            if rule.kind != "total" or left in found:
                continue
            if any(term.key in found for term in rule.right):
                found.add(left)
                growing = True
    return found


def _mismatches(departments: list[Department]) -> list[Finding]:
    """Files whose format or year differs from most files': each named, with a file that has
    the value they should have."""
    problems: list[Finding] = []
    for key, what in (
        ("format", phrase("what_format")),
        ("year", phrase("what_year")),
    ):
        found = [(one, one.format.id if key == "format" else one.year) for one in departments]
        counts = Counter(value for _, value in found)
        if len(counts) < 2:
            continue
        expected = counts.most_common(1)[0][0]
        example = next(one for one, value in found if value == expected)
        for one, value in found:
            if value != expected:
                problems.append(
                    findings.error(
                        "aggregate_mismatch",
                        one.locations[key],
                        key,
                        what=what,
                        found=value,
                        expected=expected,
                        other=str(example.path),
                    )
                )
    return problems


def _unknown(department: Department, key: str) -> Finding:
    return findings.warning(
        "aggregate_unknown",
        department.locations[key],
        key,
        agency=department.agency,
        note=department.notes[key],
    )


def _unit_mismatch(
    departments: list[Department], key: str, given: dict[str, Path]
) -> list[Finding]:
    """A warning at each amount given in another unit than the first department's."""
    first, example = next(iter(given.items()))
    default = departments[0].format.values[key].unit
    problems = []
    for department in departments:
        unit = department.units.get(key, default)
        if key not in department.notes and unit != first:
            location = department.locations.get(key, department.locations["format"])
            problems.append(
                findings.warning(
                    "aggregate_unit",
                    location,
                    key,
                    found=unit or "—",
                    expected=first or "—",
                    other=str(example),
                )
            )
    return problems


def _given(
    fmt: Format,
    output: Path,
    sums: dict[str, Number],
    units: dict[str, dict[str, Path]],
    unknown: dict[str, list[Path]],
) -> dict[str, object]:
    """The values the summed file writes: the sums (with their unit), a note where the sum is
    unknown, and the templates directory of a format that is not built in."""
    given: dict[str, object] = {}
    for key, value in sums.items():
        if key in unknown:
            names = "、".join(dict.fromkeys(str(path) for path in unknown[key]))
            given[key] = {"note": phrase("aggregate_sum_unknown", names=names).zh}
        elif key in units and next(iter(units[key])) != fmt.values[key].unit:
            given[key] = {"value": value, "unit": next(iter(units[key]))}
        else:
            given[key] = value
    builtin = formats.builtin_templates().resolve()
    if fmt.directory.resolve().parent != builtin:
        directory = os.path.relpath(fmt.directory.parent.resolve(), output.parent.resolve())
        given["templates"] = Path(directory).as_posix()
    return given


def _about(departments: list[Department]) -> list[str]:
    return [
        phrase("aggregate_about", count=len(departments)).zh,
        *(
            phrase("aggregate_department", agency=one.agency, path=one.path).zh
            for one in departments
        ),
        phrase("aggregate_about_sums").zh,
        phrase("aggregate_about_prose").zh,
    ]
