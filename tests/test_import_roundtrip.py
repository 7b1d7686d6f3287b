"""Round trip: every sample built by reportgen to .html and .docx, imported, and built again
gives the same tables, cell for cell, and the same prose."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

import reportgen
from reportgen.runs import single as pipeline
from reportgen.runs.importing import import_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.toml")) + sorted(
    (ROOT / "samples" / "province-example").glob("*.toml")
)


def table_rows(html: Path) -> list[tuple[str, ...]]:
    root = lxml.html.parse(str(html)).getroot()
    return [
        tuple(" ".join(cell.text_content().split()) for cell in row if cell.tag in ("td", "th"))
        for row in root.iter("tr")
    ]


def templates_of(sample: Path) -> list[Path]:
    own = sample.parent / "templates"
    return [own] if own.is_dir() else []


@pytest.mark.parametrize("kind", ["html", "docx"])
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_round_trip(tmp_path: Path, sample: Path, kind: str):
    templates = templates_of(sample)
    built = reportgen.build(sample, tmp_path / "built", to=["html", "docx"], templates=templates)
    original_html = next(path for path in built.paths if path.suffix == ".html")
    source = next(path for path in built.paths if path.suffix == f".{kind}")
    target = tmp_path / "imported.toml"

    imported = import_report(source, templates=templates, target=target)
    assert imported.left_out == []
    assert imported.missing_rows == []
    target.write_text(imported.text, encoding="utf-8")

    original = pipeline.check(sample, templates=templates)
    again = pipeline.check(target, templates=templates)
    assert again.errors == []
    assert again.figures.values == original.figures.values
    assert again.year.notes == original.year.notes
    for key, spec in original.year.format.fields.items():
        prose = spec.table is None and spec.type in ("paragraphs", "records")
        if prose and key in original.year.values:
            assert again.prose.get(key) == original.prose.get(key), key
    for key in ("agency.name", "agency.issued", "year", "format"):
        assert again.year.values[key] == original.year.values[key]

    rebuilt = reportgen.build(target, tmp_path / "rebuilt", to=["html"], templates=templates)
    assert table_rows(rebuilt.paths[0]) == table_rows(original_html)
