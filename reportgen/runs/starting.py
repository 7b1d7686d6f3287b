"""A year file started: the skeleton to fill in with its JSON Schema beside it, or last year's
file rolled forward; what `reportgen init` and `reportgen schema` write."""

from __future__ import annotations

import json
from pathlib import Path

from reportgen.formats import skeleton
from reportgen.formats.description import Format
from reportgen.formats.year_schema import schema
from reportgen.runs.rollforward import roll_forward
from reportgen.writers.output import write_all


def schema_text(fmt: Format) -> str:
    """The JSON Schema of the format's year file, as written."""
    return json.dumps(schema(fmt), ensure_ascii=False, indent=2) + "\n"


def write_skeleton(fmt: Format, agency: str, year: int, output: Path) -> list[Path]:
    """Write the year file to fill in, every key commented, and its JSON Schema beside it
    (which the year file names, for editors); the paths written."""
    schema_path = output.parent / skeleton.SCHEMA_NAME.format(id=fmt.id)
    text = skeleton.year_file(fmt, agency, year, schema_path.name)
    return write_all({output: text.encode("utf-8"), schema_path: schema_text(fmt).encode()})


def write_rolled_forward(
    last: Path, year: int | None, format_id: str | None, search: tuple[Path, ...], output: Path
) -> list[Path]:
    """Write this year's file from last year's (see rollforward); the paths written."""
    text = roll_forward(last, year, format_id, search)
    return write_all({output: text.encode("utf-8")})
