"""`reportgen init --from LAST.toml`: next year's year file, started from last year's.

The agency's details are copied; every value that next year's format ties to last year's by a
``previous:`` rule (二、上年结转 = last year's 四、结转下年度继续办理; 上一年项目数量) is set
from last year's figures, with a note beside its key when it also needs this year's figures
(现行有效件数 = last year's + 制发 − 废止, which start at 0); the other counts start at 0;
last year's prose is kept only as comments beside empty fields, so nothing is published again
by accident. A 2019-format file rolls into the 2021 format: a key both formats have means
the same in both (the rows they share), and only those are carried.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from reportgen.errors import InputError
from reportgen.figures import compute
from reportgen.formats import description as formats
from reportgen.formats.description import Format
from reportgen.importers import yearfile
from reportgen.messages.catalogue import phrase
from reportgen.messages.findings import Location, error
from reportgen.validate import yearfile as model

# A format replaced by a newer one: a file in the old one rolls into the new one.
SUCCESSOR = {"2019": "2021"}
ABOUT_ROLLED = (phrase("rolled_about").zh, phrase("rolled_about_rest").zh)


def roll_forward(
    last: str | Path,
    year: int | None = None,
    format_id: str | None = None,
    templates: Iterable[str | Path] = (),
) -> str:
    """Next year's year file text. Raises InputError when last year's file cannot be read;
    its errors do not stop it (a published report's own slips are no reason to retype)."""
    search = tuple(Path(directory) for directory in templates)
    prior = model.load(Path(last), search)
    figures = compute.compute(prior)
    wanted = format_id or SUCCESSOR.get(prior.format.id, prior.format.id)
    fmt = formats.find(wanted, prior.search_path)
    if fmt is None:
        choices = ", ".join(formats.available(prior.search_path))
        found = error("unknown_format", Location(str(last)), found=wanted, choices=choices)
        raise InputError([found])
    new_year = year if year is not None else int(prior.values.get("year", 0)) + 1
    values: dict[str, object] = {"format": fmt.id, "year": new_year}
    for key, value in prior.values.items():
        if key.startswith("agency.") and key in fmt.fields:
            values[key] = value
    values["agency.issued"] = date(new_year + 1, 1, 20)
    if "templates" in prior.values and "templates" in fmt.fields:
        values["templates"] = prior.values["templates"]
    carried, noted = _carried(fmt, figures.values)
    values.update(carried)
    remarks: dict[str, list[str]] = {key: [text] for key, text in noted.items()}
    for key, spec in prior.format.fields.items():
        if spec.table is not None or spec.type not in ("paragraphs", "records"):
            continue
        if key not in prior.values:
            continue
        # The same key, else the first field of the same section in the new format.
        target = key if key in fmt.fields else _same_section(fmt, spec.section)
        if target is not None:
            lines = remarks.setdefault(target, [phrase("rolled_last_text").zh])
            lines += _prose(prior.values[key])
    about = ABOUT_ROLLED if fmt.id == prior.format.id else (*ABOUT_ROLLED, *_crossed(prior))
    return yearfile.text(fmt, values, about, {}, {}, remarks, zeros=True)


def _carried(fmt: Format, last: dict[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    """Values set from last year's figures, and notes for those that also need this year's."""
    carried: dict[str, object] = {}
    noted: dict[str, str] = {}
    for rule in fmt.rules:
        if not rule.needs_previous or len(rule.left) != 1 or rule.left[0].previous:
            continue
        key = rule.left[0].key
        previous = [term for term in rule.right if term.previous]
        if any(term.key not in last for term in previous):
            continue
        base = sum(term.sign * last[term.key] for term in previous)  # type: ignore[misc]
        # This year's terms start at 0, so last year's figure is also this year's until they
        # are filled in; the note says what to add.
        carried[key] = base
        if len(previous) != len(rule.right):
            noted[key] = phrase("rolled_base", base=base, rule=rule.description).zh
    return carried, noted


def _same_section(fmt: Format, section: str | None) -> str | None:
    if section is None:
        return None
    return next((key for key, spec in fmt.fields.items() if spec.section == section), None)


def _prose(value: object) -> list[str]:
    if isinstance(value, (list, tuple)):
        lines: list[str] = []
        for item in value:
            lines += _prose(list(item.values())) if isinstance(item, dict) else _prose(item)
        return lines
    return [str(value)]


def _crossed(prior: model.YearFile) -> tuple[str, ...]:
    return (phrase("rolled_crossed", format=prior.format.name).zh,)
