"""A year file's half-width punctuation between Chinese characters made full-width, the file
rewritten in place (`reportgen check --fix-punctuation`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.validate import punctuation, yearfile
from reportgen.writers.output import write_all


@dataclass(frozen=True)
class Fixed:
    count: int  # the marks changed
    written: list[Path]  # the file, when any mark changed


def fix_punctuation(path: Path, templates: tuple[Path, ...] = ()) -> Fixed | None:
    """Rewrite the year file with full-width punctuation; None when it is not UTF-8 (it is
    then left as it is). Raises InputError when it cannot be read."""
    year = yearfile.load(path, templates)
    result = punctuation.fixed(year.source, year.format)
    if result is None:
        return None
    data, count = result
    return Fixed(count, write_all({path: data}) if count else [])
