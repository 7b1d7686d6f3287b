"""Which format a document is in: the share of each format's own labels (headings, table
headers, row labels) that the document prints, the highest winning."""

from __future__ import annotations

from reportgen.formats.description import Format
from reportgen.formats.specs import per_format
from reportgen.importers.document import Document
from reportgen.importers.normalise import bare, bare_text

ENOUGH = 0.5  # below this share of its labels a document is not in the format


@per_format
def labels(fmt: Format) -> frozenset[str]:
    texts = [section.heading for section in fmt.sections.values()]
    for table in fmt.tables.values():
        for row in (*table.header, *table.rows):
            texts += [cell.text for cell in row.cells if cell.text and "unit" not in cell.classes]
    return frozenset(label for label in map(bare, texts) if len(label) >= 2)


def score(fmt: Format, text: str) -> float:
    """The share of the format's labels that ``text`` (a document's, normalised) prints."""
    wanted = labels(fmt)
    return sum(label in text for label in wanted) / len(wanted) if wanted else 0.0


def detect(formats: list[Format], document: Document) -> Format | None:
    # Normalised once, not through the cache labels share: each document's text is different.
    text = bare_text("".join(block.text for block in document.blocks))
    scored = sorted(((score(fmt, text), fmt.id, fmt) for fmt in formats), reverse=True)
    if not scored or scored[0][0] < ENOUGH:
        return None
    return scored[0][2]
