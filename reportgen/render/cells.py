"""Each table cell's opening tag, and each data row's static markup, made once per format
description rather than once per report.

A cell's tag (``<td class="num" data-key="…">``, ``<th class="note" rowspan="3" colspan="3">``)
depends only on the format: its row's role, its classes, its spans and its key. The base
``table`` macro prints it as ``cell.tag`` instead of building it from ``header_cell`` and
``spans`` calls (hundreds of sandboxed macro calls a report, most of the rendering time).
Those macros stay for templates that call them, and make the same tags.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape


def add_tags(table: dict[str, Any]) -> None:
    """Give every cell of a plain table description (header rows and body rows) its ``tag``."""
    for row in table["header"]:
        for cell in row["cells"]:
            cell["tag"] = _header_tag(cell, "header")
    for row in table["rows"]:
        data = row["role"] == "data"
        for cell in row["cells"]:
            cell["tag"] = _body_tag(cell) if data else _header_tag(cell, row["role"])
        if data:
            row["parts"] = _parts(row["cells"])


def _parts(cells: list[dict[str, Any]]) -> tuple[tuple[Markup, str | None], ...]:
    """A data row as the base table prints it: pairs of the row's markup up to a value cell's
    text and that cell's key, then the rest of the row with no key. The label cells are
    static, so a row is one loop step per figure rather than one per cell."""
    parts: list[tuple[Markup, str | None]] = []
    before = Markup("")
    for cell in cells:
        if cell["key"]:
            parts.append((before + cell["tag"], cell["key"]))
            before = Markup("</td>")
        else:
            before += cell["tag"] + escape(cell["text"]) + Markup("</td>")
    parts.append((before, None))
    return tuple(parts)


def _spans(cell: dict[str, Any]) -> str:
    spans = f' rowspan="{escape(cell["rowspan"])}"' if cell["rowspan"] > 1 else ""
    return spans + (f' colspan="{escape(cell["colspan"])}"' if cell["colspan"] > 1 else "")


def _header_tag(cell: dict[str, Any], role: str) -> Markup:
    """What the ``header_cell`` macro opens."""
    classes = (["caption"] if role == "caption" else []) + list(cell["classes"])
    attribute = f' class="{escape(" ".join(classes))}"' if classes else ""
    return Markup(f"<th{attribute}{_spans(cell)}>")


def _body_tag(cell: dict[str, Any]) -> Markup:
    """A value cell (the figure of its key) or a label cell of a data row."""
    if cell["key"]:
        return Markup(f'<td class="num"{_spans(cell)} data-key="{escape(cell["key"])}">')
    classes = (["label"] if "unit" not in cell["classes"] else []) + list(cell["classes"])
    return Markup(f'<td class="{escape(" ".join(classes))}"{_spans(cell)}>')
