"""Which format a document is in: the share of each format's own labels (headings, table
headers, row labels) that the document prints, the highest winning."""

from __future__ import annotations

from reportgen.formats.description import Format
from reportgen.importers.document import Document
from reportgen.importers.normalise import bare

ENOUGH = 0.5  # below this share of its labels a document is not in the format


def labels(fmt: Format) -> set[str]:
    texts = [section.heading for section in fmt.sections.values()]
    for table in fmt.tables.values():
        for row in (*table.header, *table.rows):
            texts += [cell.text for cell in row.cells if cell.text and "unit" not in cell.classes]
    return {label for label in map(bare, texts) if len(label) >= 2}


def score(fmt: Format, document: Document) -> float:
    text = bare("".join(block.text for block in document.blocks))
    wanted = labels(fmt)
    return sum(label in text for label in wanted) / len(wanted) if wanted else 0.0


def detect(formats: list[Format], document: Document) -> Format | None:
    scored = sorted(((score(fmt, document), fmt.id, fmt) for fmt in formats), reverse=True)
    if not scored or scored[0][0] < ENOUGH:
        return None
    return scored[0][2]
